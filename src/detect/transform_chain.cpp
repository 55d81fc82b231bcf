#define PCRE2_CODE_UNIT_WIDTH 8
#include "detect/transform_chain.hpp"

#include <fmt/format.h>
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "detect/inspect_transforms.hpp"
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

std::expected<Step, std::string> compile_xor(std::string_view value) {
  std::string key = unquote(value);
  Step step{Kind::Xor, {}, nullptr, 0, 0, Base64Mode::Rfc4648};
  if (key.empty() || key.size() % 2 != 0) return std::unexpected(fmt::format("xor: '{}' is not a hex key", value));
  for (size_t i = 0; i < key.size(); i += 2) {
    auto high = transforms::hex_digit_value(static_cast<uint8_t>(key[i]));
    auto low = transforms::hex_digit_value(static_cast<uint8_t>(key[i + 1]));
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

// Every transform leaves an empty buffer as it is. False when the buffer must not be
// inspected (from_base64 decoded nothing).
bool apply_step(const Step& step, std::vector<uint8_t>& data) {
  using namespace transforms;
  if (data.empty()) return true;
  switch (step.kind) {
    case Kind::DotPrefix: data.insert(data.begin(), '.'); break;
    case Kind::StripWhitespace: strip_whitespace(data); break;
    case Kind::CompressWhitespace: compress_whitespace(data); break;
    case Kind::ToLowercase: change_case(data, false); break;
    case Kind::ToUppercase: change_case(data, true); break;
    case Kind::ToMd5: digest(data, Digest::Md5); break;
    case Kind::ToSha1: digest(data, Digest::Sha1); break;
    case Kind::ToSha256: digest(data, Digest::Sha256); break;
    case Kind::UrlDecode: url_decode(data); break;
    case Kind::HeaderLowercase: header_lowercase(data); break;
    case Kind::StripPseudoHeaders: strip_pseudo_headers(data); break;
    case Kind::Xor: xor_with_key(data, step.xor_key); break;
    case Kind::PcreXform: pcrexform(data, *step.regex); break;
    case Kind::FromBase64: return from_base64(data, step.base64_offset, step.base64_bytes, step.base64_mode);
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
