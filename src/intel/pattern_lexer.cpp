#include "intel/pattern_lexer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "intel/stix_timestamp.hpp"

namespace rampart::intel {
namespace {

constexpr std::array<std::pair<std::string_view, TokenKind>, 18> kWords{{
    {"AND", TokenKind::And},           {"OR", TokenKind::Or},
    {"NOT", TokenKind::Not},           {"FOLLOWEDBY", TokenKind::FollowedBy},
    {"LIKE", TokenKind::Like},         {"MATCHES", TokenKind::Matches},
    {"ISSUPERSET", TokenKind::IsSuperset}, {"ISSUBSET", TokenKind::IsSubset},
    {"EXISTS", TokenKind::Exists},     {"IN", TokenKind::In},
    {"START", TokenKind::Start},       {"STOP", TokenKind::Stop},
    {"SECONDS", TokenKind::Seconds},   {"WITHIN", TokenKind::Within},
    {"REPEATS", TokenKind::Repeats},   {"TIMES", TokenKind::Times},
    {"true", TokenKind::Boolean},      {"false", TokenKind::Boolean},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_base64(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '/'; }

bool is_valid_base64(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  for (size_t i = 0; i < text.size() - padding; ++i) {
    if (!is_base64(text[i])) return false;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::expected<std::vector<Token>, PatternError> run() {
    std::vector<Token> tokens;
    while (true) {
      if (auto skipped = skip_space_and_comments(); !skipped) return std::unexpected(skipped.error());
      if (pos_ >= text_.size()) break;
      auto token = next();
      if (!token) return std::unexpected(token.error());
      tokens.push_back(std::move(*token));
    }
    tokens.push_back({TokenKind::End, text_.size(), ""});
    return tokens;
  }

 private:
  std::unexpected<PatternError> fail(size_t offset, std::string message) const {
    return std::unexpected(PatternError{offset, std::move(message)});
  }

  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  std::expected<void, PatternError> skip_space_and_comments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '/' && peek(1) == '*') {
        const size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) return fail(pos_, "unterminated comment");
        pos_ = end + 2;
      } else if (c == '/' && peek(1) == '/') {
        const size_t end = text_.find('\n', pos_);
        pos_ = end == std::string_view::npos ? text_.size() : end + 1;
      } else {
        break;
      }
    }
    return {};
  }

  std::expected<Token, PatternError> next() {
    const size_t start = pos_;
    const char c = text_[pos_];
    if (c == '\'') return quoted(TokenKind::String, start, start);
    if ((c == 't' || c == 'h' || c == 'b') && peek(1) == '\'') {
      const TokenKind kind = c == 't' ? TokenKind::Timestamp : c == 'h' ? TokenKind::Hex : TokenKind::Binary;
      ++pos_;
      return quoted(kind, start, pos_);
    }
    if (is_alpha(c)) return word(start);
    if (is_digit(c) || ((c == '-' || c == '+') && (is_digit(peek(1)) || peek(1) == '.')) ||
        (c == '.' && is_digit(peek(1)))) {
      return number(start);
    }
    return punctuation(start);
  }

  std::expected<Token, PatternError> word(size_t start) {
    while (pos_ < text_.size() && (is_alpha(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '-')) ++pos_;
    std::string_view spelled = text_.substr(start, pos_ - start);
    for (const auto& [keyword, kind] : kWords) {
      if (spelled == keyword) return Token{kind, start, std::string(spelled)};
    }
    return Token{TokenKind::Identifier, start, std::string(spelled)};
  }

  std::expected<Token, PatternError> number(size_t start) {
    std::string digits;
    if (text_[pos_] == '-' || text_[pos_] == '+') {
      if (text_[pos_] == '-') digits += '-';
      ++pos_;
    }
    const size_t integer_start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) digits += text_[pos_++];
    const size_t integer_length = pos_ - integer_start;
    const bool negative = text_[start] == '-';
    if (peek() == '.') {
      digits += text_[pos_++];
      if (!is_digit(peek())) return fail(pos_, "expected a digit after the decimal point");
      while (pos_ < text_.size() && is_digit(text_[pos_])) digits += text_[pos_++];
      return Token{negative ? TokenKind::FloatNeg : TokenKind::FloatPos, start, std::move(digits)};
    }
    if (integer_length > 1 && text_[integer_start] == '0') return fail(integer_start, "integers may not have leading zeros");
    return Token{negative ? TokenKind::IntNeg : TokenKind::IntPos, start, std::move(digits)};
  }

