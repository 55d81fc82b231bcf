#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>

#include "detect/payload_inspector.hpp"

namespace rampart::detect {

namespace {

// The whole match and up to 16 captures (Suricata's DETECT_PCRE_CAPTURE_MAX).
constexpr uint32_t kPcreOvectorPairs = 17;
// A capture is kept up to 64 KiB, as Suricata's flowvars.
constexpr size_t kCaptureMax = 0xffff;
// The JIT stack Suricata gives each thread: 32 KiB growing up to 512 KiB.
constexpr size_t kJitStackStart = 32 * 1024;
constexpr size_t kJitStackMax = 512 * 1024;

}  // namespace

void MatchVariables::set(std::string_view name, uint64_t value) {
  for (size_t i = 0; i < used_; ++i) {
    if (values_[i].first == name) {
      values_[i].second = value;
      return;
    }
  }
  if (used_ == values_.size()) values_.emplace_back();
  values_[used_].first.assign(name);
  values_[used_].second = value;
  ++used_;
}

std::optional<uint64_t> MatchVariables::get(std::string_view name) const {
  for (size_t i = 0; i < used_; ++i)
    if (values_[i].first == name) return values_[i].second;
  return std::nullopt;
}

void MatchVariables::capture(const PcreCapture& capture, std::span<const uint8_t> bytes) {
  bytes = bytes.first(std::min(bytes.size(), kCaptureMax));
  size_t i = 0;
  while (i < captures_used_ && captured_[i].capture != &capture) ++i;
  if (i == captures_used_) {
    if (captures_used_ == captured_.size()) captured_.emplace_back();
    ++captures_used_;
  }
  captured_[i].capture = &capture;
  captured_[i].value.assign(bytes.begin(), bytes.end());
}

void MatchVariables::measured(uint32_t var, double value) {
  for (auto& [k, v] : measurements_)
    if (k == var) {
      v = value;
      return;
    }
  measurements_.emplace_back(var, value);
}

void InspectionScratch::MatchDataDeleter::operator()(pcre2_real_match_data_8* data) const { pcre2_match_data_free(data); }

void InspectionScratch::MatchContextDeleter::operator()(pcre2_real_match_context_8* context) const {
  pcre2_match_context_free(context);
}

void InspectionScratch::JitStackDeleter::operator()(pcre2_real_jit_stack_8* stack) const { pcre2_jit_stack_free(stack); }

InspectionScratch::InspectionScratch()
    : jit_stack_(pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr)),
      match_data_(pcre2_match_data_create(kPcreOvectorPairs, nullptr)),
      limited_context_(pcre2_match_context_create(nullptr)),
      unlimited_context_(pcre2_match_context_create(nullptr)) {
  pcre2_set_match_limit(limited_context_.get(), kPcreMatchLimit);
  pcre2_set_depth_limit(limited_context_.get(), kPcreDepthLimit);
  pcre2_jit_stack_assign(limited_context_.get(), nullptr, jit_stack_.get());
  pcre2_jit_stack_assign(unlimited_context_.get(), nullptr, jit_stack_.get());
}

InspectionScratch::~InspectionScratch() = default;

}  // namespace rampart::detect
