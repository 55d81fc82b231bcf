#include "common/json_writer.hpp"

#include <charconv>
#include <cstring>

namespace rampart {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = byte(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && c == 0xE0 && byte(i + 1) < 0xA0) return 0;   // overlong
  if (n == 3 && c == 0xED && byte(i + 1) >= 0xA0) return 0;  // surrogate
  if (n == 4 && c == 0xF0 && byte(i + 1) < 0x90) return 0;   // overlong
  if (n == 4 && c == 0xF4 && byte(i + 1) >= 0x90) return 0;  // > U+10FFFF
  return n;
}

void append_unicode_escape(std::string& out, uint8_t c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t run = i;
    while (run < s.size()) {
      auto c = static_cast<uint8_t>(s[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    if (run == s.size()) return;
    auto c = static_cast<uint8_t>(s[run]);
    i = run + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x80) {
          append_unicode_escape(out, c);
        } else if (size_t n = utf8_sequence_length(s, run); n > 0) {
          out.append(s.data() + run, n);
          i = run + n;
        } else {
          append_unicode_escape(out, c);  // keep the byte's value visible, as \u00XX
        }
    }
  }
}

JsonWriter& JsonWriter::comma() {
  if (need_comma_) out_ += ',';
  need_comma_ = true;
  return *this;
}

char* JsonWriter::put_key(char* p, std::string_view k) {
  if (need_comma_) *p++ = ',';
  *p++ = '"';
  p = put(p, k);
  *p++ = '"';
  *p++ = ':';
  need_comma_ = false;
  return p;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  append_at_most(k.size() + kKeyExtra, [&](char* p) { return put_key(p, k); });
  return *this;
}

JsonWriter& JsonWriter::open(char c) {
  comma();
  out_ += c;
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::open_value(char c) {
  out_ += c;
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  out_ += c;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view s) {
  out_ += '"';
  append_json_escaped(out_, s);
  out_ += '"';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view k, std::string_view prefix, std::string_view value) {
  key(k);
  out_ += '"';
  append_json_escaped(out_, prefix);
  append_json_escaped(out_, value);
  out_ += '"';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::plain_field(std::string_view k, std::string_view value) {
  append_at_most(k.size() + kKeyExtra + value.size() + 2, [&](char* p) {
    p = put_key(p, k);
    *p++ = '"';
    p = put(p, value);
    *p++ = '"';
    return p;
  });
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::number(uint64_t v) {
  append_at_most(kMaxDigits, [&](char* p) { return std::to_chars(p, p + kMaxDigits, v).ptr; });
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::signed_number(int64_t v) {
  append_at_most(kMaxDigits, [&](char* p) { return std::to_chars(p, p + kMaxDigits, v).ptr; });
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view k, uint64_t v) {
  append_at_most(k.size() + kKeyExtra + kMaxDigits, [&](char* p) {
    p = put_key(p, k);
    return std::to_chars(p, p + kMaxDigits, v).ptr;
  });
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::boolean(bool v) {
  out_ += v ? "true" : "false";
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::raw_members(std::string_view members) {
  if (members.empty()) return *this;
  comma();
  out_.append(members);
  return *this;
}

JsonWriter& JsonWriter::raw_field(std::string_view k, std::string_view json) {
  key(k);
  out_.append(json);
  need_comma_ = true;
  return *this;
}

}  // namespace rampart
