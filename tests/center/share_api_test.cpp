// POST /api/v1/incidents/{id}/share and /api/v1/alerts/{id}/sighting without
// sockets, on both stores: what is published (identity, report, sightings
// aggregated from intel alerts, observed-data), that every object is valid STIX
// (src/intel's validator) with the chosen TLP marking, passed the privacy filter
// once (partners read the stored pseudonym, not a pseudonym of it), stable ids on
// a second share, and the 4xx of bad requests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/privacy/observable_id.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "intel/stix_object.hpp"
#include "intel/tlp.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

constexpr const char* kSharedCollection = "11111111-1111-4111-8111-111111111111";
constexpr const char* kReadOnlyCollection = "22222222-2222-4222-8222-222222222222";
constexpr const char* kIndicatorX = "indicator--aaaaaaaa-0000-4000-8000-000000000001";
constexpr const char* kIndicatorY = "indicator--aaaaaaaa-0000-4000-8000-000000000002";
constexpr int64_t kT0 = 1717243200000000;  // 2024-06-01T12:00:00Z
constexpr const char* kSha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

std::string privacy_key() {
  std::string key;
  for (int i = 0; i < 32; ++i) key += static_cast<char>(i);
  return key;
}

IngestedAlert alert(int64_t time_us, const std::vector<std::string>& indicators) {
  json eve{{"timestamp", "2024-06-01T12:00:00.000000+0000"},
           {"event_type", "alert"},
           {"src_ip", "10.1.2.3"},
           {"dest_ip", "198.51.100.7"},
           {"alert", {{"signature_id", 2000001}, {"signature", "Rampart intel: C2"}, {"severity", 2}}}};
  if (!indicators.empty()) eve["alert"]["metadata"] = {{"stix_indicator_id", indicators}};
  return IngestedAlert{time_us, 2000001, 2, "Rampart intel: C2", "10.1.2.3", "198.51.100.7", eve.dump(), ""};
}

class ShareApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_organisation("cert-a", "test"));
    ASSERT_TRUE(store_->add_organisation("cert-b", "test"));
    for (auto [name, role, organisation, token] :
         {std::tuple{"ana", Role::analyst, "cert-a", &ana_}, std::tuple{"vic", Role::viewer, "cert-a", &vic_},
          std::tuple{"bob", Role::analyst, "cert-b", &bob_}}) {
      *token = *generate_api_token();
      ASSERT_TRUE(store_->add_user(name, role, "h", token_hash(*token), "test"));
      ASSERT_TRUE(store_->set_user_organisation(name, organisation, "test"));
    }
    ASSERT_TRUE(store_->add_sharing_group("peers", {"cert-a", "cert-b"}, "test"));
    ASSERT_TRUE(store_->add_sharing_group("b-only", {"cert-b"}, "test"));
    ASSERT_TRUE(store_->add_collection({kSharedCollection, "shared", "", false, false}, {"peers"}, {"peers"}, "test"));
    ASSERT_TRUE(store_->add_collection({kReadOnlyCollection, "read only", "", false, false}, {"peers"}, {"b-only"}, "test"));
    ASSERT_TRUE(store_->add_sensor("edge-1", "sensor-hash", "test"));
    auto sensor = **store_->find_token("sensor-hash");
    EventBatch batch;
    batch.alerts = {alert(kT0 + 5'000'000, {kIndicatorX}), alert(kT0, {kIndicatorX, kIndicatorY}),
                    alert(kT0 + 9'000'000, {kIndicatorX}), alert(kT0 + 1'000'000, {})};
    auto ack = store_->ingest(sensor, "b1", batch);
    ASSERT_TRUE(ack) << ack.error().detail;
    alert_ids_ = ack->alert_ids;

    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{1 << 20});
    privacy::PrivacySettings settings;
    settings.internal_networks = {*intel::parse_cidr("10.0.0.0/8")};
    settings.key = privacy_key();
    auto filter = privacy::PrivacyFilter::create(settings);
    ASSERT_TRUE(filter) << filter.error();
    router_->set_privacy(*filter);
  }

  HttpResponse send(std::string method, std::string target, const std::string& token, std::string body = "") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.authorization = "Bearer " + token;
    request.content_type = "application/json";
    request.accept = "application/taxii+json;version=2.1";
    request.body = std::move(body);
    return router_->handle(request);
  }

  static json parse(const HttpResponse& response) { return json::parse(response.body, nullptr, false); }

  int64_t create_incident() {
    auto created = send("POST", "/api/v1/incidents", ana_,
                        json{{"title", "C2 traffic from 10.1.2.3"}, {"category", "network-attack"}, {"level", "III"},
                             {"alerts", alert_ids_}}
                            .dump());
    EXPECT_EQ(created.status, 201u) << created.body;
    int64_t id = parse(created)["id"].get<int64_t>();
    for (auto [type, value] : {std::pair{"ipv4-addr", "10.1.2.3"}, std::pair{"domain-name", "evil.example"},
                               std::pair{"email-addr", "ann@corp.example"},
                               std::pair{"sha256", kSha256}}) {
      auto added = send("POST", fmt::format("/api/v1/incidents/{}/observables", id), ana_,
                        json{{"type", type}, {"value", value}}.dump());
      EXPECT_EQ(added.status, 201u) << added.body;
    }
    return id;
  }

  // The last version of every object of the shared collection, as cert-b reads it over TAXII.
  std::map<std::string, json> read_as_partner() {
    auto response = send("GET", fmt::format("/api1/collections/{}/objects/?limit=1000", kSharedCollection), bob_);
    EXPECT_EQ(response.status, 200u) << response.body;
    std::map<std::string, json> out;
    auto body = parse(response);
    for (const auto& object : body["objects"]) out[object["id"].get<std::string>()] = object;
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::string ana_, vic_, bob_;
  std::vector<int64_t> alert_ids_;
};

