#define PCRE2_CODE_UNIT_WIDTH 8
#include "detect/transform_chain.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "detect/payload_inspector.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

using Kind = TransformChain::Kind;
using Step = TransformChain::Step;

constexpr std::array<std::pair<std::string_view, Kind>, 11> kPlainTransforms{{
    {"dotprefix", Kind::DotPrefix},
    {"strip_whitespace", Kind::StripWhitespace},
    {"compress_whitespace", Kind::CompressWhitespace},
    {"to_lowercase", Kind::ToLowercase},
    {"to_uppercase", Kind::ToUppercase},
    {"to_md5", Kind::ToMd5},
    {"to_sha1", Kind::ToSha1},
    {"to_sha256", Kind::ToSha256},
    {"url_decode", Kind::UrlDecode},
    {"header_lowercase", Kind::HeaderLowercase},
    {"strip_pseudo_headers", Kind::StripPseudoHeaders},
}};

constexpr uint32_t kMaxBase64Value = 65535;

// strip_whitespace uses Rust's is_ascii_whitespace (no vertical tab); compress_whitespace
// also counts the vertical tab, as C's isspace does.
bool is_ascii_whitespace(uint8_t byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\f' || byte == '\r';
}
bool is_space(uint8_t byte) { return is_ascii_whitespace(byte) || byte == '\v'; }

std::optional<uint8_t> hex_value(uint8_t digit) {
  if (digit >= '0' && digit <= '9') return static_cast<uint8_t>(digit - '0');
  if (digit >= 'a' && digit <= 'f') return static_cast<uint8_t>(digit - 'a' + 10);
  if (digit >= 'A' && digit <= 'F') return static_cast<uint8_t>(digit - 'A' + 10);
  return std::nullopt;
}

std::expected<Step, std::string> compile_xor(std::string_view value) {
  std::string key = unquote(value);
  Step step{Kind::Xor, {}, nullptr, 0, 0, Base64Mode::Rfc4648};
  if (key.empty() || key.size() % 2 != 0) return std::unexpected(fmt::format("xor: '{}' is not a hex key", value));
  for (size_t i = 0; i < key.size(); i += 2) {
    auto high = hex_value(static_cast<uint8_t>(key[i]));
    auto low = hex_value(static_cast<uint8_t>(key[i + 1]));
    if (!high || !low) return std::unexpected(fmt::format("xor: '{}' is not a hex key", value));
    step.xor_key.push_back(static_cast<uint8_t>(*high << 4 | *low));
  }
  return step;
}

std::expected<Step, std::string> compile_pcrexform(std::string_view value) {
  std::string pattern = unquote(value);
  auto regex = CompiledRegex::compile(pattern, 0);
  if (!regex) return std::unexpected(fmt::format("pcrexform: {}", regex.error()));
  uint32_t captures = 0;
  pcre2_pattern_info((*regex)->code(), PCRE2_INFO_CAPTURECOUNT, &captures);
  if (captures != 1)
    return std::unexpected(fmt::format("pcrexform: '{}' needs exactly one capture group, has {}", pattern, captures));
  return Step{Kind::PcreXform, {}, std::move(*regex), 0, 0, Base64Mode::Rfc4648};
}

std::expected<void, std::string> apply_base64_option(Step& step, std::string_view item) {
  auto [key, arg] = split_key_value(item);
  if (key.starts_with("mode")) {
    std::string_view mode = trim(item.substr(4));
    if (mode.starts_with(':')) mode = trim(mode.substr(1));
    if (mode == "rfc4648") step.base64_mode = Base64Mode::Rfc4648;
    else if (mode == "rfc2045") step.base64_mode = Base64Mode::Rfc2045;
    else if (mode == "strict") step.base64_mode = Base64Mode::Strict;
    else return std::unexpected(fmt::format("from_base64: unknown mode '{}'", mode));
    return {};
  }
  if (key != "bytes" && key != "offset") return std::unexpected(fmt::format("from_base64: unknown option '{}'", item));
  auto number = parse_unsigned(arg, kMaxBase64Value);
  if (!number) return std::unexpected(fmt::format("from_base64: {} '{}' is not a number in range (variables are not supported)", key, arg));
  (key == "bytes" ? step.base64_bytes : step.base64_offset) = static_cast<uint32_t>(*number);
  return {};
}

