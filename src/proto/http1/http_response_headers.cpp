#include "proto/http1/http_response_headers.hpp"

#include <cstdint>

namespace rampart::proto::http1 {

namespace {

// Ok: matched `length` bytes; Fail: does not match; More: the answer depends on
// bytes that have not arrived.
enum class Outcome : uint8_t { Ok, Fail, More };

struct Match {
  Outcome outcome = Outcome::Fail;
  size_t length = 0;
  bool ok() const { return outcome == Outcome::Ok; }
};

constexpr Match ok(size_t length) { return {Outcome::Ok, length}; }
constexpr Match fail() { return {Outcome::Fail, 0}; }
constexpr Match more() { return {Outcome::More, 0}; }

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_fold_char(char c) { return c == ' ' || c == '\t' || c == '\0'; }

bool is_token(char c) {
  constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={} \t";
  auto u = static_cast<unsigned char>(c);
  return u > 32 && u < 127 && kSeparators.find(c) == std::string_view::npos;
}

std::string trimmed(std::string_view s) {
  constexpr std::string_view kWhitespace = " \t\r\n\f\v";
  size_t first = s.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(kWhitespace) - first + 1));
}

bool starts_eol(std::string_view s) { return s.starts_with("\n") || s.starts_with("\r\n"); }

Match regular_eol(std::string_view s) {
  if (s.starts_with("\r\n") || s.starts_with("\n\r")) return ok(2);
  if (s.starts_with("\n") || s.starts_with("\r")) return ok(1);
  return fail();
}

// "\n\r\r\n" before another line end, or "\r\n\r" plus CR/space/tab (and an LF)
// not followed by a line end: line ends some servers send and browsers accept.
Match deformed_eol(std::string_view s) {
  if (s.starts_with("\n\r\r\n") && starts_eol(s.substr(4))) return ok(4);
  if (!s.starts_with("\r\n\r")) return fail();
  size_t n = 3;
  while (n < s.size() && (s[n] == '\r' || is_space(s[n]))) ++n;
  if (n == s.size()) return more();
  if (n == 3) return fail();
  if (s[n] == '\n') ++n;
  return starts_eol(s.substr(n)) ? fail() : ok(n);
}

Match any_eol(std::string_view s) {
  Match deformed = deformed_eol(s);
  return deformed.outcome == Outcome::Fail ? regular_eol(s) : deformed;
}

Match fold_char(std::string_view s) {
  if (s.empty()) return more();
  return is_fold_char(s.front()) ? ok(1) : fail();
}

// How a value's line ended: a fold (line end plus one fold character, the value
// goes on) or a line end that is not followed by a fold character.
struct Terminator {
  Match match;
  bool fold = false;
  char fold_with = ' ';
  size_t eol_length = 0;
};

Terminator terminator(std::string_view s) {
  Match eol = regular_eol(s);
  if (eol.ok()) {
    Match lws = fold_char(s.substr(eol.length));
    if (lws.outcome == Outcome::More) return {more()};
    if (lws.ok()) return {ok(eol.length + 1), true, s[eol.length], eol.length};
  }
  eol = any_eol(s);
  if (!eol.ok()) return {eol};
  Match lws = fold_char(s.substr(eol.length));
  if (lws.outcome != Outcome::Fail) return {lws.ok() ? fail() : more()};
  return {eol, false, ' ', eol.length};
}

struct ValueLine {
  Match match;  // up to and including the terminator
  std::string_view bytes;
  Terminator end;
};

ValueLine value_line(std::string_view s) {
  size_t eol = s.find_first_of("\r\n");
  if (eol == std::string_view::npos) return {more(), {}, {}};
  Terminator end = terminator(s.substr(eol));
  if (!end.match.ok()) return {end.match, {}, {}};
  return {ok(eol + end.match.length), s.substr(0, eol), end};
}

// After a fold: does the next line read "token:" (a new field, not a continuation)?
Match new_field_follows(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  size_t tokens_start = i;
  while (i < s.size() && is_token(s[i])) ++i;
  size_t tokens = i - tokens_start;
  while (i < s.size() && is_space(s[i])) ++i;
  if (i == s.size()) return more();
  if (s[i] != ':') return fail();
  ++i;
  while (i < s.size() && is_space(s[i])) ++i;
  if (i == s.size()) return more();
  return tokens > 0 ? ok(0) : fail();
}

