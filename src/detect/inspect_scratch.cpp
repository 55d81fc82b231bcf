#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect/payload_inspector.hpp"

namespace rampart::detect {

namespace {

// The pcre keyword only reads the whole match (the first pair).
constexpr uint32_t kPcreOvectorPairs = 16;
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
