#pragma once
// The detection state one flow carries between packets: its flowbits, flowints and
// flowvars (pcre captures; by interned name id, see variable_names.hpp), whether a
// pass rule matched it, and its session tags.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/file_store_marks.hpp"
#include "detect/packet_tags.hpp"

namespace rampart::detect {

struct FlowVars {
  std::vector<uint32_t> bits;  // sorted ids of the flowbits that are set
  std::vector<std::pair<uint32_t, int64_t>> ints;
  std::vector<std::pair<uint32_t, std::string>> strings;  // flowvars, in the order first set
  std::vector<std::pair<uint32_t, double>> entropies;     // the last entropy keyword value per buffer
  bool passed = false;  // a pass rule matched: no more inspection of this flow
  std::unique_ptr<TagList> tags;
  std::unique_ptr<FileStoreMarks> file_stores;  // the files filestore rules asked for (rare: allocated then)  // tag:session of the rules that alerted on it (rare: allocated then)

  bool is_set(uint32_t id) const { return std::binary_search(bits.begin(), bits.end(), id); }
  void set(uint32_t id) {
    auto it = std::lower_bound(bits.begin(), bits.end(), id);
    if (it == bits.end() || *it != id) bits.insert(it, id);
  }
  void unset(uint32_t id) {
    auto it = std::lower_bound(bits.begin(), bits.end(), id);
    if (it != bits.end() && *it == id) bits.erase(it);
  }
  std::optional<int64_t> get_int(uint32_t id) const {
    for (const auto& [k, v] : ints)
      if (k == id) return v;
    return std::nullopt;
  }
  void set_int(uint32_t id, int64_t value) { assign(ints, id, value); }
  void set_entropy(uint32_t id, double value) { assign(entropies, id, value); }
  void set_string(uint32_t id, std::string_view value) { assign(strings, id, std::string(value)); }

 private:
  // Replaces id's value, or appends it: the lists stay in the order first set.
  template <typename T, typename V>
  static void assign(std::vector<std::pair<uint32_t, T>>& list, uint32_t id, V&& value) {
    for (auto& [k, v] : list)
      if (k == id) {
        v = std::forward<V>(value);
        return;
      }
    list.emplace_back(id, std::forward<V>(value));
  }
};

}  // namespace rampart::detect
