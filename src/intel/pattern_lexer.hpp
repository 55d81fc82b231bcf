#pragma once
// Internal: splits a STIX pattern into tokens. Literals are checked here (string
// escapes, timestamp, hex and base64 syntax, integer form) so errors point at them.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "intel/pattern.hpp"

namespace rampart::intel {

enum class TokenKind {
  Identifier, String, IntPos, IntNeg, FloatPos, FloatNeg, Hex, Binary, Timestamp, Boolean,
  And, Or, Not, FollowedBy, Like, Matches, IsSuperset, IsSubset, Exists, In, Start, Stop, Seconds, Within, Repeats, Times,
  Colon, Dot, LBracket, RBracket, LParen, RParen, Comma, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
  Asterisk, End
};

struct Token {
  TokenKind kind = TokenKind::End;
  size_t offset = 0;
  std::string value;  // identifiers and literal payloads (see Literal::text)
};

std::expected<std::vector<Token>, PatternError> tokenize_pattern(std::string_view text);

std::string_view describe(TokenKind kind);

}  // namespace rampart::intel