TEST_P(ShareApiTest, IncidentIsPublishedAsValidFilteredStix) {
  int64_t incident = create_incident();
  auto response = send("POST", fmt::format("/api/v1/incidents/{}/share", incident), ana_,
                       json{{"collection", kSharedCollection}, {"tlp", "amber"}, {"include_sightings", true}}.dump());
  ASSERT_EQ(response.status, 201u) << response.body;
  auto reply = parse(response);
  EXPECT_EQ(reply["collection"], kSharedCollection);
  EXPECT_EQ(reply["sightings"].size(), 2u);
  EXPECT_EQ(reply["observables"].size(), 3u) << "the e-mail address is withheld";
  EXPECT_EQ(reply["observed_data"].size(), 3u);
  EXPECT_EQ(reply["withheld"], 1);

  auto objects = read_as_partner();
  ASSERT_EQ(objects.size(), 2u + 2u + 3u + 3u) << "identity, report, sightings, observables, observed-data";
  const std::string amber(intel::tlp2_marking(intel::TlpLevel::Amber).id);
  for (const auto& [id, object] : objects) {
    auto valid = intel::make_stix_object(object);
    EXPECT_TRUE(valid) << object.dump() << ": " << (valid ? "" : valid.error()[0].to_string());
    EXPECT_EQ(object["object_marking_refs"], json::array({amber})) << id;
    EXPECT_EQ(object.dump().find("10.1.2.3"), std::string::npos) << object.dump();
    EXPECT_EQ(object.dump().find("ann@corp.example"), std::string::npos) << object.dump();
  }
  auto identity_id = reply["identity"].get<std::string>();
  EXPECT_EQ(objects.at(identity_id)["name"], "cert-a");
  EXPECT_EQ(objects.at(identity_id)["identity_class"], "organization");

  std::map<std::string, json> sightings;
  for (const auto& id : reply["sightings"]) {
    const auto& sighting = objects.at(id.get<std::string>());
    sightings[sighting["sighting_of_ref"].get<std::string>()] = sighting;
    EXPECT_EQ(sighting["where_sighted_refs"], json::array({identity_id}));
    EXPECT_EQ(sighting["created_by_ref"], identity_id);
  }
  ASSERT_EQ(sightings.size(), 2u);
  EXPECT_EQ(sightings[kIndicatorX]["count"], 3);
  EXPECT_EQ(sightings[kIndicatorX]["first_seen"], "2024-06-01T12:00:00.000000Z");
  EXPECT_EQ(sightings[kIndicatorX]["last_seen"], "2024-06-01T12:00:09.000000Z");
  EXPECT_EQ(sightings[kIndicatorY]["count"], 1);
  EXPECT_EQ(sightings[kIndicatorY]["first_seen"], sightings[kIndicatorY]["last_seen"]);

  std::set<std::string> values;
  for (const auto& id : reply["observables"]) {
    const auto& observable = objects.at(id.get<std::string>());
    values.insert(observable.contains("value") ? observable["value"].get<std::string>()
                                               : observable["hashes"]["SHA-256"].get<std::string>());
    // The STIX 2.1 id of the shared value, not of the original: that one would name the internal address.
    EXPECT_EQ(id, *privacy::deterministic_id(intel::Json::parse(observable.dump()))) << observable.dump();
  }
  // Pseudonymised once, when published (tests/center/privacy_filter_test.cpp has the same key and value).
  EXPECT_EQ(values, (std::set<std::string>{"10.150.119.92", "evil.example", kSha256}));
  for (const auto& id : reply["observed_data"]) {
    const auto& observed = objects.at(id.get<std::string>());
    ASSERT_EQ(observed["object_refs"].size(), 1u);
    EXPECT_TRUE(objects.contains(observed["object_refs"][0].get<std::string>()));
    EXPECT_EQ(observed["first_observed"], "2024-06-01T12:00:00.000000Z");
  }

  const auto& report = objects.at(reply["report"].get<std::string>());
  EXPECT_EQ(report["report_types"], json::array({"incident"}));
  EXPECT_EQ(report["name"], "C2 traffic from 10.150.119.92");
  std::set<std::string> refs;
  for (const auto& ref : report["object_refs"]) refs.insert(ref.get<std::string>());
  std::set<std::string> others;
  for (const auto& [id, object] : objects)
    if (id != reply["report"]) others.insert(id);
  EXPECT_EQ(refs, others);

  // Sharing again adds new versions of the same objects, no duplicates.
  auto again = send("POST", fmt::format("/api/v1/incidents/{}/share", incident), ana_,
                    json{{"collection", kSharedCollection}, {"tlp", "green"}}.dump());
  ASSERT_EQ(again.status, 201u) << again.body;
  EXPECT_EQ(parse(again)["report"], reply["report"]);
  EXPECT_EQ(read_as_partner().size(), objects.size());
}

