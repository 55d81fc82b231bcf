#include "detect/port_groups.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace rampart::detect {

namespace {

constexpr uint32_t kPorts = 65536;

// The port space cut into ranges over which the keyed rules do not change.
struct PortRanges {
  std::vector<uint32_t> starts;             // and kPorts at the end
  std::vector<std::vector<uint32_t>> rules;  // per range, sorted
};

PortRanges cut_port_ranges(std::span<const PortKeyedRule> rules) {
  PortRanges out;
  out.starts = {0, kPorts};
  for (const auto& r : rules)
    for (const auto& i : r.ports.ports.intervals()) {
      out.starts.push_back(i.first);
      out.starts.push_back(uint32_t{i.last} + 1);
    }
  std::sort(out.starts.begin(), out.starts.end());
  out.starts.erase(std::unique(out.starts.begin(), out.starts.end()), out.starts.end());
  out.rules.resize(out.starts.size() - 1);
  auto range_at = [&](uint32_t port) {
    return static_cast<size_t>(std::lower_bound(out.starts.begin(), out.starts.end(), port) - out.starts.begin());
  };
  for (const auto& r : rules)
    for (const auto& i : r.ports.ports.intervals())
      for (size_t k = range_at(i.first), end = range_at(uint32_t{i.last} + 1); k < end; ++k) out.rules[k].push_back(r.rule);
  for (auto& list : out.rules) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return out;
}

// Which distinct sets keep a group of their own: the set of the most ports (the
// rules of all the ports no rule names), then the sets of the preferred ports in
// their order (most traffic goes to these), then the largest ones, since joining a
// large set slows the scan of every port it joins.
std::vector<bool> sets_kept(const std::vector<std::vector<uint32_t>>& sets, const std::vector<uint32_t>& port_counts,
                            const std::vector<size_t>& preference, size_t max_groups) {
  std::vector<bool> kept(sets.size(), true);
  if (sets.size() <= max_groups) return kept;
  std::vector<size_t> order(sets.size());
  std::iota(order.begin(), order.end(), size_t{0});
  size_t widest = static_cast<size_t>(std::max_element(port_counts.begin(), port_counts.end()) - port_counts.begin());
  auto rank = [&](size_t s) { return s == widest ? 0 : preference[s]; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return sets[a].size() > sets[b].size();
  });
  size_t keep = max_groups > 1 ? max_groups - 1 : 0;  // one group holds the joined sets
  for (size_t k = keep; k < order.size(); ++k) kept[order[k]] = false;
  return kept;
}

// The distinct keyed rule sets of the ranges, and the set of each range.
struct DistinctSets {
  std::vector<std::vector<uint32_t>> sets;
  std::vector<size_t> set_of_range;
  std::vector<uint32_t> port_counts;  // per set
};

DistinctSets distinct_sets(PortRanges& ranges) {
  DistinctSets out;
  std::map<std::vector<uint32_t>, size_t> index;
  for (size_t k = 0; k < ranges.rules.size(); ++k) {
    auto [it, added] = index.try_emplace(std::move(ranges.rules[k]), out.sets.size());
    if (added) {
      out.sets.push_back(it->first);
      out.port_counts.push_back(0);
    }
    out.set_of_range.push_back(it->second);
    out.port_counts[it->second] += ranges.starts[k + 1] - ranges.starts[k];
  }
  return out;
}

// Per set, 1 + the place of its first preferred port; after them all for the others.
std::vector<size_t> preference_of_sets(const PortRanges& ranges, const DistinctSets& d, std::span<const uint16_t> preferred) {
  std::vector<size_t> preference(d.sets.size(), preferred.size() + 1);
  for (size_t k = preferred.size(); k-- > 0;) {
    auto range = std::upper_bound(ranges.starts.begin(), ranges.starts.end(), preferred[k]) - ranges.starts.begin() - 1;
    preference[d.set_of_range[static_cast<size_t>(range)]] = k + 1;
  }
  return preference;
}

}  // namespace

PortGroups PortGroups::plan(std::span<const PortKeyedRule> rules, size_t max_groups, std::span<const uint16_t> preferred) {
  PortRanges ranges = cut_port_ranges(rules);
  DistinctSets d = distinct_sets(ranges);
  std::vector<bool> kept = sets_kept(d.sets, d.port_counts, preference_of_sets(ranges, d, preferred), max_groups);
  // Groups numbered in the order of their first port, the joined one where it first appears.
  constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> group_of_set(d.sets.size(), kNone);
  std::vector<bool> placed(d.sets.size(), false);
  size_t joined = kNone;
  PortGroups out;
  out.keyed_rules_.clear();
  std::vector<uint16_t> group_of_range;
  for (size_t s : d.set_of_range) {
    size_t& group = kept[s] ? group_of_set[s] : joined;
    if (group == kNone) {
      group = out.keyed_rules_.size();
      out.keyed_rules_.emplace_back();
    }
    if (!placed[s]) {
      placed[s] = true;
      out.keyed_rules_[group].insert(out.keyed_rules_[group].end(), d.sets[s].begin(), d.sets[s].end());
    }
    group_of_range.push_back(static_cast<uint16_t>(group));
  }
  out.fill(ranges.starts, group_of_range);
  return out;
}

void PortGroups::fill(const std::vector<uint32_t>& starts, const std::vector<uint16_t>& group_of_range) {
  for (auto& list : keyed_rules_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  if (keyed_rules_.size() < 2) return;
  group_of_port_.resize(kPorts);
  for (size_t k = 0; k < group_of_range.size(); ++k)
    std::fill(group_of_port_.begin() + starts[k], group_of_port_.begin() + starts[k + 1], group_of_range[k]);
}

PortSet PortGroups::ports(size_t group) const {
  if (group_of_port_.empty()) return group == 0 ? PortSet::full() : PortSet{};
  std::vector<Interval<uint16_t>> intervals;
  for (uint32_t port = 0; port < kPorts; ++port) {
    if (group_of_port_[port] != group) continue;
    auto p = static_cast<uint16_t>(port);
    if (!intervals.empty() && intervals.back().last + 1u == port) {
      intervals.back().last = p;
    } else {
      intervals.push_back({p, p});
    }
  }
  return {IntervalSet<uint16_t>(std::move(intervals))};
}

}  // namespace rampart::detect
