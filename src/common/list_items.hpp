#pragma once
// Items of a configuration list as suricata.yaml spells it: "[a, b]", "a,b" or "a b".
#include <algorithm>
#include <string_view>

namespace rampart {

// Calls `each(item)` for every item in order; stops at and returns the first
// result that converts to false.
template <typename Each>
auto for_each_list_item(std::string_view list, Each each) -> decltype(each(list)) {
  constexpr std::string_view kSeparators = "[], ";
  size_t pos = 0;
  while ((pos = list.find_first_not_of(kSeparators, pos)) != std::string_view::npos) {
    size_t end = std::min(list.find_first_of(kSeparators, pos), list.size());
    if (auto r = each(list.substr(pos, end - pos)); !r) return r;
    pos = end;
  }
  return {};
}

}  // namespace rampart
