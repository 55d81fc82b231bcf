#include "intel/stix_identifier.hpp"

namespace rampart::intel {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_uuid_shape(std::string_view uuid) {
  if (uuid.size() != 36) return false;
  for (size_t i = 0; i < uuid.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? uuid[i] != '-' : !is_hex(uuid[i])) return false;
  }
  return true;
}

}  // namespace

bool is_valid_type_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 250) return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return name.find("--") == std::string_view::npos;
}

std::expected<StixIdentifier, std::string> parse_identifier(std::string_view text) {
  const size_t separator = text.find("--");
  if (separator == std::string_view::npos) return std::unexpected("not an identifier of the form type--UUID");
  StixIdentifier id{text.substr(0, separator), text.substr(separator + 2), 0};
  if (!is_valid_type_name(id.type)) return std::unexpected("identifier has an invalid type name");
  if (!is_uuid_shape(id.uuid)) return std::unexpected("identifier does not end in a UUID");
  const char variant = id.uuid[19];
  if (!(variant == '8' || variant == '9' || variant == 'a' || variant == 'b' || variant == 'A' || variant == 'B')) {
    return std::unexpected("identifier UUID is not an RFC 4122 UUID (variant bits)");
  }
  const char version = id.uuid[14];
  id.uuid_version = version >= '0' && version <= '9' ? version - '0' : 10 + ((version | 0x20) - 'a');
  return id;
}

}  // namespace rampart::intel
