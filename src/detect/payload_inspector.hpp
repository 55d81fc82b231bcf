#pragma once
// Evaluates a buffer's ordered payload matches (content, pcre, byte_*, isdataat,
// base64_decode, asn1) on one buffer with Suricata 8's content-inspection semantics:
// relative keywords start at the end of the previous match; a content is retried at its
// next occurrence when the rest fails and the next content or pcre after it is a content
// with `within`; a pcre is retried at its next match when a relative keyword follows it
// (other failures end the inspection, as in Suricata). The keyword evaluations
// per call are capped (kInspectionLimit unless set on the scratch) so that a hostile
// buffer cannot make a rule take exponential time. Nothing is read outside the buffer;
// a number that cannot be read or parsed fails its keyword.
// base64_decode holds when it decoded at least one byte and writes them into the
// scratch: the engine then inspects the rule's base64_data buffer on base64_data(scratch)
// (Suricata never alerts on a rule with base64_decode but no base64_data).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/payload_match.hpp"

struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;
struct pcre2_real_jit_stack_8;

namespace rampart::detect {

// Suricata's default detect.inspection-recursion-limit.
inline constexpr uint32_t kInspectionLimit = 3000;
// Suricata's default pcre.match-limit and pcre.match-limit-recursion, for every pcre
// without the O flag and for pcrexform.
inline constexpr uint32_t kPcreMatchLimit = 3500;
inline constexpr uint32_t kPcreDepthLimit = 1500;

// What a pcre of the rule being evaluated captured (kept if the rule matches).
struct CapturedValue {
  const PcreCapture* capture = nullptr;
  std::string value;
};

// byte_extract / byte_math results by name and pcre captures for one rule evaluation;
// clear() between rules.
class MatchVariables {
 public:
  void set(std::string_view name, uint64_t value);
  std::optional<uint64_t> get(std::string_view name) const;
  // Records a capture, replacing what an earlier attempt of the same pcre captured.
  void capture(const PcreCapture& capture, std::span<const uint8_t> bytes);
  std::span<const CapturedValue> captures() const { return {captured_.data(), captures_used_}; }
  // An entropy keyword's value, logged under the interned name var once the rule matches.
  void measured(uint32_t var, double value);
  const std::vector<std::pair<uint32_t, double>>& measurements() const { return measurements_; }
  // Forgets every value; the strings are kept to be reused without allocating.
  void clear() {
    used_ = 0;
    captures_used_ = 0;
    measurements_.clear();
  }

 private:
  std::vector<std::pair<std::string, uint64_t>> values_;
  size_t used_ = 0;
  std::vector<CapturedValue> captured_;
  size_t captures_used_ = 0;
  std::vector<std::pair<uint32_t, double>> measurements_;
};

// Per-thread reusable state: PCRE2 match data and limits, base64_decode's output and
// whether the last inspection stopped at the evaluation cap.
class InspectionScratch {
 public:
  InspectionScratch();
  InspectionScratch(InspectionScratch&&) noexcept = default;
  InspectionScratch& operator=(InspectionScratch&&) noexcept = default;
  ~InspectionScratch();

  // The cap on keyword evaluations per inspect_payload (detect.inspection-recursion-limit).
  void set_inspection_limit(uint32_t limit) { inspection_limit_ = limit; }
  uint32_t inspection_limit() const { return inspection_limit_; }
  // True when the last inspect_payload gave up because it reached the cap.
  bool inspection_limit_reached() const { return limit_reached_; }

  // PCRE2 state for the pcre keyword: both contexts use this scratch's JIT stack;
  // limited selects Suricata's default match limits (a pcre without the O flag).
  pcre2_real_match_data_8* match_data() const { return match_data_.get(); }
  pcre2_real_match_context_8* match_context(bool limited) const {
    return limited ? limited_context_.get() : unlimited_context_.get();
  }

  std::vector<uint8_t>& base64_output() { return base64_output_; }
  const std::vector<uint8_t>& base64_output() const { return base64_output_; }
  void set_inspection_limit_reached(bool reached) { limit_reached_ = reached; }

 private:
  struct MatchDataDeleter {
    void operator()(pcre2_real_match_data_8* data) const;
  };
  struct MatchContextDeleter {
    void operator()(pcre2_real_match_context_8* context) const;
  };
  struct JitStackDeleter {
    void operator()(pcre2_real_jit_stack_8* stack) const;
  };

  std::unique_ptr<pcre2_real_jit_stack_8, JitStackDeleter> jit_stack_;
  std::unique_ptr<pcre2_real_match_data_8, MatchDataDeleter> match_data_;
  std::unique_ptr<pcre2_real_match_context_8, MatchContextDeleter> limited_context_;
  std::unique_ptr<pcre2_real_match_context_8, MatchContextDeleter> unlimited_context_;
  std::vector<uint8_t> base64_output_;
  uint32_t inspection_limit_ = kInspectionLimit;
  bool limit_reached_ = false;
};

// True when all `matches` hold on `buffer` in order, with Suricata 8 semantics. With
// min_end > 0 (the first min_end bytes were inspected before) only a match ending
// beyond them counts, and every content and pcre is retried at its next occurrence
// until one does: a match found before is not reported again.
bool inspect_payload(std::span<const PayloadMatch> matches, std::span<const uint8_t> buffer, MatchVariables& vars,
                     InspectionScratch& scratch, size_t min_end = 0);

// The bytes the last base64_decode of inspect_payload produced (the "base64_data" buffer), empty if none.
std::span<const uint8_t> base64_data(const InspectionScratch& scratch);

}  // namespace rampart::detect
