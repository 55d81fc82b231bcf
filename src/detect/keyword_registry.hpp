#pragma once
// Rule option keywords by name. Each family of keywords lives in one file of
// keywords/ and registers itself through one function listed in keyword_registry.cpp;
// sticky buffers come from the BufferRegistry.
#include <map>
#include <string>
#include <string_view>

#include "detect/rule_builder.hpp"
#include "detect/rule_error.hpp"

namespace rampart::detect {

enum class ValueUse { None, Required, Optional };

using KeywordHandler = RuleResult<void> (*)(RuleBuilder& builder, std::string_view name, std::string_view value);

struct KeywordSpec {
  std::string name;
  ValueUse value = ValueUse::Required;
  KeywordHandler handler = nullptr;
};

class KeywordRegistry {
 public:
  // All built-in keywords, sticky buffers included.
  static const KeywordRegistry& builtin();

  void add(KeywordSpec spec);
  const KeywordSpec* find(std::string_view name) const;
  size_t size() const { return keywords_.size(); }

 private:
  std::map<std::string, KeywordSpec, std::less<>> keywords_;
};

}  // namespace rampart::detect
