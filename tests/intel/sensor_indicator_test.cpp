#include "intel/sensor_indicator.hpp"

#include <gtest/gtest.h>

#include "intel/stix_samples.hpp"

namespace rampart::intel {
namespace {

constexpr std::string_view kId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

std::vector<SensorIndicator> compile_ok(std::string_view pattern) {
  auto compiled = compile_for_sensors(pattern, kId);
  EXPECT_TRUE(compiled) << pattern << ": " << (compiled ? "" : compiled.error());
  return compiled ? *compiled : std::vector<SensorIndicator>{};
}

SensorIndicator indicator(SensorIndicatorKind kind, std::string value) {
  return SensorIndicator{kind, std::move(value), std::string(kId)};
}

TEST(SensorIndicator, CompilesEachSupportedTest) {
  using K = SensorIndicatorKind;
  struct Case {
    const char* pattern;
    SensorIndicator expected;
  };
  const Case cases[] = {
      {"[ipv4-addr:value = '198.51.100.7']", indicator(K::Ipv4Cidr, "198.51.100.7/32")},
      {"[ipv4-addr:value = '198.51.100.7/24']", indicator(K::Ipv4Cidr, "198.51.100.0/24")},
      {"[ipv4-addr:value ISSUBSET '10.20.30.40/16']", indicator(K::Ipv4Cidr, "10.20.0.0/16")},
      {"[ipv6-addr:value = '2001:DB8:0::7']", indicator(K::Ipv6Cidr, "2001:db8::7/128")},
      {"[ipv6-addr:value ISSUBSET '2001:db8:abcd::/32']", indicator(K::Ipv6Cidr, "2001:db8::/32")},
      {"[domain-name:value = 'Evil.Example.COM.']", indicator(K::Domain, "evil.example.com")},
      {"[url:value = 'http://evil.example.com/Path?q=1']", indicator(K::Url, "http://evil.example.com/Path?q=1")},
      {"[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']", indicator(K::Md5, "d41d8cd98f00b204e9800998ecf8427e")},
      {"[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']", indicator(K::Md5, "d41d8cd98f00b204e9800998ecf8427e")},
      {"[file:hashes.'SHA-1' = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709']",
       indicator(K::Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709")},
      {"[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']",
       indicator(K::Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")},
      {"[network-traffic:dst_ref.value = '203.0.113.9']", indicator(K::Ipv4Cidr, "203.0.113.9/32")},
      {"[network-traffic:dst_ref.value = '2001:db8::9']", indicator(K::Ipv6Cidr, "2001:db8::9/128")},
      {"[network-traffic:src_ref.value = 'C2.Example.net']", indicator(K::Domain, "c2.example.net")},
  };
  for (const auto& c : cases) {
    const auto compiled = compile_ok(c.pattern);
    ASSERT_EQ(compiled.size(), 1u) << c.pattern;
    EXPECT_EQ(compiled[0], c.expected) << c.pattern << " -> " << kind_name(compiled[0].kind) << " " << compiled[0].value;
  }
}

TEST(SensorIndicator, CompilesOrsOfComparisonsObservationsAndInSets) {
  const auto compiled = compile_ok(
      "[ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '192.0.2.2'] OR [domain-name:value = 'a.example'] OR "
      "[url:value IN ('http://a.example/x', 'http://b.example/y')]");
  ASSERT_EQ(compiled.size(), 5u);
  EXPECT_EQ(compiled[0].value, "192.0.2.1/32");
  EXPECT_EQ(compiled[1].value, "192.0.2.2/32");
  EXPECT_EQ(compiled[2].kind, SensorIndicatorKind::Domain);
  EXPECT_EQ(compiled[4].value, "http://b.example/y");
}

TEST(SensorIndicator, RefusesWhatSensorsCannotMatchWithAReason) {
  struct Case {
    const char* pattern;
    const char* reason;
  };
  const Case cases[] = {
      {"[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'a.example']", "AND of comparisons"},
      {"[ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'a.example']", "AND of observations"},
      {"[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'a.example']", "FOLLOWEDBY"},
      {"[ipv4-addr:value = '1.2.3.4'] WITHIN 60 SECONDS", "qualifiers"},
      {"[ipv4-addr:value = '1.2.3.4'] REPEATS 3 TIMES", "qualifiers"},
      {"[process:name = 'evil.exe']", "sensors do not observe process:name"},
      {"[file:name = 'evil.exe']", "sensors do not observe file:name"},
      {"[file:hashes.'SHA-512' = 'aa']", "sensors do not observe file:hashes.'SHA-512'"},
      {"[ipv4-addr:value NOT = '1.2.3.4']", "negated comparison"},
      {"[ipv4-addr:value != '1.2.3.4']", "operator != on ipv4-addr:value"},
      {"[domain-name:value LIKE '%.example']", "operator LIKE on domain-name:value"},
      {"[domain-name:value ISSUBSET 'example']", "operator ISSUBSET on domain-name:value"},
      {"[ipv4-addr:value = 'not-an-address']", "'not-an-address' is not an IPv4 address or CIDR"},
      {"[ipv6-addr:value = '1.2.3.4']", "'1.2.3.4' is not an IPv6 address or CIDR"},
      {"[file:hashes.MD5 = 'abc']", "'abc' is not a 32-digit hex hash"},
      {"[domain-name:value = 'bad domain']", "'bad domain' is not a domain name"},
      {"[ipv4-addr:value = 16909060]", "compared value is not a string"},
      {"[network-traffic:dst_ref.value ISSUBSET 'example.org']", "ISSUBSET needs an address block"},
      {"[url:value IN ()]", "empty IN set"},
  };
  for (const auto& c : cases) {
    auto compiled = compile_for_sensors(c.pattern, kId);
    ASSERT_FALSE(compiled) << c.pattern;
    EXPECT_EQ(compiled.error().rfind("not deployable to sensors: ", 0), 0u) << compiled.error();
    EXPECT_NE(compiled.error().find(c.reason), std::string::npos) << c.pattern << ": " << compiled.error();
  }
}

TEST(SensorIndicator, ReportsSyntaxErrorsAsInvalidPatterns) {
  auto compiled = compile_for_sensors("[ipv4-addr:value = ]", kId);
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error(), "invalid pattern: byte 19: expected a literal, found ']'");
}

TEST(SensorIndicator, CompilesAnIndicatorObject) {
  auto object = make_stix_object(test::sample("indicator"));
  ASSERT_TRUE(object);
  auto compiled = compile_for_sensors(*object);
  ASSERT_TRUE(compiled);
  ASSERT_EQ(compiled->size(), 1u);
  EXPECT_EQ((*compiled)[0], indicator(SensorIndicatorKind::Ipv4Cidr, "198.51.100.7/32"));

  auto sigma = make_stix_object(test::with(test::sample("indicator"), {{"pattern_type", "sigma"}, {"pattern", "title: x"}}));
  ASSERT_TRUE(sigma);
  EXPECT_EQ(compile_for_sensors(*sigma).error(), "not deployable to sensors: pattern_type is not \"stix\"");
  auto malware = make_stix_object(test::sample("malware"));
  ASSERT_TRUE(malware);
  EXPECT_FALSE(compile_for_sensors(*malware));
}

TEST(SensorIndicator, HandBuiltObjectsWithoutAStringPatternAreRefused) {
  StixObject object;
  object.type = "indicator";
  object.id = std::string(kId);
  object.json = Json{{"pattern_type", "stix"}, {"pattern", 7}};
  EXPECT_EQ(compile_for_sensors(object).error(), "not deployable to sensors: the indicator has no pattern");
  object.json = Json::array();
  EXPECT_EQ(compile_for_sensors(object).error(), "not deployable to sensors: pattern_type is not \"stix\"");
}

}  // namespace
}  // namespace rampart::intel
