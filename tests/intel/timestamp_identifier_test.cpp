#include <gtest/gtest.h>

#include "intel/cidr.hpp"
#include "intel/stix_identifier.hpp"
#include "intel/stix_timestamp.hpp"

namespace rampart::intel {
namespace {

TEST(StixTimestamp, ParsesUtcWithAndWithoutFraction) {
  auto whole = StixTimestamp::parse("1970-01-02T00:00:01Z");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->seconds, 86401);
  EXPECT_EQ(whole->fraction_digits, 0);
  auto fine = StixTimestamp::parse("2016-05-12T08:17:27.123456789123Z");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->seconds, 1463041047);
  EXPECT_EQ(fine->nanoseconds, 123456789u);
  EXPECT_EQ(fine->fraction_digits, 12);
}

TEST(StixTimestamp, ChecksTheCalendar) {
  EXPECT_TRUE(StixTimestamp::parse("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(StixTimestamp::parse("2023-02-29T00:00:00Z"));
  EXPECT_TRUE(StixTimestamp::parse("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(StixTimestamp::parse("1900-02-29T00:00:00Z"));
  EXPECT_FALSE(StixTimestamp::parse("2024-04-31T00:00:00Z"));
  EXPECT_FALSE(StixTimestamp::parse("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(StixTimestamp::parse("2024-01-01T24:00:00Z"));
  EXPECT_TRUE(StixTimestamp::parse("2016-12-31T23:59:60Z"));
}

TEST(StixTimestamp, RejectsOtherForms) {
  for (const char* text : {"2024-01-01T00:00:00", "2024-01-01T00:00:00+00:00", "2024-01-01t00:00:00Z",
                           "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00ZZ", "24-01-01T00:00:00Z", "", "2024-01-01"}) {
    EXPECT_FALSE(StixTimestamp::parse(text)) << text;
  }
}

TEST(StixTimestamp, OrdersBySecondsThenFraction) {
  EXPECT_LT(*StixTimestamp::parse("2024-01-01T00:00:00.001Z"), *StixTimestamp::parse("2024-01-01T00:00:00.0011Z"));
  EXPECT_EQ(*StixTimestamp::parse("2024-01-01T00:00:00.1Z"), *StixTimestamp::parse("2024-01-01T00:00:00.100Z"));
}

TEST(StixIdentifier, SplitsTypeAndUuidAndReadsTheVersion) {
  auto id = parse_identifier("threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->type, "threat-actor");
  EXPECT_EQ(id->uuid, "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  EXPECT_EQ(id->uuid_version, 4);
  EXPECT_EQ(parse_identifier("file--a0c8d9f2-6e8c-5b5d-9c1a-1f2e3d4c5b6a")->uuid_version, 5);
}

TEST(StixIdentifier, RejectsMalformedIdentifiers) {
  EXPECT_FALSE(parse_identifier("8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_FALSE(parse_identifier("ab--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_FALSE(parse_identifier("url--8e2e2d2b17d44cbf938f98ee46b3cd3f"));
  EXPECT_FALSE(parse_identifier("url--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3g"));
  EXPECT_FALSE(parse_identifier("url--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f"));
}

TEST(StixTypeName, FollowsTheSpecificationsSyntax) {
  EXPECT_TRUE(is_valid_type_name("x-acme-widget"));
  EXPECT_TRUE(is_valid_type_name("ipv4-addr"));
  EXPECT_FALSE(is_valid_type_name("ab"));
  EXPECT_FALSE(is_valid_type_name("Indicator"));
  EXPECT_FALSE(is_valid_type_name("4ever"));
  EXPECT_FALSE(is_valid_type_name("a--b"));
  EXPECT_FALSE(is_valid_type_name("x_acme"));
  EXPECT_FALSE(is_valid_type_name(std::string(251, 'a')));
}

TEST(Cidr, CanonicalisesAddressesAndBlocks) {
  EXPECT_EQ(parse_cidr("198.51.100.7")->to_string(), "198.51.100.7/32");
  EXPECT_EQ(parse_cidr("10.1.2.3/8")->to_string(), "10.0.0.0/8");
  EXPECT_EQ(parse_cidr("0.0.0.0/0")->to_string(), "0.0.0.0/0");
  EXPECT_EQ(parse_cidr("2001:DB8:0:0::1")->to_string(), "2001:db8::1/128");
  EXPECT_EQ(parse_cidr("2001:db8:ffff::/33")->to_string(), "2001:db8:8000::/33");
  EXPECT_FALSE(parse_cidr("10.0.0.0/33"));
  EXPECT_FALSE(parse_cidr("10.0.0.0/"));
  EXPECT_FALSE(parse_cidr("10.0.0.0/+8"));
  EXPECT_FALSE(parse_cidr("10.0.0.1", 6));
  EXPECT_FALSE(parse_cidr("::1", 4));
  EXPECT_FALSE(parse_cidr("example.org"));
}

}  // namespace
}  // namespace rampart::intel
