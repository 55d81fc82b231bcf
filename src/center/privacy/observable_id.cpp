#include "center/privacy/observable_id.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "intel/stix_identifier.hpp"

namespace rampart::center::privacy {

namespace {

// STIX 2.1 section 2.9: the namespace of every SCO's UUIDv5.
constexpr std::string_view kObservableNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";

using Properties = std::span<const std::string_view>;

constexpr std::string_view kValue[] = {"value"};
constexpr std::string_view kArtifact[] = {"hashes", "payload_bin"};
constexpr std::string_view kAutonomousSystem[] = {"number"};
constexpr std::string_view kDirectory[] = {"path"};
constexpr std::string_view kEmailMessage[] = {"from_ref", "subject", "body"};
constexpr std::string_view kFile[] = {"hashes", "name", "extensions", "parent_directory_ref"};
constexpr std::string_view kMutex[] = {"name"};
constexpr std::string_view kNetworkTraffic[] = {"start",    "end",      "src_ref",   "dst_ref",
                                                "src_port", "dst_port", "protocols", "extensions"};
constexpr std::string_view kSoftware[] = {"name", "cpe", "swid", "vendor", "version"};
constexpr std::string_view kUserAccount[] = {"account_type", "user_id", "account_login"};
constexpr std::string_view kRegistryKey[] = {"key", "values"};
constexpr std::string_view kCertificate[] = {"hashes", "serial_number"};

const std::map<std::string_view, Properties>& contributing_by_type() {
  static const std::map<std::string_view, Properties> table{
      {"artifact", kArtifact},         {"autonomous-system", kAutonomousSystem},
      {"directory", kDirectory},       {"domain-name", kValue},
      {"email-addr", kValue},          {"email-message", kEmailMessage},
      {"file", kFile},                 {"ipv4-addr", kValue},
      {"ipv6-addr", kValue},           {"mac-addr", kValue},
      {"mutex", kMutex},               {"network-traffic", kNetworkTraffic},
      {"software", kSoftware},         {"url", kValue},
      {"user-account", kUserAccount},  {"windows-registry-key", kRegistryKey},
      {"x509-certificate", kCertificate}};
  return table;
}

// The one hash of a hashes dictionary that contributes to the id.
nlohmann::json one_hash(const nlohmann::json& hashes) {
  if (!hashes.is_object() || hashes.empty()) return hashes;
  for (const char* preferred : {"MD5", "SHA-1", "SHA-256", "SHA-512"})
    if (auto found = hashes.find(preferred); found != hashes.end()) return nlohmann::json{{preferred, *found}};
  return nlohmann::json{{hashes.begin().key(), hashes.begin().value()}};
}

bool is_type_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

std::array<uint8_t, 16> uuid_bytes(std::string_view text) {
  std::array<uint8_t, 16> bytes{};
  size_t out = 0;
  for (size_t i = 0; i + 1 < text.size() && out < bytes.size(); ++i) {
    if (text[i] == '-') continue;
    bytes[out++] = static_cast<uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16));
    ++i;
  }
  return bytes;
}

}  // namespace

std::span<const std::string_view> id_contributing_properties(std::string_view type) {
  auto found = contributing_by_type().find(type);
  return found == contributing_by_type().end() ? Properties{} : found->second;
}

std::optional<std::string> id_contributing_json(const intel::Json& object) {
  if (!object.is_object()) return std::nullopt;
  auto type = object.find("type");
  if (type == object.end() || !type->is_string()) return std::nullopt;
  nlohmann::json contributing = nlohmann::json::object();
  for (std::string_view property : id_contributing_properties(type->get<std::string>())) {
    auto found = object.find(std::string(property));
    if (found == object.end()) continue;
    // Re-parsed into nlohmann::json, whose objects keep their keys sorted.
    auto value = nlohmann::json::parse(found->dump());
    contributing[std::string(property)] = property == "hashes" ? one_hash(value) : std::move(value);
  }
  if (contributing.empty()) return std::nullopt;
  return contributing.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::string> deterministic_id(const intel::Json& object) {
  auto contributing = id_contributing_json(object);
  if (!contributing) return std::nullopt;
  return fmt::format("{}--{}", object["type"].get<std::string>(), uuid_v5(kObservableNamespace, *contributing));
}

void collect_observable_ids(const intel::Json& node, std::set<std::string>& ids) {
  constexpr size_t kUuidLength = 36;
  if (node.is_array() || node.is_object()) {
    for (const auto& member : node) collect_observable_ids(member, ids);
    return;
  }
  if (!node.is_string()) return;
  const auto& text = node.get_ref<const std::string&>();
  for (size_t separator = text.find("--"); separator != std::string::npos; separator = text.find("--", separator + 2)) {
    if (separator + 2 + kUuidLength > text.size()) break;
    size_t start = separator;
    while (start > 0 && is_type_char(text[start - 1])) --start;
    // The longest type name before "--" that is an observable type ("see-ipv4-addr--..." holds ipv4-addr).
    for (size_t from = start; from < separator; ++from) {
      if (from != start && text[from - 1] != '-') continue;
      std::string_view candidate = std::string_view(text).substr(from, separator + 2 + kUuidLength - from);
      auto identifier = intel::parse_identifier(candidate);
      if (identifier && !id_contributing_properties(identifier->type).empty()) {
        ids.emplace(candidate);
        break;
      }
    }
  }
}

std::string uuid_v5(std::string_view namespace_uuid, std::string_view name) {
  auto namespace_bytes = uuid_bytes(namespace_uuid);
  std::string message(namespace_bytes.begin(), namespace_bytes.end());
  message.append(name);
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_sha1(), nullptr);
  digest[6] = static_cast<uint8_t>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<uint8_t>((digest[8] & 0x3f) | 0x80);
  std::string text;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", digest[i]);
  }
  return text;
}

}  // namespace rampart::center::privacy