  // A '...' literal starting at quote; escapes are \' and \\ only.
  std::expected<Token, PatternError> quoted(TokenKind kind, size_t start, size_t quote) {
    pos_ = quote + 1;
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) return fail(start, "unterminated quoted literal");
      const char c = text_[pos_];
      if (c == '\'') break;
      if (c == '\\') {
        const char escaped = peek(1);
        if (escaped != '\'' && escaped != '\\') return fail(pos_, "only \\' and \\\\ may be escaped in a string");
        value += escaped;
        pos_ += 2;
      } else {
        value += c;
        ++pos_;
      }
    }
    ++pos_;
    if (auto checked = check_literal(kind, start, value); !checked) return std::unexpected(checked.error());
    return Token{kind, start, std::move(value)};
  }

  std::expected<void, PatternError> check_literal(TokenKind kind, size_t start, std::string_view value) const {
    if (kind == TokenKind::Timestamp && !StixTimestamp::parse(value)) {
      return fail(start, "not an RFC 3339 UTC timestamp literal (t'YYYY-MM-DDTHH:MM:SS[.s+]Z')");
    }
    if (kind == TokenKind::Hex) {
      const bool valid = value.size() % 2 == 0 && std::all_of(value.begin(), value.end(), is_hex);
      if (!valid) return fail(start, "a hex literal needs pairs of hex digits");
    }
    if (kind == TokenKind::Binary && !is_valid_base64(value)) return fail(start, "not a base64 binary literal");
    if (kind != TokenKind::String && value.find('\\') != std::string_view::npos) {
      return fail(start, "escapes are only allowed in string literals");
    }
    return {};
  }

  std::expected<Token, PatternError> punctuation(size_t start) {
    struct Spelling {
      std::string_view text;
      TokenKind kind;
    };
    static constexpr Spelling kPunctuation[] = {
        {"==", TokenKind::Equal}, {"!=", TokenKind::NotEqual}, {"<>", TokenKind::NotEqual},
        {"<=", TokenKind::LessEqual}, {">=", TokenKind::GreaterEqual}, {"=", TokenKind::Equal},
        {"<", TokenKind::Less}, {">", TokenKind::Greater}, {":", TokenKind::Colon}, {".", TokenKind::Dot},
        {"[", TokenKind::LBracket}, {"]", TokenKind::RBracket}, {"(", TokenKind::LParen},
        {")", TokenKind::RParen}, {",", TokenKind::Comma}, {"*", TokenKind::Asterisk}};
    for (const auto& spelling : kPunctuation) {
      if (text_.substr(pos_).starts_with(spelling.text)) {
        pos_ += spelling.text.size();
        return Token{spelling.kind, start, std::string(spelling.text)};
      }
    }
    const auto byte = static_cast<unsigned char>(text_[pos_]);
    return fail(start, byte >= 0x20 && byte < 0x7f ? fmt::format("unexpected character '{}'", text_[pos_])
                                                    : fmt::format("unexpected byte 0x{:02x}", byte));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::expected<std::vector<Token>, PatternError> tokenize_pattern(std::string_view text) { return Lexer(text).run(); }

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::Identifier: return "a name";
    case TokenKind::String: return "a string";
    case TokenKind::IntPos: case TokenKind::IntNeg: return "an integer";
    case TokenKind::FloatPos: case TokenKind::FloatNeg: return "a float";
    case TokenKind::Hex: return "a hex literal";
    case TokenKind::Binary: return "a binary literal";
    case TokenKind::Timestamp: return "a timestamp";
    case TokenKind::Boolean: return "a boolean";
    case TokenKind::And: return "AND";
    case TokenKind::Or: return "OR";
    case TokenKind::Not: return "NOT";
    case TokenKind::FollowedBy: return "FOLLOWEDBY";
    case TokenKind::Like: return "LIKE";
    case TokenKind::Matches: return "MATCHES";
    case TokenKind::IsSuperset: return "ISSUPERSET";
    case TokenKind::IsSubset: return "ISSUBSET";
    case TokenKind::Exists: return "EXISTS";
    case TokenKind::In: return "IN";
    case TokenKind::Start: return "START";
    case TokenKind::Stop: return "STOP";
    case TokenKind::Seconds: return "SECONDS";
    case TokenKind::Within: return "WITHIN";
    case TokenKind::Repeats: return "REPEATS";
    case TokenKind::Times: return "TIMES";
    case TokenKind::Colon: return "':'";
    case TokenKind::Dot: return "'.'";
    case TokenKind::LBracket: return "'['";
    case TokenKind::RBracket: return "']'";
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::Comma: return "','";
    case TokenKind::Equal: return "'='";
    case TokenKind::NotEqual: return "'!='";
    case TokenKind::Less: return "'<'";
    case TokenKind::LessEqual: return "'<='";
    case TokenKind::Greater: return "'>'";
    case TokenKind::GreaterEqual: return "'>='";
    case TokenKind::Asterisk: return "'*'";
    case TokenKind::End: return "the end of the pattern";
  }
  return "a token";
}

}  // namespace rampart::intel
