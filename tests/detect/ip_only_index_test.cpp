#include "detect/ip_only_index.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "detect/variables.hpp"

namespace rampart::detect {
namespace {

AddressSet addresses(const std::string& text) {
  RuleVariables vars;
  auto set = parse_address_set(text, vars);
  EXPECT_TRUE(set.has_value()) << text;
  return set ? *set : AddressSet{};
}

std::set<uint32_t> lookup(const IpOnlyIndex& index, const char* src, const char* dst) {
  std::set<uint32_t> out;
  index.candidates(*IpAddress::parse(src), *IpAddress::parse(dst), [&](uint32_t r) { out.insert(r); });
  return out;
}

TEST(IpOnlyIndex, IndexesTheNarrowerSide) {
  IpOnlyIndex index;
  index.add(0, addresses("[1.2.3.4,5.6.7.0/24]"), AddressSet::full());
  index.add(1, addresses("[10.0.0.0/8,192.168.0.0/16]"), addresses("[8.8.8.8,9.9.9.9]"));
  index.add(2, addresses("5.6.7.8"), addresses("any"));
  index.build();
  EXPECT_EQ(index.rule_count(), 3u);
  EXPECT_EQ(lookup(index, "1.2.3.4", "10.0.0.1"), (std::set<uint32_t>{0}));
  EXPECT_EQ(lookup(index, "5.6.7.8", "10.0.0.1"), (std::set<uint32_t>{0, 2}));
  EXPECT_EQ(lookup(index, "5.6.8.1", "10.0.0.1"), (std::set<uint32_t>{}));
  // Rule 1 is found by its destination list, whatever the source.
  EXPECT_EQ(lookup(index, "172.16.0.1", "9.9.9.9"), (std::set<uint32_t>{1}));
  EXPECT_EQ(lookup(index, "1.2.3.4", "8.8.8.8"), (std::set<uint32_t>{0, 1}));
}

TEST(IpOnlyIndex, HandlesRangeEdgesAndIpv6) {
  IpOnlyIndex index;
  index.add(0, addresses("[255.255.255.255,0.0.0.0]"), AddressSet::full());
  index.add(1, addresses("2001:db8::/32"), AddressSet::full());
  index.add(2, addresses("!10.0.0.0/8"), addresses("10.0.0.5"));
  index.add(3, addresses("172.16.9.9"), AddressSet::full(), true);
  index.build();
  EXPECT_EQ(lookup(index, "255.255.255.255", "1.1.1.1"), (std::set<uint32_t>{0}));
  EXPECT_EQ(lookup(index, "0.0.0.0", "1.1.1.1"), (std::set<uint32_t>{0}));
  EXPECT_EQ(lookup(index, "2001:db8::1", "::1"), (std::set<uint32_t>{1}));
  EXPECT_EQ(lookup(index, "2001:db9::1", "::1"), (std::set<uint32_t>{}));
  EXPECT_EQ(lookup(index, "1.1.1.1", "10.0.0.5"), (std::set<uint32_t>{2}));
  // Bidirectional: found whichever way the packet goes.
  EXPECT_EQ(lookup(index, "172.16.9.9", "1.1.1.1"), (std::set<uint32_t>{3}));
  EXPECT_EQ(lookup(index, "1.1.1.1", "172.16.9.9"), (std::set<uint32_t>{3}));
}

TEST(IpOnlyIndex, ManyRulesWithManyAddresses) {
  IpOnlyIndex index;
  for (uint32_t rule = 0; rule < 40; ++rule) {
    std::string list = "[";
    for (int i = 0; i < 100; ++i) list += fmt::format("{}.{}.{}.1,", 20 + rule % 50, rule, i);
    list.back() = ']';
    index.add(rule, addresses(list), AddressSet::full());
  }
  index.build();
  EXPECT_EQ(lookup(index, "27.7.50.1", "1.1.1.1"), (std::set<uint32_t>{7}));
  EXPECT_EQ(lookup(index, "27.7.50.2", "1.1.1.1"), (std::set<uint32_t>{}));
}

}  // namespace
}  // namespace rampart::detect
