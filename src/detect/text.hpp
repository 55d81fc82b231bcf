#pragma once
// Small text helpers shared by the rule lexer and the keyword parsers.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rampart::detect {

std::string_view trim(std::string_view text);

// Splits on sep outside brackets; nullopt when brackets do not balance.
std::optional<std::vector<std::string_view>> split_top_level(std::string_view text, char sep);

// Splits on sep and trims each part (no bracket or quote awareness).
std::vector<std::string_view> split_trimmed(std::string_view text, char sep);

// Parses a whole unsigned decimal (or 0x hex when allow_hex) number no larger than max.
std::optional<uint64_t> parse_unsigned(std::string_view text, uint64_t max = UINT64_MAX, bool allow_hex = false);
std::optional<int64_t> parse_signed(std::string_view text, int64_t min, int64_t max);

// Strips the surrounding double quotes, if any, and resolves \" \; \\ \: escapes.
std::string unquote(std::string_view text);
// ASCII lower case.
std::string to_lower(std::string_view text);

bool is_quoted(std::string_view text);

// Splits "key value" at the first blank; value is empty when there is none.
std::pair<std::string_view, std::string_view> split_key_value(std::string_view item);

}  // namespace rampart::detect
