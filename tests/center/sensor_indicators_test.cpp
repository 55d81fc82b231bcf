// GET /api/v1/sensor/indicators on both stores: which indicators a sensor's
// organisation receives (collections it may read, TLP), removals (revoked, expired,
// not deployable), versions and paging, and the endpoint's errors.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "center/sharing/sensor_indicators.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center/taxii/taxii_objects.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"

namespace rampart::center::sharing {
namespace {

constexpr const char* kGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
constexpr const char* kRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
constexpr int64_t kNow = 1717243200000000;  // 2024-06-01T12:00:00Z

std::string uuid(int n) { return fmt::format("00000000-0000-4000-8000-{:012}", n); }

std::string indicator(int n, const std::string& pattern, const std::string& extra = "",
                      const std::string& modified = "2024-03-01T10:00:00.000Z") {
  return fmt::format(R"({{"type":"indicator","spec_version":"2.1","id":"indicator--{}","created":"2024-03-01T10:00:00.000Z",)"
                     R"("modified":"{}","name":"indicator {}","pattern_type":"stix","pattern":"{}",)"
                     R"("valid_from":"2024-03-01T00:00:00Z"{}}})",
                     uuid(n), modified, n, pattern, extra);
}

std::string marked(const char* marking) { return fmt::format(R"(,"object_marking_refs":["{}"])", marking); }

std::vector<std::string> ids(const std::vector<intel::DeployableIndicator>& indicators) {
  std::vector<std::string> out;
  for (const auto& i : indicators) out.push_back(i.id);
  return out;
}

std::string indicator_id(int n) { return "indicator--" + uuid(n); }

class SensorIndicatorsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string conninfo;
    if (GetParam() == "postgres") {
      auto& server = center::testing::PostgresServer::shared();
      ASSERT_TRUE(server.running()) << server.failure();
      conninfo = server.create_database();
    }
    auto opened = GetParam() == "postgres" ? open_postgres_store(conninfo) : open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
    sensor_ = **store_->find_token("hash-edge-1");
    ASSERT_TRUE(store_->add_organisation("cert-b", "test"));
    ASSERT_TRUE(store_->add_sharing_group("peers", {"default", "cert-b"}, "test"));
    ASSERT_TRUE(store_->add_sharing_group("b-only", {"cert-b"}, "test"));
    shared_.id = "11111111-1111-4111-8111-111111111111";
    shared_.title = "shared";
    ASSERT_TRUE(store_->add_collection(shared_, {"peers"}, {"peers"}, "test"));
    TaxiiCollection private_collection;
    private_collection.id = "22222222-2222-4222-8222-222222222222";
    private_collection.title = "cert-b only";
    ASSERT_TRUE(store_->add_collection(private_collection, {"b-only"}, {"b-only"}, "test"));
    cert_b_ = **store_->organisation_id("cert-b");
  }

  void publish(const std::string& collection, const std::vector<std::string>& objects) {
    std::string envelope = R"({"objects":[)";
    for (size_t i = 0; i < objects.size(); ++i) envelope += (i ? "," : "") + objects[i];
    auto incoming = taxii::parse_envelope(envelope + "]}");
    ASSERT_TRUE(incoming) << incoming.error();
    ASSERT_TRUE(incoming->failures.empty()) << incoming->failures[0].message;
    ASSERT_TRUE(store_->add_taxii_objects(collection, cert_b_, incoming->objects, "test"));
  }

  intel::IndicatorFeedPage page(std::optional<TaxiiCursor> since, size_t limit = kIndicatorPageSize) {
    auto result = sensor_indicator_page(*store_, 1, since, limit, kNow);
    EXPECT_TRUE(result) << result.error().detail;
    return result ? *result : intel::IndicatorFeedPage{};
  }

  HttpResponse get(const Principal& who, const std::map<std::string, std::string>& params, const std::string& method = "GET") {
    return sensor_indicators(*store_, who, method, params);
  }

  center::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Principal sensor_;
  TaxiiCollection shared_;
  int64_t cert_b_ = 0;
};

