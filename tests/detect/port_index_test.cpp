#include "detect/port_index.hpp"

#include <gtest/gtest.h>

#include <set>

#include "detect/range_index.hpp"
#include "detect/variables.hpp"

namespace rampart::detect {
namespace {

PortSet ports(const std::string& text) {
  RuleVariables vars;
  auto set = parse_port_set(text, vars);
  EXPECT_TRUE(set.has_value()) << text;
  return set ? *set : PortSet{};
}

std::set<uint32_t> lookup(const PortIndex& index, uint16_t first, uint16_t second) {
  std::set<uint32_t> out;
  index.candidates(first, second, [&](uint32_t r) { out.insert(r); });
  return out;
}

// A large index searches only the ranges of the value's top bits: every value finds
// what a scan of all ranges finds, at bucket edges and across empty buckets too.
TEST(RangeIndex, LargeIndexFindsWhatAScanFinds) {
  RangeIndex<uint32_t> index;
  std::vector<Interval<uint32_t>> ranges;
  for (uint32_t i = 0; i < 600; ++i) {
    uint32_t first = i * 7'000'003u;  // spread over the whole space, unaligned to buckets
    ranges.push_back({first, first + (i % 5 == 0 ? 20'000'000u : 1000u)});
    index.add(ranges.back(), i);
  }
  ranges.push_back({0xFFFF'FF00u, 0xFFFF'FFFFu});
  index.add(ranges.back(), 600);
  index.build();
  auto expected = [&](uint32_t v) {
    std::vector<uint32_t> out;
    for (uint32_t r = 0; r < ranges.size(); ++r)
      if (ranges[r].first <= v && v <= ranges[r].last) out.push_back(r);
    return out;
  };
  for (uint32_t i = 0; i < 600; ++i) {
    uint32_t first = i * 7'000'003u;
    for (uint32_t v : {first - 1, first, first + 1000u, first + 1001u, first + 20'000'000u, first + 3'500'000u,
                       (first >> 20) << 20, ((first >> 20) << 20) - 1, 0xFFFF'FFFFu}) {
      std::vector<uint32_t> found;
      index.find(v, [&](uint32_t r) { found.push_back(r); });
      EXPECT_EQ(found, expected(v)) << v;
    }
  }
}

TEST(RangeIndex, FindsTheRulesOfOverlappingRanges) {
  RangeIndex<uint16_t> index;
  index.add(Interval<uint16_t>{10, 20}, 0);
  index.add(Interval<uint16_t>{15, 65535}, 1);
  index.add(Interval<uint16_t>{0, 0}, 2);
  std::vector<uint32_t> found;
  auto find = [&](uint16_t v) {
    found.clear();
    index.find(v, [&](uint32_t r) { found.push_back(r); });
    return found;
  };
  EXPECT_TRUE(find(5).empty()) << "nothing before build()";
  index.build();
  EXPECT_EQ(find(0), (std::vector<uint32_t>{2}));
  EXPECT_EQ(find(9), (std::vector<uint32_t>{}));
  EXPECT_EQ(find(10), (std::vector<uint32_t>{0}));
  EXPECT_EQ(find(17), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(find(21), (std::vector<uint32_t>{1}));
  EXPECT_EQ(find(65535), (std::vector<uint32_t>{1}));
}

TEST(PortIndex, IndexesTheNarrowerSide) {
  PortIndex index;
  index.add(0, PortSet::full(), ports("53"), false);
  index.add(1, ports("[1024:]"), ports("[80,8080]"), false);
  index.add(2, ports("!53"), PortSet::full(), false);
  index.build();
  EXPECT_EQ(index.rules(), (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(lookup(index, 40000, 53), (std::set<uint32_t>{0, 2}));
  EXPECT_EQ(lookup(index, 53, 53), (std::set<uint32_t>{0}));
  // Rule 1 is found by its destination ports, whatever the source port.
  EXPECT_EQ(lookup(index, 53, 8080), (std::set<uint32_t>{1}));
  EXPECT_EQ(lookup(index, 53, 443), (std::set<uint32_t>{}));
}

TEST(PortIndex, BidirectionalRulesAreFoundFromEitherSide) {
  PortIndex index;
  index.add(7, PortSet::full(), ports("22"), true);
  index.build();
  EXPECT_EQ(lookup(index, 40000, 22), (std::set<uint32_t>{7}));
  EXPECT_EQ(lookup(index, 22, 40000), (std::set<uint32_t>{7}));
  EXPECT_EQ(lookup(index, 40000, 23), (std::set<uint32_t>{}));
}

}  // namespace
}  // namespace rampart::detect
