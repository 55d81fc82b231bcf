#pragma once
// A sticky buffer's transforms (BufferInspection::transforms as the rule parser records
// them: "to_lowercase", "xor:\"0d0ac8ff\"", "pcrexform:\"...\"", "from_base64:...")
// compiled once and applied in rule order to each buffer before inspection, with
// Suricata 8's semantics. domain and tld are rejected at compile time: doing them right
// needs the public suffix list. from_base64's bytes and offset must be numbers here
// (a chain is compiled per rule, before any byte_extract variable exists).
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detect/compiled_regex.hpp"
#include "detect/inspect_base64.hpp"

namespace rampart::detect {

class TransformChain {
 public:
  static std::expected<TransformChain, std::string> compile(const std::vector<std::string>& transforms);

  bool empty() const { return steps_.empty(); }

  // Applies the chain; returns a view of `storage` (or of `input` when empty). A buffer
  // that must not be inspected (see try_apply) comes back empty.
  std::span<const uint8_t> apply(std::span<const uint8_t> input, std::vector<uint8_t>& storage) const;

  // As apply, but nullopt when a transform failed and Suricata would not inspect the
  // buffer at all (from_base64 that decodes nothing): not even a negated match may hold.
  std::optional<std::span<const uint8_t>> try_apply(std::span<const uint8_t> input, std::vector<uint8_t>& storage) const;

  enum class Kind {
    DotPrefix,
    StripWhitespace,
    CompressWhitespace,
    ToLowercase,
    ToUppercase,
    ToMd5,
    ToSha1,
    ToSha256,
    UrlDecode,
    HeaderLowercase,
    StripPseudoHeaders,
    Xor,
    PcreXform,
    FromBase64,
  };

  struct Step {
    Kind kind = Kind::DotPrefix;
    std::vector<uint8_t> xor_key;
    std::shared_ptr<const CompiledRegex> regex;
    uint32_t base64_bytes = 0;  // 0: the whole buffer
    uint32_t base64_offset = 0;
    Base64Mode base64_mode = Base64Mode::Rfc4648;
  };

 private:
  std::vector<Step> steps_;
};

}  // namespace rampart::detect
