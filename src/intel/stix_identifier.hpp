#pragma once
// STIX type names and identifiers. A type name is 3..250 characters of a-z, 0-9 and
// '-', starting with a letter and never holding "--" (the identifier separator). An
// identifier is "type--UUID" with an RFC 4122 UUID (8-4-4-4-12 hex digits, variant
// bits 10xx); the UUID's version digit is reported so callers can demand v4 or v5.
#include <expected>
#include <string>
#include <string_view>

namespace rampart::intel {

bool is_valid_type_name(std::string_view name);

struct StixIdentifier {
  std::string_view type;  // views into the parsed text
  std::string_view uuid;
  int uuid_version = 0;
};

// Splits and checks an identifier; the error says what is wrong with it.
std::expected<StixIdentifier, std::string> parse_identifier(std::string_view text);

}  // namespace rampart::intel