struct Value {
  Match match;
  std::string text;
};

Value value(std::string_view s) {
  ValueLine line = value_line(s);
  if (!line.match.ok()) return {line.match, {}};
  Value out{line.match, std::string(line.bytes)};
  size_t at = line.match.length;
  Terminator end = line.end;
  while (end.fold) {
    Match field = new_field_follows(s.substr(at));
    if (field.outcome == Outcome::More) return {more(), {}};
    if (field.ok()) return {ok(at), std::move(out.text)};
    ValueLine next = value_line(s.substr(at));
    if (!next.match.ok()) return {next.match, {}};
    at += next.match.length;
    if (!out.text.empty()) out.text.push_back(end.fold_with);
    if (!next.bytes.empty() || next.end.eol_length > 1) {
      out.match.length = at;
      out.text.append(next.bytes);
    } else if (next.end.eol_length == 1 && at < s.size() && s[at] == '\n') {
      out.match.length = at;  // an empty fold before LF: the LF ends the headers
    }
    end = next.end;
  }
  return out;
}

// The name runs to the colon; a line end inside it counts only when followed by a space.
size_t name_length(std::string_view s) {
  char line_end = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (line_end == 0) {
      if (c == ':') return i;
      if (c == '\n' || c == '\r') line_end = c;
    } else if (c == ' ') {
      line_end = 0;
    } else if (c == '\n' && line_end == '\r') {
      line_end = c;
    } else {
      return i - 1;
    }
  }
  return 0;
}

bool has_non_token_chars(std::string_view name) {
  size_t i = 0;
  while (i < name.size() && is_space(name[i])) ++i;
  while (i < name.size() && is_token(name[i])) ++i;
  while (i < name.size() && is_space(name[i])) ++i;
  return i < name.size();
}

struct FieldMatch {
  Match match;
  ResponseField field;
};

FieldMatch field_with_colon(std::string_view s) {
  size_t colon = name_length(s);
  if (colon >= s.size() || s[colon] != ':') return {fail(), {}};
  size_t at = colon + 1;
  while (at < s.size() && is_space(s[at])) ++at;
  if (at == s.size()) return {fail(), {}};
  Value v = value(s.substr(at));
  if (!v.match.ok()) return {fail(), {}};
  std::string_view name = s.substr(0, colon);
  ResponseField field{.name = trimmed(name), .value = trimmed(v.text), .raw = {}};
  if (!name.empty()) {
    field.leading_space = is_space(name.front());
    field.invalid_name = is_space(name.back()) || has_non_token_chars(name);
  }
  return {ok(at + v.match.length), std::move(field)};
}

FieldMatch field_without_colon(std::string_view s) {
  if (s.starts_with("\r\n")) return {fail(), {}};
  Value v = value(s);
  if (!v.match.ok()) return {v.match, {}};
  return {v.match, ResponseField{.name = {}, .value = trimmed(v.text), .raw = {}, .missing_colon = true}};
}

FieldMatch field(std::string_view s) {
  FieldMatch with_colon = field_with_colon(s);
  return with_colon.match.ok() ? std::move(with_colon) : field_without_colon(s);
}

}  // namespace

ResponseHeaderStep parse_response_headers(std::string_view input) {
  ResponseHeaderStep step;
  size_t at = 0;
  while (true) {
    FieldMatch f = field(input.substr(at));
    if (f.match.outcome == Outcome::More) break;
    if (!f.match.ok()) {
      // libhtp keeps bytes it cannot read as headers and waits; only a block that
      // starts with a line end is empty.
      if (!step.fields.empty()) return {};
      Match eol = any_eol(input);
      if (eol.ok()) return {.fields = {}, .consumed = eol.length, .ended = true, .end_length = eol.length};
      return {};
    }
    f.field.raw = input.substr(at, f.match.length);
    at += f.match.length;
    step.fields.push_back(std::move(f.field));
    Match eol = regular_eol(input.substr(at));
    if (eol.ok()) {
      step.consumed = at + eol.length;
      step.ended = true;
      step.end_length = eol.length;
      return step;
    }
  }
  step.consumed = at;
  if (at == 0 && (input == "\r\n" || input == "\n"))
    return {.fields = {}, .consumed = input.size(), .ended = true, .end_length = input.size()};
  return step;
}

}  // namespace rampart::proto::http1
