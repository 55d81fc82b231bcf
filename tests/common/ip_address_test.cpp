#include "common/ip_address.hpp"

#include <gtest/gtest.h>

namespace rampart {
namespace {

TEST(IpAddress, FormatsIpv4Dotted) {
  auto a = IpAddress::parse("192.168.1.10");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->to_string(), "192.168.1.10");
}

TEST(IpAddress, FormatsIpv6FullyExpandedLikeSuricata) {
  auto a = IpAddress::parse("2001:db8::68");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v6());
  EXPECT_EQ(a->to_string(), "2001:0db8:0000:0000:0000:0000:0000:0068");
}

TEST(IpAddress, OrdersAndComparesByValue) {
  auto a = *IpAddress::parse("10.0.0.1"), b = *IpAddress::parse("10.0.0.2");
  EXPECT_LT(a, b);
  EXPECT_EQ(a, *IpAddress::parse("10.0.0.1"));
  EXPECT_FALSE(IpAddress::parse("10.0.0.256"));
}

}  // namespace
}  // namespace rampart