TEST_P(SensorIndicatorsTest, SendsWhatTheOrganisationMayReadAndRemovesTheRest) {
  publish(shared_.id, {indicator(1, "[ipv4-addr:value = '198.51.100.0/24']", marked(kGreen)),
                       indicator(2, "[domain-name:value = 'evil.example']"),  // no marking: amber, readers of the collection
                       indicator(3, "[domain-name:value = 'secret.example']", marked(kRed)),
                       indicator(4, "[ipv4-addr:value = '10.0.0.1' AND ipv4-addr:value = '10.0.0.2']"),
                       indicator(5, "[url:value = 'http://old.example/x']", R"(,"valid_until":"2024-04-01T00:00:00Z")"),
                       R"({"type":"malware","spec_version":"2.1","id":"malware--)" + uuid(6) +
                           R"(","created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","name":"m","is_family":true})"});
  publish("22222222-2222-4222-8222-222222222222", {indicator(7, "[domain-name:value = 'b-only.example']", marked(kGreen))});
  auto first = page(std::nullopt);
  EXPECT_EQ(ids(first.indicators), (std::vector<std::string>{indicator_id(1), indicator_id(2)}));
  ASSERT_EQ(first.indicators.size(), 2u);
  EXPECT_EQ(first.indicators[0].observables.at(0).value, "198.51.100.0/24");
  EXPECT_EQ(first.indicators[1].name, "indicator 2");
  EXPECT_EQ(first.removed, (std::vector<std::string>{indicator_id(4), indicator_id(5)}));
  EXPECT_FALSE(first.more);
  ASSERT_FALSE(first.version.empty());

  // Nothing changed: an empty page at the same version.
  auto dash = first.version.find('-');
  TaxiiCursor cursor{std::stoll(first.version.substr(0, dash)), std::stoll(first.version.substr(dash + 1))};
  auto unchanged = page(cursor);
  EXPECT_TRUE(unchanged.indicators.empty());
  EXPECT_TRUE(unchanged.removed.empty());
  EXPECT_EQ(unchanged.version, first.version);

  // A revoked version and a new indicator arrive.
  publish(shared_.id, {indicator(1, "[ipv4-addr:value = '198.51.100.0/24']", marked(kGreen) + R"(,"revoked":true)",
                                 "2024-03-02T10:00:00.000Z"),
                       indicator(8, "[ipv6-addr:value = '2001:db8::1']", marked(kGreen))});
  auto second = page(cursor);
  EXPECT_EQ(ids(second.indicators), (std::vector<std::string>{indicator_id(8)}));
  EXPECT_EQ(second.removed, (std::vector<std::string>{indicator_id(1)}));
  EXPECT_NE(second.version, first.version);
}

TEST_P(SensorIndicatorsTest, PagesFollowTheVersion) {
  for (int n = 1; n <= 5; ++n)
    publish(shared_.id, {indicator(n, fmt::format("[ipv4-addr:value = '192.0.2.{}']", n), marked(kGreen))});
  std::vector<std::string> seen;
  std::optional<TaxiiCursor> since;
  for (int round = 0; round < 10; ++round) {
    auto next = page(since, 2);
    for (const auto& i : next.indicators) seen.push_back(i.id);
    auto dash = next.version.find('-');
    since = TaxiiCursor{std::stoll(next.version.substr(0, dash)), std::stoll(next.version.substr(dash + 1))};
    if (!next.more) break;
    EXPECT_EQ(next.indicators.size(), 2u);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{indicator_id(1), indicator_id(2), indicator_id(3), indicator_id(4),
                                            indicator_id(5)}));
}

TEST_P(SensorIndicatorsTest, EndpointChecksTokenMethodAndVersion) {
  publish(shared_.id, {indicator(1, "[domain-name:value = 'evil.example']", marked(kGreen))});
  auto response = get(sensor_, {});
  ASSERT_EQ(response.status, 200u) << response.body;
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["indicators"][0]["observables"][0], (nlohmann::json{{"kind", "domain"}, {"value", "evil.example"}}));
  auto again = get(sensor_, {{"since", body["version"].get<std::string>()}});
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_TRUE(nlohmann::json::parse(again.body)["indicators"].empty());
  EXPECT_EQ(get(sensor_, {{"since", "yesterday"}}).status, 400u);
  EXPECT_EQ(get(sensor_, {{"limit", "3"}}).status, 400u);
  EXPECT_EQ(get(sensor_, {}, "POST").status, 405u);
  ASSERT_TRUE(store_->add_user("ana", Role::analyst, "x", "hash-ana", "test"));
  EXPECT_EQ(get(**store_->find_token("hash-ana"), {}).status, 403u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SensorIndicatorsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center::sharing
