// Indicator matching in the sensor: address blocks, domains and parents, URLs, the
// alert rule each indicator becomes, expiry, the library's updates and the handle.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "intel_match/indicator_handle.hpp"
#include "intel_match/indicator_library.hpp"
#include "intel_match/indicator_poller.hpp"
#include "intel_match/indicator_set.hpp"

namespace rampart::intel_match {
namespace {

using intel::SensorIndicatorKind;

IndicatorEntry entry(const std::string& id, std::vector<std::pair<SensorIndicatorKind, std::string>> observables,
                     std::optional<int64_t> valid_until = std::nullopt) {
  IndicatorEntry e{id, "name of " + id, valid_until, {}};
  for (auto& [kind, value] : observables) e.observables.push_back({kind, value, id});
  return e;
}

std::string hit_id(const detect::CompiledRule* rule) {
  if (rule == nullptr) return "";
  return rule->sig.meta.metadata.at(0).second;
}

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(IndicatorSet, AddressesMostSpecificBlockFirst) {
  auto set = IndicatorSet::build({entry("wide", {{SensorIndicatorKind::Ipv4Cidr, "10.0.0.0/8"}}),
                                  entry("host", {{SensorIndicatorKind::Ipv4Cidr, "10.1.2.3/32"}}),
                                  entry("v6", {{SensorIndicatorKind::Ipv6Cidr, "2001:db8::/32"}}),
                                  entry("v6host", {{SensorIndicatorKind::Ipv6Cidr, "2001:db8::1/128"}}),
                                  entry("all", {{SensorIndicatorKind::Ipv4Cidr, "192.0.2.0/31"}})},
                                 0);
  EXPECT_EQ(hit_id(set->match_address(ip("10.1.2.3"))), "host");
  EXPECT_EQ(hit_id(set->match_address(ip("10.255.0.1"))), "wide");
  EXPECT_EQ(hit_id(set->match_address(ip("192.0.2.1"))), "all");
  EXPECT_EQ(hit_id(set->match_address(ip("192.0.2.2"))), "");
  EXPECT_EQ(hit_id(set->match_address(ip("11.0.0.1"))), "");
  EXPECT_EQ(hit_id(set->match_address(ip("2001:db8::1"))), "v6host");
  EXPECT_EQ(hit_id(set->match_address(ip("2001:db8:ffff::2"))), "v6");
  EXPECT_EQ(hit_id(set->match_address(ip("2001:db9::1"))), "");
  EXPECT_EQ(hit_id(set->match_address(IpAddress{})), "");
  EXPECT_EQ(set->stats().addresses, 5u);
}

TEST(IndicatorSet, DomainsExactAndParents) {
  auto set = IndicatorSet::build({entry("evil", {{SensorIndicatorKind::Domain, "evil.example"}}),
                                  entry("cdn", {{SensorIndicatorKind::Domain, "cdn.good.example"}})},
                                 0);
  EXPECT_EQ(hit_id(set->match_domain("evil.example")), "evil");
  EXPECT_EQ(hit_id(set->match_domain("WWW.Evil.Example.")), "evil");
  EXPECT_EQ(hit_id(set->match_domain("a.b.evil.example")), "evil");
  EXPECT_EQ(hit_id(set->match_domain("notevil.example")), "");
  EXPECT_EQ(hit_id(set->match_domain("good.example")), "");
  EXPECT_EQ(hit_id(set->match_domain("x.cdn.good.example")), "cdn");
  EXPECT_EQ(hit_id(set->match_domain("")), "");
}

TEST(IndicatorSet, UrlsByHostAndTarget) {
  EXPECT_EQ(url_match_key("http://User:pw@Evil.Example:80/a?b=1#frag"), "evil.example/a?b=1");
  EXPECT_EQ(url_match_key("https://evil.example:443"), "evil.example/");
  EXPECT_EQ(url_match_key("http://evil.example:8080/x"), "evil.example:8080/x");
  EXPECT_EQ(url_match_key("evil.example/x"), std::nullopt);
  EXPECT_EQ(url_match_key("http:///x"), std::nullopt);
  EXPECT_EQ(request_match_key("Evil.Example:80", "/a"), "evil.example/a");
  EXPECT_EQ(request_match_key("proxy", "http://evil.example/a"), "evil.example/a");
  auto set = IndicatorSet::build({entry("url", {{SensorIndicatorKind::Url, "http://evil.example/payload.exe"}})}, 0);
  EXPECT_EQ(hit_id(set->match_request("evil.example", "/payload.exe")), "url");
  EXPECT_EQ(hit_id(set->match_request("EVIL.example:80", "/payload.exe")), "url");
  EXPECT_EQ(hit_id(set->match_request("evil.example", "/payload.exe?x")), "");
  EXPECT_EQ(hit_id(set->match_request("other.example", "/payload.exe")), "");
}

TEST(IndicatorSet, EachIndicatorIsAnAlertRule) {
  auto set = IndicatorSet::build({entry("indicator--1", {{SensorIndicatorKind::Ipv4Cidr, "10.0.0.1/32"},
                                                         {SensorIndicatorKind::Domain, "evil.example"},
                                                         {SensorIndicatorKind::Sha256, std::string(64, 'a')}})},
                                 0);
  const auto* by_address = set->match_address(ip("10.0.0.1"));
  ASSERT_NE(by_address, nullptr);
  EXPECT_EQ(by_address, set->match_domain("evil.example"));
  EXPECT_EQ(by_address->sig.meta.gid, kIntelGid);
  EXPECT_EQ(by_address->sig.meta.msg, "Rampart intel: name of indicator--1");
  EXPECT_EQ(by_address->sig.meta.metadata,
            (std::vector<std::pair<std::string, std::string>>{{"stix_indicator_id", "indicator--1"}}));
  EXPECT_EQ(set->stats().indicators, 1u);
  EXPECT_EQ(set->stats().file_hashes_unmatched, 1u);
}

TEST(IndicatorSet, LeavesOutExpiredIndicators) {
  auto set = IndicatorSet::build({entry("old", {{SensorIndicatorKind::Domain, "old.example"}}, 100),
                                  entry("new", {{SensorIndicatorKind::Domain, "new.example"}}, 101)},
                                 100);
  EXPECT_EQ(hit_id(set->match_domain("old.example")), "");
  EXPECT_EQ(hit_id(set->match_domain("new.example")), "new");
}

TEST(IndicatorLibrary, AppliesPagesAndExpires) {
  IndicatorLibrary library;
  intel::IndicatorFeedPage first{"5-1", false,
                                 {entry("a", {{SensorIndicatorKind::Domain, "a.example"}}),
                                  entry("b", {{SensorIndicatorKind::Domain, "b.example"}}, 50)},
                                 {}};
  library.apply(first);
  EXPECT_EQ(library.version(), "5-1");
  EXPECT_EQ(library.size(), 2u);
  intel::IndicatorFeedPage second{"6-2", false, {entry("a", {{SensorIndicatorKind::Domain, "a2.example"}})}, {"b", "x"}};
  library.apply(second);
  auto set = library.build(0);
  EXPECT_EQ(hit_id(set->match_domain("a2.example")), "a");
  EXPECT_EQ(hit_id(set->match_domain("a.example")), "");
  EXPECT_EQ(hit_id(set->match_domain("b.example")), "");
  library.apply({"7-3", false, {entry("c", {{SensorIndicatorKind::Domain, "c.example"}}, 50)}, {}});
  EXPECT_EQ(library.expire(49), 0u);
  EXPECT_EQ(library.expire(50), 1u);
  EXPECT_EQ(library.size(), 1u);
}

TEST(IndicatorLibrary, LoadsABundleFile) {
  auto path = std::filesystem::temp_directory_path() / ("rampart-bundle-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000009","objects":[)"
                      << R"({"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000001",)"
                      << R"("created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","name":"C2",)"
                      << R"("pattern_type":"stix","valid_from":"2024-03-01T00:00:00Z","pattern":"[domain-name:value = 'c2.example']"},)"
                      << R"({"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000002",)"
                      << R"("created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","revoked":true,)"
                      << R"("pattern_type":"stix","valid_from":"2024-03-01T00:00:00Z","pattern":"[domain-name:value = 'r.example']"},)"
                      << R"({"type":"indicator","id":"bad"}]})";
  IndicatorLibrary library;
  auto loaded = library.load_bundle_file(path.string(), 0);
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->deployed, 1u);
  EXPECT_EQ(loaded->skipped, 1u);
  EXPECT_EQ(loaded->rejected, 1u);
  EXPECT_EQ(library.build(0)->match_domain("c2.example")->sig.meta.msg, "Rampart intel: C2");
  auto missing = library.load_bundle_file("/nonexistent/bundle.json", 0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "/nonexistent/bundle.json: cannot open");
}

TEST(IndicatorHandle, WorkersFollowPublishedSets) {
  IndicatorHandle handle;
  IndicatorMatcher matcher(&handle);
  EXPECT_EQ(matcher.refresh(), nullptr);
  handle.publish(IndicatorSet::build({entry("a", {{SensorIndicatorKind::Domain, "a.example"}})}, 0));
  const auto* first = matcher.refresh();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(hit_id(first->match_domain("a.example")), "a");
  handle.publish(IndicatorSet::build({entry("b", {{SensorIndicatorKind::Domain, "b.example"}})}, 0));
  EXPECT_EQ(hit_id(first->match_domain("a.example")), "a");  // still held by the matcher until it refreshes
  EXPECT_EQ(hit_id(matcher.refresh()->match_domain("b.example")), "b");
  EXPECT_EQ(IndicatorMatcher(nullptr).refresh(), nullptr);
}

}  // namespace
}  // namespace rampart::intel_match
