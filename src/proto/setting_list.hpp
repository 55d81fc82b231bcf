#pragma once
// Lists in logger settings as text: a YAML list arrives as "[a, b]" or "a,b".
#include <algorithm>
#include <expected>
#include <string>
#include <string_view>

namespace rampart::proto {

// Calls `each` on every item of a comma- or space-separated list, brackets
// ignored; stops at the first error.
template <typename Each>
std::expected<void, std::string> for_each_item(std::string_view list, Each each) {
  constexpr std::string_view kSeparators = "[], ";
  size_t pos = 0;
  while ((pos = list.find_first_not_of(kSeparators, pos)) != std::string_view::npos) {
    size_t end = std::min(list.find_first_of(kSeparators, pos), list.size());
    if (auto r = each(list.substr(pos, end - pos)); !r) return r;
    pos = end;
  }
  return {};
}

}  // namespace rampart::proto
