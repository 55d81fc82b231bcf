#include "proto/tls/tls_fingerprint.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include "proto/tls/digest.hpp"

namespace rampart::proto::tls {

namespace {

constexpr uint16_t kServerName = 0, kAlpn = 16;
constexpr size_t kJa4HashChars = 12;
constexpr size_t kJa4MaxCount = 99;

template <typename T>
void append_decimal_list(std::string& out, const std::vector<T>& values) {
  bool first = true;
  for (T v : values) {
    if (is_grease(v)) continue;
    if (!first) out += '-';
    first = false;
    out += fmt::format("{}", v);
  }
}

std::vector<uint16_t> without_grease(const std::vector<uint16_t>& values) {
  std::vector<uint16_t> out;
  for (uint16_t v : values)
    if (!is_grease(v)) out.push_back(v);
  return out;
}

std::string hex4_list(const std::vector<uint16_t>& values) {
  std::string out;
  for (uint16_t v : values) {
    if (!out.empty()) out += ',';
    out += fmt::format("{:04x}", v);
  }
  return out;
}

std::string truncated_sha256(const std::string& text) { return sha256_hex(text).substr(0, kJa4HashChars); }

std::string_view ja4_version(const ClientHello& hello) {
  uint16_t version = hello.legacy_version;
  auto offered = without_grease(hello.supported_versions);
  if (!offered.empty()) version = *std::max_element(offered.begin(), offered.end());
  switch (version) {
    case 0x0304: return "13";
    case 0x0303: return "12";
    case 0x0302: return "11";
    case 0x0301: return "10";
    case 0x0300: return "s3";
    case 0x0002: return "s2";
    default: return "00";
  }
}

// The first and last characters of the first ALPN value, or of its hex form
// when either end is not alphanumeric; "00" without ALPN.
std::string ja4_alpn(const ClientHello& hello) {
  if (hello.alpns.empty() || hello.alpns.front().empty()) return "00";
  const std::string& alpn = hello.alpns.front();
  auto front = static_cast<unsigned char>(alpn.front()), back = static_cast<unsigned char>(alpn.back());
  if (std::isalnum(front) && std::isalnum(back)) return {static_cast<char>(front), static_cast<char>(back)};
  std::string hex_form = fmt::format("{:02x}{:02x}", front, back);
  return {hex_form.front(), hex_form.back()};
}

}  // namespace

Ja3 ja3(const ClientHello& hello) {
  Ja3 out;
  out.text = fmt::format("{},", hello.legacy_version);
  append_decimal_list(out.text, hello.ciphers);
  out.text += ',';
  append_decimal_list(out.text, hello.extensions);
  out.text += ',';
  append_decimal_list(out.text, hello.groups);
  out.text += ',';
  append_decimal_list(out.text, hello.point_formats);
  out.hash = md5_hex(out.text);
  return out;
}

Ja3 ja3s(const ServerHello& hello) {
  Ja3 out;
  out.text = fmt::format("{},{},", hello.legacy_version, hello.cipher);
  append_decimal_list(out.text, hello.extensions);
  out.hash = md5_hex(out.text);
  return out;
}

std::string ja4(const ClientHello& hello) {
  auto ciphers = without_grease(hello.ciphers);
  auto extensions = without_grease(hello.extensions);
  std::string a = fmt::format("t{}{}{:02}{:02}{}", ja4_version(hello), hello.has_sni ? 'd' : 'i',
                              std::min(ciphers.size(), kJa4MaxCount), std::min(extensions.size(), kJa4MaxCount),
                              ja4_alpn(hello));
  std::sort(ciphers.begin(), ciphers.end());
  std::string b = ciphers.empty() ? std::string(kJa4HashChars, '0') : truncated_sha256(hex4_list(ciphers));
  // SNI and ALPN are counted above but left out of the hashed extension list.
  std::erase_if(extensions, [](uint16_t e) { return e == kServerName || e == kAlpn; });
  std::sort(extensions.begin(), extensions.end());
  std::string c(kJa4HashChars, '0');
  if (!extensions.empty()) {
    std::string text = hex4_list(extensions);
    auto algorithms = without_grease(hello.signature_algorithms);
    if (!algorithms.empty()) text += '_' + hex4_list(algorithms);
    c = truncated_sha256(text);
  }
  return a + '_' + b + '_' + c;
}

std::string version_name(uint16_t version) {
  switch (version) {
    case 0x0002: return "SSLv2";
    case 0x0300: return "SSLv3";
    case 0x0301: return "TLSv1";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: break;
  }
  if ((version >> 8) == 0x7F) return fmt::format("TLS 1.3 draft-{}", version & 0xFF);
  return fmt::format("0x{:04x}", version);
}

}  // namespace rampart::proto::tls
