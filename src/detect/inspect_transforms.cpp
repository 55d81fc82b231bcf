#define PCRE2_CODE_UNIT_WIDTH 8
#include "detect/inspect_transforms.hpp"

#include <openssl/evp.h>
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <memory>

#include "detect/payload_inspector.hpp"

namespace rampart::detect::transforms {

namespace {

struct MatchDataDeleter {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

struct MatchContextDeleter {
  void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};

// pcrexform runs under the same match limits as the pcre keyword.
pcre2_match_context* limited_match_context() {
  thread_local std::unique_ptr<pcre2_match_context, MatchContextDeleter> context = [] {
    std::unique_ptr<pcre2_match_context, MatchContextDeleter> created(pcre2_match_context_create(nullptr));
    pcre2_set_match_limit(created.get(), kPcreMatchLimit);
    pcre2_set_depth_limit(created.get(), kPcreDepthLimit);
    return created;
  }();
  return context.get();
}

// strip_whitespace uses Rust's is_ascii_whitespace (no vertical tab); compress_whitespace
// also counts the vertical tab, as C's isspace does.
bool is_ascii_whitespace(uint8_t byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\f' || byte == '\r';
}
bool is_space(uint8_t byte) { return is_ascii_whitespace(byte) || byte == '\v'; }

}  // namespace

std::optional<uint8_t> hex_digit_value(uint8_t digit) {
  if (digit >= '0' && digit <= '9') return static_cast<uint8_t>(digit - '0');
  if (digit >= 'a' && digit <= 'f') return static_cast<uint8_t>(digit - 'a' + 10);
  if (digit >= 'A' && digit <= 'F') return static_cast<uint8_t>(digit - 'A' + 10);
  return std::nullopt;
}

void strip_whitespace(std::vector<uint8_t>& data) { std::erase_if(data, is_ascii_whitespace); }

// A run of whitespace becomes its first byte.
void compress_whitespace(std::vector<uint8_t>& data) {
  auto end = std::unique(data.begin(), data.end(), [](uint8_t a, uint8_t b) { return is_space(a) && is_space(b); });
  data.erase(end, data.end());
}

void change_case(std::vector<uint8_t>& data, bool upper) {
  for (auto& byte : data) {
    if (upper && byte >= 'a' && byte <= 'z') byte = static_cast<uint8_t>(byte - 32);
    if (!upper && byte >= 'A' && byte <= 'Z') byte = static_cast<uint8_t>(byte + 32);
  }
}

void digest(std::vector<uint8_t>& data, Digest kind) {
  const EVP_MD* md = kind == Digest::Md5 ? EVP_md5() : kind == Digest::Sha1 ? EVP_sha1() : EVP_sha256();
  std::array<uint8_t, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr) != 1) length = 0;
  data.assign(out.begin(), out.begin() + length);
}

// %XX becomes the byte and + a space. A % that is not followed by two hex digits is
// kept with the bytes read after it, as they are (so "%+" stays "%+").
void url_decode(std::vector<uint8_t>& data) {
  size_t out = 0;
  size_t i = 0;
  while (i < data.size()) {
    uint8_t byte = data[i++];
    if (byte != '%') {
      data[out++] = byte == '+' ? ' ' : byte;
      continue;
    }
    data[out++] = '%';
    if (i == data.size()) break;
    auto high = hex_digit_value(data[i]);
    data[out++] = data[i++];
    if (!high || i == data.size()) continue;
    auto low = hex_digit_value(data[i]);
    data[out++] = data[i++];
    if (low) {
      out -= 3;
      data[out++] = static_cast<uint8_t>(*high << 4 | *low);
    }
  }
  data.resize(out);
}

// Header names (up to the first ':' of each line) are lowercased, values kept.
void header_lowercase(std::vector<uint8_t>& data) {
  bool in_value = false;
  for (auto& byte : data) {
    if (in_value) {
      if (byte == '\n') in_value = false;
      continue;
    }
    if (byte >= 'A' && byte <= 'Z') byte = static_cast<uint8_t>(byte + 32);
    if (byte == ':') in_value = true;
  }
}

// Drops the lines that start with ':' (HTTP/2 pseudo headers), with their line feed.
void strip_pseudo_headers(std::vector<uint8_t>& data) {
  size_t out = 0;
  size_t line = 0;
  while (line < data.size()) {
    auto newline = std::find(data.begin() + static_cast<std::ptrdiff_t>(line), data.end(), '\n');
    size_t end = newline == data.end() ? data.size() : static_cast<size_t>(newline - data.begin()) + 1;
    if (data[line] != ':') {
      std::copy(data.begin() + static_cast<std::ptrdiff_t>(line), data.begin() + static_cast<std::ptrdiff_t>(end),
                data.begin() + static_cast<std::ptrdiff_t>(out));
      out += end - line;
    }
    line = end;
  }
  data.resize(out);
}

void xor_with_key(std::vector<uint8_t>& data, const std::vector<uint8_t>& key) {
  for (size_t i = 0; i < data.size(); ++i) data[i] ^= key[i % key.size()];
}

// The buffer becomes the capture group; it is left as it is when the regex does not match.
void pcrexform(std::vector<uint8_t>& data, const CompiledRegex& regex) {
  thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> match_data(pcre2_match_data_create(2, nullptr));
  int rc = pcre2_match(regex.code(), data.data(), data.size(), 0, 0, match_data.get(), limited_match_context());
  if (rc < 2) return;  // no match, or the group took no part in it
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_data.get());
  if (ovector[2] == PCRE2_UNSET || ovector[2] > ovector[3]) return;
  data.erase(data.begin() + static_cast<std::ptrdiff_t>(ovector[3]), data.end());
  data.erase(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(ovector[2]));
}

// Decodes [offset, offset + bytes) of the buffer. As in Suricata 8, an offset at or past
// the end, or a byte count that reaches the end, leaves the buffer as it is; false when
// nothing decodes (the buffer is then not inspected).
bool from_base64(std::vector<uint8_t>& data, uint32_t offset, uint32_t bytes, Base64Mode mode) {
  if (offset >= data.size() && offset != 0) return true;
  size_t available = data.size() - offset;
  if (bytes != 0 && bytes >= available) return true;
  size_t length = bytes == 0 ? available : bytes;
  std::span<const uint8_t> encoded(data.data() + offset, length);
  auto written = decode_base64(encoded, mode, data.data());
  data.resize(written.value_or(0));
  return !data.empty();
}

}  // namespace rampart::detect::transforms
