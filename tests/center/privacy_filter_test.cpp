// The privacy filter (src/center/privacy): Crypto-PAn against the reference
// distribution's sample, the prefix-preserving property over many address pairs,
// keyed pseudonyms against an independent HMAC-SHA256 computation, text scrubbing,
// whole STIX objects (the rewritten pattern must stay valid), and the center.yaml
// section.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <random>

#include "center/privacy/privacy_config.hpp"
#include "center/privacy/privacy_filter.hpp"
#include "intel/pattern.hpp"
#include "temp_dir.hpp"

namespace rampart::center::privacy {
namespace {

using intel::Json;

std::string test_key() {
  std::string key;
  for (int i = 0; i < 32; ++i) key += static_cast<char>(i);
  return key;
}

PrivacyFilter make_filter(AddressTreatment treatment, std::vector<std::string> networks = {"10.0.0.0/8", "192.168.0.0/16",
                                                                                           "fd00::/8"}) {
  PrivacySettings settings;
  for (const auto& network : networks) settings.internal_networks.push_back(*intel::parse_cidr(network));
  settings.addresses = treatment;
  settings.key = test_key();
  auto filter = PrivacyFilter::create(settings);
  EXPECT_TRUE(filter) << filter.error();
  return filter ? *filter : PrivacyFilter();
}

int common_prefix(const intel::Cidr& a, const intel::Cidr& b) {
  int bits = a.family == 4 ? 32 : 128;
  for (int bit = 0; bit < bits; ++bit)
    if (((a.bytes[static_cast<size_t>(bit / 8)] ^ b.bytes[static_cast<size_t>(bit / 8)]) >> (7 - bit % 8)) & 1) return bit;
  return bits;
}

TEST(PrefixPreserving, MatchesTheCryptoPanReferenceSample) {
  // The sample key and trace of the Crypto-PAn reference distribution.
  const std::vector<uint8_t> key_bytes{21,  34,  23,  141, 51,  164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16,
                                       216, 152, 143, 131, 121, 121, 101, 39,  98, 87, 76, 45, 42, 132, 34,  2};
  std::string key(key_bytes.begin(), key_bytes.end());
  PrefixPreservingPseudonymiser pseudonymiser(key);
  for (auto [in, out] : std::vector<std::pair<std::string, std::string>>{{"128.11.68.132", "135.242.180.132/32"},
                                                                        {"129.118.74.4", "134.136.186.123/32"},
                                                                        {"130.132.252.244", "133.68.164.234/32"},
                                                                        {"141.223.7.43", "141.167.8.160/32"},
                                                                        {"141.233.145.108", "141.129.237.235/32"},
                                                                        {"152.163.225.39", "151.140.114.167/32"},
                                                                        {"156.29.3.236", "147.225.12.42/32"},
                                                                        {"165.247.96.84", "162.9.99.234/32"},
                                                                        {"166.107.77.190", "160.132.178.185/32"}})
    EXPECT_EQ(pseudonymiser.pseudonymise(*intel::parse_cidr(in)).to_string(), out) << in;
}

TEST(PrefixPreserving, SharedPrefixInIsSharedPrefixOut) {
  PrefixPreservingPseudonymiser pseudonymiser(test_key());
  std::mt19937_64 random(20261126);
  for (int family : {4, 6}) {
    int bits = family == 4 ? 32 : 128;
    for (int round = 0; round < 1000; ++round) {
      intel::Cidr a;
      a.family = family;
      a.prefix_length = bits;
      for (int i = 0; i < bits / 8; ++i) a.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(random());
      // b shares exactly `shared` leading bits with a.
      int shared = static_cast<int>(random() % static_cast<uint64_t>(bits + 1));
      intel::Cidr b = a;
      for (int bit = shared; bit < bits; ++bit) {
        auto mask = static_cast<uint8_t>(0x80u >> (bit % 8));
        bool value = bit == shared ? !(a.bytes[static_cast<size_t>(bit / 8)] & mask) : (random() & 1);
        auto& byte = b.bytes[static_cast<size_t>(bit / 8)];
        byte = static_cast<uint8_t>(value ? byte | mask : byte & ~mask);
      }
      ASSERT_EQ(common_prefix(a, b), shared);
      auto pa = pseudonymiser.pseudonymise(a);
      auto pb = pseudonymiser.pseudonymise(b);
      ASSERT_EQ(common_prefix(pa, pb), shared) << a.to_string() << " " << b.to_string();
      ASSERT_EQ(pa.to_string(), pseudonymiser.pseudonymise(a).to_string());  // deterministic
    }
  }
}

TEST(PrefixPreserving, BlocksKeepTheirLengthAndMapLikeTheirAddresses) {
  auto filter = make_filter(AddressTreatment::prefix_preserving);
  auto block = filter.replace_address("10.20.30.0/24");
  auto host = filter.replace_address("10.20.30.77");
  ASSERT_TRUE(block && host);
  EXPECT_TRUE(block->ends_with("/24")) << *block;
  EXPECT_EQ(block->substr(0, block->rfind('.')), host->substr(0, host->rfind('.')));
  EXPECT_EQ(host->find('/'), std::string::npos);
  EXPECT_FALSE(filter.replace_address("198.51.100.7"));  // not internal: kept
}

TEST(Keyed, MatchesAnIndependentHmacComputation) {
  // Expected values: Python's hmac over (family byte, 16 address bytes) with key bytes 0..31;
  // the internal network's prefix is kept. A block is the pseudonym of its network address.
  auto filter = make_filter(AddressTreatment::keyed);
  EXPECT_EQ(filter.replace_address("10.1.2.3"), "10.150.119.92");
  EXPECT_EQ(filter.replace_address("192.168.7.9"), "192.168.165.72");
  EXPECT_EQ(filter.replace_address("fd00::1234"), "fdfe:4793:fe25:9516:f809:6a0f:464e:7508");
  EXPECT_EQ(filter.replace_address("10.1.2.0/24"), "10.176.33.0/24");
  EXPECT_EQ(filter.replace_address("10.0.0.0/8"), "10.0.0.0/8");
  EXPECT_FALSE(filter.replace_address("11.1.2.3"));
  EXPECT_FALSE(filter.replace_address("0.0.0.0/0"));  // wider than any internal network
  EXPECT_FALSE(filter.replace_address("not an address"));
}

TEST(Remove, InternalAddressesAreRemoved) {
  auto filter = make_filter(AddressTreatment::remove);
  EXPECT_EQ(filter.replace_address("10.1.2.3"), "");
  bool removed = false;
  EXPECT_EQ(filter.scrub_text("seen from 10.1.2.3 and 8.8.8.8.", removed), "seen from [address removed] and 8.8.8.8.");
  EXPECT_TRUE(removed);
}

TEST(Text, UrlUserInfoEmailsAndAddresses) {
  EXPECT_EQ(strip_url_userinfo("get http://bob:s3cret@intranet.example/x or ftp://anon@ftp.example and a@b.example"),
            "get http://intranet.example/x or ftp://ftp.example and a@b.example");
  EXPECT_EQ(strip_url_userinfo("no url, mail@x.example"), "no url, mail@x.example");
  EXPECT_EQ(replace_emails("mail Ann.Lee+soc@corp.example, or x@y; end@z.example."),
            "mail [email removed], or x@y; [email removed].");
  auto filter = make_filter(AddressTreatment::keyed);
  bool removed = false;
  EXPECT_EQ(filter.scrub_text("host:10.1.2.3, 10.1.2.3:443, (10.1.2.0/24) and 198.51.100.1. Ask ops@corp.example",
                              removed),
            "host:10.150.119.92, 10.150.119.92:443, (10.176.33.0/24) and 198.51.100.1. Ask [email removed]");
  EXPECT_EQ(filter.scrub_text("version 1.2.3 of cafe:babe", removed), "version 1.2.3 of cafe:babe");
  EXPECT_FALSE(removed);
}

constexpr const char* kIndicatorId = "indicator--11111111-1111-4111-8111-111111111111";

Json indicator(const std::string& pattern) {
  return Json{{"type", "indicator"},           {"spec_version", "2.1"},
              {"id", kIndicatorId},            {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", "2024-03-01T10:00:00.000Z"}, {"pattern_type", "stix"},
              {"pattern", pattern},            {"valid_from", "2024-03-01T00:00:00Z"},
              {"description", "C2 seen by 10.1.2.3, reported by soc@corp.example"}};
}

TEST(Objects, IndicatorPatternIsRewrittenAndStaysValid) {
  auto filter = make_filter(AddressTreatment::keyed);
  auto filtered = filter.apply(indicator(
      "[ipv4-addr:value = '10.1.2.3' OR ipv4-addr:value ISSUBSET '10.1.2.0/24'] OR "
      "[network-traffic:dst_ref.value = '198.51.100.9' AND url:value = 'http://bob:pw@10.1.2.3/admin'] "
      "FOLLOWEDBY [email-addr:value = 'ann@corp.example'] WITHIN 60 SECONDS"));
  ASSERT_TRUE(filtered);
  auto pattern = (*filtered)["pattern"].get<std::string>();
  EXPECT_EQ(pattern,
            "[ipv4-addr:value = '10.150.119.92' OR ipv4-addr:value ISSUBSET '10.176.33.0/24'] OR "
            "[network-traffic:dst_ref.value = '198.51.100.9' AND url:value = 'http://10.150.119.92/admin'] "
            "FOLLOWEDBY [email-addr:value = '[email removed]'] WITHIN 60 SECONDS")
      << pattern;
  EXPECT_TRUE(intel::parse_pattern(pattern)) << pattern;
  EXPECT_TRUE(intel::make_stix_object(*filtered));
  EXPECT_EQ((*filtered)["description"], "C2 seen by 10.150.119.92, reported by [email removed]");
  // The original is untouched: the filter works on a copy.
  EXPECT_EQ(indicator("[ipv4-addr:value = '10.1.2.3']")["pattern"], "[ipv4-addr:value = '10.1.2.3']");
}

TEST(Objects, PrefixPreservingPatternStaysValid) {
  auto filter = make_filter(AddressTreatment::prefix_preserving);
  auto filtered = filter.apply(indicator("[ipv6-addr:value = 'fd00::1' OR ipv4-addr:value = '192.168.1.1']"));
  ASSERT_TRUE(filtered);
  auto pattern = (*filtered)["pattern"].get<std::string>();
  EXPECT_EQ(pattern.find("fd00::1"), std::string::npos);
  EXPECT_EQ(pattern.find("192.168.1.1"), std::string::npos);
  EXPECT_TRUE(intel::make_stix_object(*filtered)) << pattern;
}

TEST(Objects, RemoveModeWithholdsObjectsHoldingInternalAddresses) {
  auto filter = make_filter(AddressTreatment::remove);
  EXPECT_FALSE(filter.apply(indicator("[ipv4-addr:value = '10.1.2.3']")));
  auto external = filter.apply(indicator("[ipv4-addr:value = '198.51.100.1']"));
  ASSERT_TRUE(external);
  EXPECT_EQ((*external)["description"], "C2 seen by [address removed], reported by [email removed]");
  EXPECT_FALSE(filter.apply(Json{{"type", "ipv4-addr"}, {"value", "10.9.9.9"}}));
  Json observed{{"type", "observed-data"},
                {"objects", {{"0", {{"type", "ipv4-addr"}, {"value", "192.168.0.4"}}}}}};
  EXPECT_FALSE(filter.apply(observed));
}

TEST(Objects, ObservablesAndText) {
  auto filter = make_filter(AddressTreatment::keyed);
  auto address = filter.apply(Json{{"type", "ipv4-addr"}, {"id", "ipv4-addr--x"}, {"value", "10.1.2.3"}});
  ASSERT_TRUE(address);
  EXPECT_EQ((*address)["value"], "10.150.119.92");
  auto outside = filter.apply(Json{{"type", "ipv6-addr"}, {"value", "2001:db8::1"}});
  ASSERT_TRUE(outside);
  EXPECT_EQ((*outside)["value"], "2001:db8::1");
  EXPECT_FALSE(filter.apply(Json{{"type", "email-addr"}, {"value", "ann@corp.example"}}));
  EXPECT_FALSE(filter.apply(Json{{"type", "user-account"}, {"account_login", "ann"}, {"user_id", "1001"}}));
  EXPECT_FALSE(filter.apply(Json{{"type", "indicator"},
                                 {"pattern_type", "stix"},
                                 {"pattern", "[user-account:account_login = 'ann']"}}));
  auto url = filter.apply(Json{{"type", "url"}, {"value", "https://ann:pw@portal.example/login"}});
  ASSERT_TRUE(url);
  EXPECT_EQ((*url)["value"], "https://portal.example/login");
  Json observed{{"type", "observed-data"},
                {"objects", {{"0", {{"type", "ipv4-addr"}, {"value", "192.168.0.4"}}}}}};
  auto filtered = filter.apply(observed);
  ASSERT_TRUE(filtered);
  EXPECT_NE((*filtered)["objects"]["0"]["value"], "192.168.0.4");
  auto sighting = filter.apply(Json{{"type", "sighting"}, {"description", "hit on 10.1.2.3 by ann@corp.example"}});
  ASSERT_TRUE(sighting);
  EXPECT_EQ((*sighting)["description"], "hit on 10.150.119.92 by [email removed]");
}

TEST(Objects, TheDefaultPolicyKeepsAddressesAndRemovesPersonalData) {
  PrivacyFilter filter;
  auto filtered = filter.apply(indicator("[ipv4-addr:value = '10.1.2.3']"));
  ASSERT_TRUE(filtered);
  EXPECT_EQ((*filtered)["pattern"], "[ipv4-addr:value = '10.1.2.3']");
  EXPECT_EQ((*filtered)["description"], "C2 seen by 10.1.2.3, reported by [email removed]");
}

TEST(Settings, RefusesWhatCannotWork) {
  PrivacySettings settings;
  settings.internal_networks.push_back(*intel::parse_cidr("10.0.0.0/8"));
  EXPECT_FALSE(PrivacyFilter::create(settings));  // no key
  settings.key = "short";
  EXPECT_FALSE(PrivacyFilter::create(settings));
  settings.addresses = AddressTreatment::remove;
  EXPECT_TRUE(PrivacyFilter::create(settings));  // removing needs no key
  settings.key = test_key();
  settings.addresses = AddressTreatment::keyed;
  settings.internal_networks.push_back(*intel::parse_cidr("10.9.9.9"));
  EXPECT_FALSE(PrivacyFilter::create(settings));  // a single address under keyed pseudonyms
}

TEST(Settings, ReadsTheCenterYamlSection) {
  center::testing::TempDir dir;
  std::ofstream(dir.path() / "privacy.key", std::ios::binary) << test_key();
  std::string config = (dir.path() / "center.yaml").string();
  auto settings = parse_privacy_node(YAML::Load("{internal_networks: [10.0.0.0/8, 'fd00::/8'], pseudonymise: "
                                                "prefix-preserving, key_file: privacy.key, remove_emails: false, "
                                                "remove_user_accounts: false}"),
                                     config);
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->internal_networks.size(), 2u);
  EXPECT_EQ(settings->addresses, AddressTreatment::prefix_preserving);
  EXPECT_EQ(settings->key, test_key());
  EXPECT_FALSE(settings->remove_emails);
  EXPECT_TRUE(settings->remove_url_userinfo);
  EXPECT_FALSE(settings->remove_user_accounts);
  for (const char* bad : {"{internal_networks: [10.0.0.0/33]}", "{pseudonymise: hashed}", "{remove_emails: maybe}",
                          "{colour: red}", "{internal_networks: [10.0.0.0/8], key_file: missing.key}",
                          "{internal_networks: [10.0.0.0/8]}", "[1]"}) {
    auto refused = parse_privacy_node(YAML::Load(bad), config);
    EXPECT_FALSE(refused) << bad;
    if (!refused) {
      EXPECT_TRUE(refused.error().starts_with(config)) << refused.error();
    }
  }
}

}  // namespace
}  // namespace rampart::center::privacy
