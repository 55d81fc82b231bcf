#include "center/taxii/taxii_http.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

namespace rampart::center::taxii {

namespace {

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return out;
}

// One media range "type/subtype; p=v; ...": does it admit TAXII 2.1 JSON?
bool admits_taxii(std::string_view range, bool allow_wildcards) {
  size_t semicolon = range.find(';');
  std::string type = lower_trimmed(range.substr(0, semicolon));
  if (allow_wildcards && (type == "*/*" || type == "application/*")) return true;
  if (type != "application/taxii+json") return false;
  while (semicolon != std::string_view::npos) {
    range.remove_prefix(semicolon + 1);
    semicolon = range.find(';');
    std::string parameter = lower_trimmed(range.substr(0, semicolon));
    parameter.erase(std::remove(parameter.begin(), parameter.end(), ' '), parameter.end());
    if (parameter.starts_with("version=") && parameter != "version=2.1") return false;
  }
  return true;
}

}  // namespace

bool accepts_taxii(std::string_view accept) {
  if (lower_trimmed(accept).empty()) return true;
  while (true) {
    size_t comma = accept.find(',');
    if (admits_taxii(accept.substr(0, comma), true)) return true;
    if (comma == std::string_view::npos) return false;
    accept.remove_prefix(comma + 1);
  }
}

bool is_taxii_content(std::string_view content_type) { return admits_taxii(content_type, false); }

HttpResponse taxii_response(unsigned status, const nlohmann::ordered_json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = std::string(kTaxiiMediaType);
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

HttpResponse taxii_error(unsigned status, std::string_view title, std::string_view description) {
  auto response = taxii_response(
      status, nlohmann::ordered_json{{"title", title}, {"description", description}, {"http_status", std::to_string(status)}});
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"rampart\", Bearer");
  return response;
}

std::optional<BasicCredentials> basic_credentials(std::string_view authorization) {
  constexpr std::string_view kScheme = "basic ";
  if (authorization.size() <= kScheme.size() || lower_trimmed(authorization.substr(0, kScheme.size() - 1)) != "basic" ||
      authorization[kScheme.size() - 1] != ' ')
    return std::nullopt;
  std::string_view encoded = authorization.substr(kScheme.size());
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  if (encoded.empty() || encoded.size() % 4 != 0 || encoded.size() > 4096) return std::nullopt;
  std::string decoded(encoded.size() / 4 * 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                               reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (length < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the '=' padding stands for; they are not data.
  size_t padding = static_cast<size_t>(std::count(encoded.end() - 2, encoded.end(), '='));
  decoded.resize(static_cast<size_t>(length) - padding);
  size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

std::optional<std::string> random_uuid() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return std::nullopt;
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  std::string hex;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", bytes[i]);
  }
  return hex;
}

}  // namespace rampart::center::taxii
