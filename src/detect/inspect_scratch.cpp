#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect/payload_inspector.hpp"

namespace rampart::detect {

namespace {

// The pcre keyword only reads the whole match (the first pair).
constexpr uint32_t kPcreOvectorPairs = 16;

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

InspectionScratch::InspectionScratch()
    : match_data_(pcre2_match_data_create(kPcreOvectorPairs, nullptr)), limited_context_(pcre2_match_context_create(nullptr)) {
  pcre2_set_match_limit(limited_context_.get(), kPcreMatchLimit);
  pcre2_set_depth_limit(limited_context_.get(), kPcreDepthLimit);
}

InspectionScratch::~InspectionScratch() = default;

}  // namespace rampart::detect
