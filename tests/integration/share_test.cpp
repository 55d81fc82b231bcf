// End to end: `rampart center serve -c center.yaml` with a privacy section, set up
// with the CLI (two organisations in one sharing group, a collection, analysts of
// each): an indicator with an internal address published by cert-a reads as a
// keyed pseudonym for cert-b and as the original for cert-a; an intel alert sent by
// a sensor is shared as a sighting of its incident and read by cert-b over TAXII;
// a privacy section that cannot work stops the start. SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "center_support/postgres_server.hpp"
#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kTaxii = "application/taxii+json;version=2.1";
constexpr const char* kIndicator = "indicator--cccccccc-0000-4000-8000-000000000001";

class ShareTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static int counter = 0;
    data_ = fs::temp_directory_path() / fmt::format("rampart-share-it-{}-{}", ::getpid(), counter++);
    fs::remove_all(data_);
    fs::create_directories(data_);
    if (GetParam() == "postgres") {
      auto& postgres = center::testing::PostgresServer::shared();
      ASSERT_TRUE(postgres.running()) << postgres.failure();
      store_ = postgres_store_args(postgres.create_database());
    } else {
      store_ = sqlite_store_args(data_);
    }
    for (const char* org : {"cert-a", "cert-b"}) ASSERT_EQ(cli(fmt::format("org add {}", org)).exit_code, 0);
    ASSERT_EQ(cli("group add peers --orgs cert-a,cert-b").exit_code, 0);
    auto collection = cli("collection add Shared --read peers --write peers");
    ASSERT_EQ(collection.exit_code, 0);
    collection_ = collection.out.substr(0, collection.out.find('\n'));
    alice_ = first_line(cli("user add alice --role analyst --org cert-a", "alice pass\n"));
    bob_ = first_line(cli("user add bob --role analyst --org cert-b", "bob pass\n"));
    sensor_ = first_line(cli("sensor add edge-1"));
    // Key bytes 0..31: the pseudonyms below match tests/center/privacy_filter_test.cpp.
    std::string key;
    for (int i = 0; i < 32; ++i) key += static_cast<char>(i);
    std::ofstream(data_ / "privacy.key", std::ios::binary) << key;
    config_ = data_ / "center.yaml";
  }
  void TearDown() override { fs::remove_all(data_); }

  CommandResult cli(const std::string& args, const std::string& input = "") {
    return run_center_cli(args + " " + store_, input);
  }
  static std::string first_line(const CommandResult& result) {
    EXPECT_EQ(result.exit_code, 0) << result.out;
    return result.out.substr(0, result.out.find('\n'));
  }
  std::string objects_path() const { return fmt::format("/api1/collections/{}/objects/", collection_); }

  static json body_of(const std::optional<ClientResponse>& response, unsigned status) {
    EXPECT_TRUE(response);
    if (!response) return json();
    EXPECT_EQ(response->status, status) << response->body;
    return json::parse(response->body, nullptr, false);
  }

  fs::path data_;
  fs::path config_;
  std::string store_;
  std::string collection_;
  std::string alice_, bob_, sensor_;
};

TEST_P(ShareTest, PartnersReadPseudonymsAndSharedSightings) {
  std::ofstream(config_) << "privacy:\n  internal_networks: [10.0.0.0/8]\n  pseudonymise: keyed\n"
                            "  key_file: privacy.key\n";
  CenterServer server(store_, "-c '" + config_.string() + "'");
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  json indicator{{"type", "indicator"},
                 {"spec_version", "2.1"},
                 {"id", kIndicator},
                 {"created", "2024-03-01T10:00:00.000Z"},
                 {"modified", "2024-03-01T10:00:00.000Z"},
                 {"pattern", "[ipv4-addr:value = '10.1.2.3']"},
                 {"pattern_type", "stix"},
                 {"valid_from", "2024-03-01T00:00:00Z"}};
  auto posted = client.send("POST", objects_path(), alice_, json{{"objects", {indicator}}}.dump(),
                            {{"Accept", kTaxii}, {"Content-Type", kTaxii}});
  body_of(posted, 202);
  auto partner = body_of(client.send("GET", objects_path(), bob_, "", {{"Accept", kTaxii}}), 200);
  ASSERT_EQ(partner["objects"].size(), 1u);
  EXPECT_EQ(partner["objects"][0]["pattern"], "[ipv4-addr:value = '10.150.119.92']");
  auto own = body_of(client.send("GET", objects_path(), alice_, "", {{"Accept", kTaxii}}), 200);
  EXPECT_EQ(own["objects"][0]["pattern"], "[ipv4-addr:value = '10.1.2.3']");

  // The sensor's alert for that indicator, an incident holding it, and the share.
  json event{{"timestamp", "2024-06-01T12:00:00.000000+0000"},
             {"event_type", "alert"},
             {"src_ip", "10.1.2.3"},
             {"dest_ip", "198.51.100.7"},
             {"alert",
              {{"signature_id", 2000001},
               {"severity", 2},
               {"signature", "Rampart intel: C2"},
               {"metadata", {{"stix_indicator_id", {kIndicator}}}}}}};
  body_of(client.post_events("b1", sensor_, event.dump() + "\n"), 200);
  auto alerts = body_of(client.get("/api/v1/alerts", alice_), 200);
  ASSERT_EQ(alerts["alerts"].size(), 1u);
  auto incident = body_of(client.send("POST", "/api/v1/incidents", alice_,
                                      json{{"title", "C2"}, {"category", "network-attack"}, {"level", "III"},
                                           {"alerts", {alerts["alerts"][0]["id"]}}}
                                          .dump(),
                                      {{"Content-Type", "application/json"}}),
                          201);
  auto shared = body_of(client.send("POST", fmt::format("/api/v1/incidents/{}/share", incident["id"].get<int64_t>()),
                                    alice_, json{{"collection", collection_}, {"tlp", "green"}}.dump(),
                                    {{"Content-Type", "application/json"}}),
                        201);
  ASSERT_EQ(shared["sightings"].size(), 1u);
  auto sighting = body_of(client.send("GET", objects_path() + shared["sightings"][0].get<std::string>() + "/", bob_, "",
                                      {{"Accept", kTaxii}}),
                          200);
  ASSERT_EQ(sighting["objects"].size(), 1u);
  EXPECT_EQ(sighting["objects"][0]["sighting_of_ref"], kIndicator);
  EXPECT_EQ(sighting["objects"][0]["count"], 1);
  EXPECT_EQ(sighting["objects"][0]["where_sighted_refs"][0], shared["identity"]);
  auto report = body_of(client.send("GET", objects_path() + shared["report"].get<std::string>() + "/", bob_, "",
                                    {{"Accept", kTaxii}}),
                        200);
  EXPECT_EQ(report["objects"][0]["report_types"], json::array({"incident"}));
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_P(ShareTest, APrivacySectionThatCannotWorkStopsTheStart) {
  std::ofstream(config_) << "privacy:\n  internal_networks: [10.0.0.0/8]\n  pseudonymise: prefix-preserving\n";
  CenterServer server(store_, "-c '" + config_.string() + "'");
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.log().find("key_file"), std::string::npos) << server.log();
}

INSTANTIATE_TEST_SUITE_P(Stores, ShareTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::testing