TEST_P(ShareApiTest, WithoutSightingsAndRedStaysHome) {
  int64_t incident = create_incident();
  auto response = send("POST", fmt::format("/api/v1/incidents/{}/share", incident), ana_,
                       json{{"collection", kSharedCollection}, {"tlp", "red"}, {"include_sightings", false}}.dump());
  ASSERT_EQ(response.status, 201u) << response.body;
  EXPECT_TRUE(parse(response)["sightings"].empty());
  EXPECT_TRUE(read_as_partner().empty()) << "TLP:RED objects never leave the publishing organisation";
  auto own = send("GET", fmt::format("/api1/collections/{}/objects/?limit=1000", kSharedCollection), ana_);
  EXPECT_EQ(parse(own)["objects"].size(), 2u + 3u + 3u);
}

TEST_P(ShareApiTest, AlertSighting) {
  auto response = send("POST", fmt::format("/api/v1/alerts/{}/sighting", alert_ids_[1]), ana_,
                       json{{"collection", kSharedCollection}, {"tlp", "green"}}.dump());
  ASSERT_EQ(response.status, 201u) << response.body;
  auto reply = parse(response);
  ASSERT_EQ(reply["sightings"].size(), 2u) << "the alert matched two indicators";
  auto objects = read_as_partner();
  ASSERT_EQ(objects.size(), 3u);
  for (const auto& [id, object] : objects) EXPECT_TRUE(intel::make_stix_object(object)) << object.dump();
  const auto& sighting = objects.at(reply["sightings"][0].get<std::string>());
  EXPECT_EQ(sighting["count"], 1);
  EXPECT_EQ(sighting["sighting_of_ref"], kIndicatorX);
  EXPECT_EQ(sighting["first_seen"], "2024-06-01T12:00:00.000000Z");
  EXPECT_EQ(sighting["where_sighted_refs"], json::array({reply["identity"]}));

  auto plain = send("POST", fmt::format("/api/v1/alerts/{}/sighting", alert_ids_[3]), ana_,
                    json{{"collection", kSharedCollection}, {"tlp", "green"}}.dump());
  EXPECT_EQ(plain.status, 422u) << plain.body;
  EXPECT_EQ(send("POST", "/api/v1/alerts/999999/sighting", ana_,
                 json{{"collection", kSharedCollection}, {"tlp", "green"}}.dump())
                .status,
            404u);
}

TEST_P(ShareApiTest, BadRequestsGetJsonErrors) {
  int64_t incident = create_incident();
  std::string path = fmt::format("/api/v1/incidents/{}/share", incident);
  auto body = [](const json& members) { return members.dump(); };
  json good{{"collection", kSharedCollection}, {"tlp", "amber"}};
  for (auto [method, target, token, text, status] : std::vector<std::tuple<std::string, std::string, std::string, std::string, unsigned>>{
           {"POST", "/api/v1/incidents/999999/share", ana_, body(good), 404},
           {"POST", path, ana_, body({{"collection", "33333333-3333-4333-8333-333333333333"}, {"tlp", "amber"}}), 404},
           {"POST", path, ana_, body({{"collection", kReadOnlyCollection}, {"tlp", "amber"}}), 403},
           {"POST", path, ana_, body({{"collection", kSharedCollection}, {"tlp", "purple"}}), 400},
           {"POST", path, ana_, body({{"collection", kSharedCollection}}), 400},
           {"POST", path, ana_, body({{"tlp", "amber"}}), 400},
           {"POST", path, ana_, body({{"collection", kSharedCollection}, {"tlp", "amber"}, {"extra", 1}}), 400},
           {"POST", path, ana_, body({{"collection", kSharedCollection}, {"tlp", "amber"}, {"include_sightings", "yes"}}), 400},
           {"POST", path, ana_, "[1]", 400},
           {"POST", path, vic_, body(good), 403},
           {"GET", path, ana_, "", 405},
           {"POST", path + "?x=1", ana_, body(good), 400}}) {
    auto response = send(method, target, token, text);
    EXPECT_EQ(response.status, status) << method << " " << target << " " << text << ": " << response.body;
    auto error = parse(response);
    EXPECT_TRUE(error.is_object() && error.contains("error")) << response.body;
  }
  EXPECT_EQ(send("POST", path, bob_, body({{"collection", kReadOnlyCollection}, {"tlp", "amber"}})).status, 201u)
      << "cert-b may write the read-only collection of cert-a";
}

INSTANTIATE_TEST_SUITE_P(Stores, ShareApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
