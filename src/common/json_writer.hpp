#pragma once
// A streaming JSON writer appending to a caller-owned std::string: no DOM, no
// allocation beyond the buffer's growth. It tracks only whether a comma is due, so
// callers must pair begin/end calls; keys are trusted ASCII literals, values are
// escaped (control characters, quotes, backslashes; invalid UTF-8 becomes \ufffd
// escapes so every line stays valid JSON).
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rampart {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& begin_object(std::string_view key) { return this->key(key).open_value('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array(std::string_view key) { return this->key(key).open_value('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& field(std::string_view key, std::string_view value) { return this->key(key).string(value); }
  JsonWriter& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  // A string value the caller knows needs no escaping (addresses, timestamps,
  // names from fixed tables): skips the per-character scan.
  JsonWriter& plain_field(std::string_view key, std::string_view value);
  // A string value written from two parts, e.g. "decoder." and an event name.
  JsonWriter& field(std::string_view key, std::string_view prefix, std::string_view value);
  JsonWriter& field(std::string_view key, uint64_t value);
  JsonWriter& field(std::string_view key, int64_t value) { return this->key(key).signed_number(value); }
  JsonWriter& field(std::string_view key, uint32_t value) { return field(key, uint64_t{value}); }
  JsonWriter& field(std::string_view key, int value) { return field(key, int64_t{value}); }
  JsonWriter& field(std::string_view key, bool value) { return this->key(key).boolean(value); }
  // A value already rendered as JSON (e.g. a nested record written elsewhere).
  JsonWriter& raw_field(std::string_view key, std::string_view json);
  // Members already rendered as JSON (`"a":1,"b":{...}`), e.g. part of a record
  // written earlier; nothing when empty.
  JsonWriter& raw_members(std::string_view members);

  // Array elements.
  JsonWriter& element(std::string_view value) { return comma().string(value); }
  JsonWriter& element(uint64_t value) { return comma().number(value); }

 private:
  // Room for a key's comma, quotes and colon; and for a 64-bit number with its sign.
  static constexpr size_t kKeyExtra = 4;
  static constexpr size_t kMaxDigits = 20;

  // Writes through fill(char* end) -> new end, given room for `most` bytes: one
  // capacity check per field rather than one per piece (records have dozens).
  template <typename Fill>
  void append_at_most(size_t most, Fill fill) {
    const size_t old = out_.size();
    out_.resize_and_overwrite(old + most, [&](char* buf, size_t) { return static_cast<size_t>(fill(buf + old) - buf); });
  }
  static char* put(char* p, std::string_view s) {
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  // The key, preceded by a comma when one is due.
  char* put_key(char* p, std::string_view k);
  JsonWriter& key(std::string_view k);
  JsonWriter& open(char c);
  JsonWriter& open_value(char c);
  JsonWriter& close(char c);
  JsonWriter& comma();
  JsonWriter& string(std::string_view s);
  JsonWriter& number(uint64_t v);
  JsonWriter& signed_number(int64_t v);
  JsonWriter& boolean(bool v);

  std::string& out_;
  bool need_comma_ = false;
};

// Appends s to out as the contents of a JSON string (without quotes).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace rampart