std::expected<Step, std::string> compile_from_base64(std::string_view value) {
  Step step{Kind::FromBase64, {}, nullptr, 0, 0, Base64Mode::Rfc4648};
  std::string options = unquote(value);
  if (trim(options).empty()) return step;
  std::vector<std::string_view> seen;
  for (auto item : split_trimmed(options, ',')) {
    auto key = split_key_value(item).first.substr(0, 4) == "mode" ? std::string_view("mode") : split_key_value(item).first;
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      return std::unexpected(fmt::format("from_base64: {} given twice", key));
    seen.push_back(key);
    if (auto r = apply_base64_option(step, item); !r) return std::unexpected(r.error());
  }
  return step;
}

std::expected<Step, std::string> compile_step(std::string_view transform) {
  auto colon = transform.find(':');
  std::string_view name = transform.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view{} : transform.substr(colon + 1);
  for (const auto& [plain, kind] : kPlainTransforms)
    if (name == plain && value.empty()) return Step{kind, {}, nullptr, 0, 0, Base64Mode::Rfc4648};
  if (name == "xor") return compile_xor(value);
  if (name == "pcrexform") return compile_pcrexform(value);
  if (name == "from_base64") return compile_from_base64(value);
  if (name == "domain" || name == "tld")
    return std::unexpected(fmt::format("{} is not supported: it needs the public suffix list", name));
  return std::unexpected(fmt::format("unknown transform '{}'", transform));
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

void digest(std::vector<uint8_t>& data, const EVP_MD* md) {
  std::array<uint8_t, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  static constexpr uint8_t kNothing = 0;
  const void* input = data.empty() ? &kNothing : data.data();
  if (EVP_Digest(input, data.size(), out.data(), &length, md, nullptr) != 1) length = 0;
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
    auto high = hex_value(data[i]);
    data[out++] = data[i++];
    if (!high || i == data.size()) continue;
    auto low = hex_value(data[i]);
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
bool from_base64(std::vector<uint8_t>& data, const Step& step) {
  if (step.base64_offset >= data.size() && step.base64_offset != 0) return true;
  size_t available = data.size() - step.base64_offset;
  if (step.base64_bytes != 0 && step.base64_bytes >= available) return true;
  size_t length = step.base64_bytes == 0 ? available : step.base64_bytes;
  std::span<const uint8_t> encoded(data.data() + step.base64_offset, length);
  auto written = decode_base64(encoded, step.base64_mode, data.data());
  data.resize(written.value_or(0));
  return !data.empty();
}

// Every transform leaves an empty buffer as it is. False when the buffer must not be
// inspected (from_base64 decoded nothing).
bool apply_step(const Step& step, std::vector<uint8_t>& data) {
  if (data.empty()) return true;
  switch (step.kind) {
    case Kind::DotPrefix: data.insert(data.begin(), '.'); break;
    case Kind::StripWhitespace: strip_whitespace(data); break;
    case Kind::CompressWhitespace: compress_whitespace(data); break;
    case Kind::ToLowercase: change_case(data, false); break;
    case Kind::ToUppercase: change_case(data, true); break;
    case Kind::ToMd5: digest(data, EVP_md5()); break;
    case Kind::ToSha1: digest(data, EVP_sha1()); break;
    case Kind::ToSha256: digest(data, EVP_sha256()); break;
    case Kind::UrlDecode: url_decode(data); break;
    case Kind::HeaderLowercase: header_lowercase(data); break;
    case Kind::StripPseudoHeaders: strip_pseudo_headers(data); break;
    case Kind::Xor: xor_with_key(data, step.xor_key); break;
    case Kind::PcreXform: pcrexform(data, *step.regex); break;
    case Kind::FromBase64: return from_base64(data, step);
  }
  return true;
}

}  // namespace

std::expected<TransformChain, std::string> TransformChain::compile(const std::vector<std::string>& transforms) {
  TransformChain chain;
  for (const auto& transform : transforms) {
    auto step = compile_step(transform);
    if (!step) return std::unexpected(step.error());
    chain.steps_.push_back(std::move(*step));
  }
  return chain;
}

std::optional<std::span<const uint8_t>> TransformChain::try_apply(std::span<const uint8_t> input,
                                                                   std::vector<uint8_t>& storage) const {
  if (steps_.empty()) return input;
  storage.assign(input.begin(), input.end());
  for (const auto& step : steps_)
    if (!apply_step(step, storage)) return std::nullopt;
  return std::span<const uint8_t>(storage);
}

std::span<const uint8_t> TransformChain::apply(std::span<const uint8_t> input, std::vector<uint8_t>& storage) const {
  auto transformed = try_apply(input, storage);
  if (transformed) return *transformed;
  storage.clear();
  return storage;
}

}  // namespace rampart::detect
