#pragma once
// What the loaded rules ask of the files the protocols carry, so the sensor does
// that work only when a rule needs it: the digests filemd5 / filesha1 /
// filesha256 compare (proto::file_hash bits), and whether a rule stores files
// (filestore).
#include <cstdint>

#include "detect/rule_set.hpp"

namespace rampart::detect {

struct FileRuleNeeds {
  uint8_t hashes = 0;
  bool store = false;
};

FileRuleNeeds file_rule_needs(const RuleSet& rules);

}  // namespace rampart::detect
