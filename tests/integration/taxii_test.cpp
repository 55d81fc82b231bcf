// End to end: the TAXII 2.1 server of `rampart center serve`, set up with the CLI
// (organisations, sharing groups, a collection, users with --org), driven over HTTP:
// every endpoint with its filters and pagination, the status resource, malformed
// input (always a 4xx TAXII error body), and the TLP audience rule on every read
// path. Every test runs on SQLite and on a PostgreSQL server the tests start.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "center_support/postgres_server.hpp"
#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kTaxii = "application/taxii+json;version=2.1";
const std::map<std::string, std::string> kTlp{
    {"clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"},
    {"green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"},
    {"amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"},
    {"amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"},
    {"red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"},
};

std::string object_id(int n) { return fmt::format("indicator--00000000-0000-4000-8000-{:012d}", n); }

// An indicator; tlp is a key of kTlp or "" for none.
json indicator(int n, const std::string& tlp, int modified_second = 0) {
  json object{{"type", "indicator"},
              {"spec_version", "2.1"},
              {"id", object_id(n)},
              {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", fmt::format("2024-03-01T10:00:{:02d}.000Z", modified_second)},
              {"pattern", fmt::format("[ipv4-addr:value = '10.0.0.{}']", n)},
              {"pattern_type", "stix"},
              {"valid_from", "2024-03-01T00:00:00Z"}};
  if (!tlp.empty()) object["object_marking_refs"] = json::array({kTlp.at(tlp)});
  return object;
}

std::string envelope(const std::vector<json>& objects) { return json{{"objects", objects}}.dump(); }

class TaxiiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static int counter = 0;
    data_ = fs::temp_directory_path() / fmt::format("rampart-taxii-it-{}-{}", ::getpid(), counter++);
    fs::remove_all(data_);
    fs::create_directories(data_);
    if (GetParam() == "postgres") {
      auto& postgres = center::testing::PostgresServer::shared();
      ASSERT_TRUE(postgres.running()) << postgres.failure();
      store_ = postgres_store_args(postgres.create_database());
    } else {
      store_ = sqlite_store_args(data_);
    }
    for (const char* org : {"cert-a", "cert-b", "cert-c"}) {
      ASSERT_EQ(cli(fmt::format("org add {}", org)).exit_code, 0);
    }
    ASSERT_EQ(cli("group add peers --orgs cert-a,cert-b").exit_code, 0);
    ASSERT_EQ(cli("group add outsiders --orgs cert-c").exit_code, 0);
    auto collection = cli("collection add Shared --read peers --write peers");
    ASSERT_EQ(collection.exit_code, 0);
    collection_ = collection.out.substr(0, collection.out.find('\n'));
    auto other = cli("collection add Outside --read outsiders --write outsiders");
    ASSERT_EQ(other.exit_code, 0);
    alice_ = token(cli("user add alice --role analyst --org cert-a", "alice pass\n"));
    bob_ = token(cli("user add bob --role analyst --org cert-b", "bob pass\n"));
    carol_ = token(cli("user add carol --role viewer --org cert-c", "carol pass\n"));
    server_ = std::make_unique<CenterServer>(store_);
    ASSERT_TRUE(server_->started()) << server_->log();
    client_ = std::make_unique<CenterClient>(server_->port());
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0) << server_->log();
    }
    fs::remove_all(data_);
  }

  CommandResult cli(const std::string& args, const std::string& input = "") {
    return run_center_cli(args + " " + store_, input);
  }
  static std::string token(const CommandResult& result) {
    EXPECT_EQ(result.exit_code, 0);
    return result.out.substr(0, result.out.find('\n'));
  }
  std::string objects_path() const { return fmt::format("/api1/collections/{}/objects/", collection_); }

  std::optional<ClientResponse> get(const std::string& path, const std::string& who) {
    return client_->send("GET", path, who, "", {{"Accept", kTaxii}});
  }
  // GET that must succeed; returns the body.
  json get_ok(const std::string& path, const std::string& who) {
    auto response = get(path, who);
    EXPECT_TRUE(response);
    if (!response) return json();
    EXPECT_EQ(response->status, 200u) << path << ": " << response->body;
    EXPECT_EQ(response->headers["content-type"], kTaxii);
    return json::parse(response->body, nullptr, false);
  }
  json post(const std::string& body, const std::string& who, unsigned expected_status = 202) {
    auto response = client_->send("POST", objects_path(), who, body, {{"Accept", kTaxii}, {"Content-Type", kTaxii}});
    EXPECT_TRUE(response);
    if (!response) return json();
    EXPECT_EQ(response->status, expected_status) << response->body;
    return json::parse(response->body, nullptr, false);
  }

  fs::path data_;
  std::string store_;
  std::string collection_;
  std::string alice_, bob_, carol_;
  std::unique_ptr<CenterServer> server_;
  std::unique_ptr<CenterClient> client_;
};

void expect_taxii_error(const std::optional<ClientResponse>& response, unsigned status) {
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, status) << response->body;
  EXPECT_EQ(response->headers.at("content-type"), kTaxii);
  auto body = json::parse(response->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response->body;
  EXPECT_TRUE(body["title"].is_string()) << response->body;
  EXPECT_EQ(body["http_status"], std::to_string(status)) << response->body;
}

std::set<std::string> ids_of(const json& body, const char* list = "objects") {
  std::set<std::string> out;
  if (body.contains(list))
    for (const auto& object : body[list]) out.insert(object["id"].get<std::string>());
  return out;
}

TEST_P(TaxiiTest, DiscoveryApiRootCollectionsAndAuthentication) {
  auto discovery = get_ok("/taxii2/", alice_);
  EXPECT_EQ(discovery["api_roots"], json::array({"/api1/"}));
  EXPECT_EQ(discovery["default"], "/api1/");
  auto root = get_ok("/api1/", alice_);
  EXPECT_EQ(root["versions"], json::array({kTaxii}));
  EXPECT_GT(root["max_content_length"].get<int64_t>(), 0);
  auto collections = get_ok("/api1/collections/", alice_);
  ASSERT_EQ(collections["collections"].size(), 1u) << collections;
  EXPECT_EQ(collections["collections"][0]["id"], collection_);
  EXPECT_EQ(collections["collections"][0]["can_read"], true);
  EXPECT_EQ(collections["collections"][0]["can_write"], true);
  auto one = get_ok(fmt::format("/api1/collections/{}/", collection_), bob_);
  EXPECT_EQ(one["title"], "Shared");
  EXPECT_EQ(one["media_types"], json::array({"application/stix+json;version=2.1"}));
  // HTTP Basic with the user's password works like the token; anything else is a 401.
  auto basic = client_->send("GET", "/api1/collections/", "", "", {{"Authorization", "Basic YWxpY2U6YWxpY2UgcGFzcw=="}});
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 200u) << basic->body;
  auto wrong = client_->send("GET", "/api1/", "", "", {{"Authorization", "Basic YWxpY2U6d3Jvbmc="}});
  expect_taxii_error(wrong, 401);
  EXPECT_NE(wrong->headers.at("www-authenticate").find("Basic"), std::string::npos);
  expect_taxii_error(client_->send("GET", "/taxii2/", ""), 401);
  expect_taxii_error(client_->send("GET", "/taxii2/", "rpt_00"), 401);
  expect_taxii_error(client_->send("GET", "/taxii2/", "", "", {{"Authorization", "Basic !!!!"}}), 401);
  auto sensor = cli("sensor add edge-1");
  ASSERT_EQ(sensor.exit_code, 0);
  expect_taxii_error(get("/taxii2/", token(sensor)), 403);
  // cert-c reads neither the collection nor its objects.
  EXPECT_FALSE(get_ok("/api1/collections/", carol_)["collections"][0]["id"] == collection_);
  expect_taxii_error(get(fmt::format("/api1/collections/{}/", collection_), carol_), 404);
  expect_taxii_error(get(objects_path(), carol_), 404);
  expect_taxii_error(get("/api1/nothing/", alice_), 404);
  expect_taxii_error(get("/taxii2/extra/", alice_), 404);
  expect_taxii_error(client_->send("PUT", "/api1/", alice_), 405);
}

TEST_P(TaxiiTest, PostReportsSuccessesAndFailuresInAStatus) {
  json broken = indicator(9, "green");
  broken["pattern"] = "[ipv4-addr:value = ";
  json status = post(envelope({indicator(1, "green"), broken, indicator(2, "")}), alice_);
  EXPECT_EQ(status["status"], "complete");
  EXPECT_EQ(status["total_count"], 3);
  EXPECT_EQ(status["success_count"], 2);
  EXPECT_EQ(status["failure_count"], 1);
  EXPECT_EQ(status["pending_count"], 0);
  ASSERT_EQ(status["failures"].size(), 1u);
  EXPECT_EQ(status["failures"][0]["id"], object_id(9));
  EXPECT_NE(status["failures"][0]["message"].get<std::string>().find("objects[1].pattern"), std::string::npos) << status;
  auto again = get_ok(fmt::format("/api1/status/{}/", status["id"].get<std::string>()), alice_);
  EXPECT_EQ(again, status);
  EXPECT_EQ(get_ok(fmt::format("/api1/status/{}", status["id"].get<std::string>()), alice_), status);  // taxii2-client's form
  expect_taxii_error(get(fmt::format("/api1/status/{}/", status["id"].get<std::string>()), bob_), 404);
  expect_taxii_error(get("/api1/status/unknown/", alice_), 404);
  EXPECT_EQ(ids_of(get_ok(objects_path(), bob_)), (std::set<std::string>{object_id(1), object_id(2)}));
  // Posting the same version again stores nothing new.
  post(envelope({indicator(1, "green")}), alice_);
  EXPECT_EQ(get_ok(objects_path(), bob_)["objects"].size(), 2u);
  // Outsiders may not write.
  auto denied = client_->send("POST", objects_path(), carol_, envelope({indicator(3, "")}), {{"Content-Type", kTaxii}});
  expect_taxii_error(denied, 404);
}

TEST_P(TaxiiTest, MalformedInputGetsTaxiiErrors) {
  auto post_raw = [&](const std::string& body, const std::string& type) {
    return client_->send("POST", objects_path(), alice_, body, {{"Content-Type", type}});
  };
  expect_taxii_error(post_raw("{\"objects\": [", kTaxii), 400);
  expect_taxii_error(post_raw("[]", kTaxii), 400);
  expect_taxii_error(post_raw("{\"objects\": 3}", kTaxii), 400);
  expect_taxii_error(post_raw(envelope({indicator(1, "")}), "application/json"), 415);
  expect_taxii_error(post_raw(envelope({indicator(1, "")}), "application/taxii+json;version=2.0"), 415);
  expect_taxii_error(client_->send("GET", "/taxii2/", alice_, "", {{"Accept", "application/json"}}), 406);
  expect_taxii_error(client_->send("GET", "/taxii2/", alice_, "", {{"Accept", "application/taxii+json;version=2.0"}}), 406);
  for (const char* query : {"limit=0", "limit=-1", "limit=100000000000000000000", "limit=abc", "next=garbage",
                            "next=1-", "added_after=yesterday", "match[version]=newest", "match[type]=,",
                            "colour=red", "limit=1&limit=2", "match%ZZ=1"})
    expect_taxii_error(get(objects_path() + "?" + query, alice_), 400);
  expect_taxii_error(get(fmt::format("/api1/collections/{}/objects/{}/?match[id]=x", collection_, object_id(1)), alice_),
                     400);
  // Invalid STIX is a failure in the status, not an error of the request.
  json status = post(envelope({json{{"type", "indicator"}}, json("text")}), alice_);
  EXPECT_EQ(status["failure_count"], 2);
  EXPECT_EQ(status["success_count"], 0);
}

TEST_P(TaxiiTest, FiltersPaginationVersionsAndManifest) {
  post(envelope({indicator(1, "green", 0), indicator(2, "green", 0)}), alice_);
  auto first_page = get(objects_path(), alice_);
  std::string first_added = first_page->headers["x-taxii-date-added-last"];
  ASSERT_FALSE(first_added.empty());
  post(envelope({indicator(1, "green", 5), indicator(3, "green", 0)}), alice_);
  post(envelope({indicator(1, "green", 9), indicator(4, "green", 0)}), alice_);

  // Latest versions by default: 4 objects.
  EXPECT_EQ(get_ok(objects_path(), alice_)["objects"].size(), 4u);
  // Pagination over all versions, two at a time: 6 rows in 3 pages.
  std::vector<std::string> seen;
  std::string next;
  int pages = 0;
  do {
    auto response = get(objects_path() + "?match[version]=all&limit=2" + (next.empty() ? "" : "&next=" + next), alice_);
    ASSERT_TRUE(response);
    ASSERT_EQ(response->status, 200u) << response->body;
    EXPECT_FALSE(response->headers["x-taxii-date-added-first"].empty());
    auto body = json::parse(response->body);
    for (const auto& object : body["objects"]) seen.push_back(object["id"].get<std::string>() + object["modified"].get<std::string>());
    next = body["more"].get<bool>() ? body["next"].get<std::string>() : "";
    EXPECT_EQ(body.contains("next"), body["more"].get<bool>());
    ++pages;
  } while (!next.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 6u);

  auto after = get_ok(objects_path() + "?added_after=" + first_added, alice_);
  EXPECT_EQ(ids_of(after), (std::set<std::string>{object_id(1), object_id(3), object_id(4)}));
  EXPECT_EQ(ids_of(get_ok(objects_path() + "?match[id]=" + object_id(2) + "," + object_id(3), alice_)),
            (std::set<std::string>{object_id(2), object_id(3)}));
  EXPECT_EQ(get_ok(objects_path() + "?match[type]=malware", alice_).contains("objects"), false);
  EXPECT_EQ(get_ok(objects_path() + "?match[type]=indicator", alice_)["objects"].size(), 4u);
  EXPECT_EQ(get_ok(objects_path() + "?match[spec_version]=2.0", alice_).contains("objects"), false);
  EXPECT_EQ(get_ok(objects_path() + "?match[spec_version]=2.1", alice_)["objects"].size(), 4u);

  std::string one = objects_path() + object_id(1) + "/";
  EXPECT_EQ(get_ok(one, alice_)["objects"][0]["modified"], "2024-03-01T10:00:09.000Z");
  EXPECT_EQ(get_ok(one + "?match[version]=first", alice_)["objects"][0]["modified"], "2024-03-01T10:00:00.000Z");
  EXPECT_EQ(get_ok(one + "?match[version]=2024-03-01T10:00:05.000Z", alice_)["objects"][0]["modified"],
            "2024-03-01T10:00:05.000Z");
  EXPECT_EQ(get_ok(one + "?match[version]=all", alice_)["objects"].size(), 3u);
  auto versions = get_ok(one + "versions/", alice_);
  EXPECT_EQ(versions["versions"], json::array({"2024-03-01T10:00:00.000Z", "2024-03-01T10:00:05.000Z",
                                               "2024-03-01T10:00:09.000Z"}));
  EXPECT_EQ(get_ok(one + "versions/?limit=1", alice_)["more"], true);
  expect_taxii_error(get(objects_path() + object_id(77) + "/", alice_), 404);
  expect_taxii_error(get(objects_path() + object_id(77) + "/versions/", alice_), 404);

  auto manifest = get_ok(fmt::format("/api1/collections/{}/manifest/", collection_), alice_);
  ASSERT_EQ(manifest["objects"].size(), 4u);
  for (const auto& record : manifest["objects"]) {
    EXPECT_EQ(record["media_type"], "application/stix+json;version=2.1");
    EXPECT_TRUE(record["date_added"].is_string());
    EXPECT_TRUE(record["version"].is_string());
  }
  EXPECT_EQ(get_ok(fmt::format("/api1/collections/{}/manifest/?limit=3", collection_), alice_)["more"], true);

  // DELETE removes every version.
  auto deleted = client_->send("DELETE", one, alice_);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 200u) << deleted->body;
  expect_taxii_error(get(one, alice_), 404);
  expect_taxii_error(client_->send("DELETE", one, alice_), 404);
  EXPECT_EQ(get_ok(objects_path() + "?match[version]=all", alice_)["objects"].size(), 3u);
}

// TLP 2.0 audience: cert-a publishes one object of every level; cert-b reads the same
// collection through the same group. RED and AMBER+STRICT must never reach cert-b.
TEST_P(TaxiiTest, RedAndAmberStrictNeverLeaveThePublisher) {
  std::vector<json> objects{indicator(1, "clear"), indicator(2, "green"), indicator(3, "amber"),
                            indicator(4, "amber+strict"), indicator(5, "red"), indicator(6, "")};
  post(envelope(objects), alice_);
  // A later RED version of a GREEN object hides only that version.
  post(envelope({indicator(2, "red", 30)}), alice_);
  const std::set<std::string> everything{object_id(1), object_id(2), object_id(3), object_id(4), object_id(5), object_id(6)};
  const std::set<std::string> shared{object_id(1), object_id(2), object_id(3), object_id(6)};
  EXPECT_EQ(ids_of(get_ok(objects_path() + "?match[version]=all", alice_)), everything);
  EXPECT_EQ(get_ok(objects_path() + "?match[version]=all", alice_)["objects"].size(), 7u);

  std::string manifest = fmt::format("/api1/collections/{}/manifest/", collection_);
  for (const std::string query : {"", "?match[version]=all", "?match[version]=first", "?match[version]=last",
                                   "?match[version]=2024-03-01T10:00:00.000Z,2024-03-01T10:00:30.000Z",
                                   "?match[type]=indicator", "?limit=1000", "?match[spec_version]=2.1"}) {
    for (const auto& path : {objects_path() + query, manifest + query}) {
      auto seen = ids_of(get_ok(path, bob_));
      EXPECT_EQ(seen, shared) << path;
    }
  }
  auto latest = get_ok(objects_path(), bob_);
  for (const auto& object : latest["objects"]) {
    ASSERT_TRUE(object.contains("modified"));
    EXPECT_NE(object["modified"], "2024-03-01T10:00:30.000Z") << "cert-b saw the RED version: " << object;
  }
  // Page by page, one object at a time, nothing hidden shows either.
  std::set<std::string> paged;
  std::string next;
  for (int i = 0; i < 20; ++i) {
    auto body = get_ok(objects_path() + "?match[version]=all&limit=1" + (next.empty() ? "" : "&next=" + next), bob_);
    for (const auto& id : ids_of(body)) paged.insert(id);
    if (!body["more"].get<bool>()) break;
    next = body["next"];
  }
  EXPECT_EQ(paged, shared);
  for (int hidden : {4, 5}) {
    std::string one = objects_path() + object_id(hidden) + "/";
    expect_taxii_error(get(one, bob_), 404);
    expect_taxii_error(get(one + "?match[version]=all", bob_), 404);
    expect_taxii_error(get(one + "versions/", bob_), 404);
    EXPECT_EQ(get_ok(objects_path() + "?match[id]=" + object_id(hidden), bob_).contains("objects"), false);
    // cert-b cannot delete what it cannot see.
    expect_taxii_error(client_->send("DELETE", one, bob_), 404);
    EXPECT_EQ(get_ok(one, alice_)["objects"].size(), 1u);
  }
  auto versions = get_ok(objects_path() + object_id(2) + "/versions/", bob_);
  EXPECT_EQ(versions["versions"], json::array({"2024-03-01T10:00:00.000Z"}));
  EXPECT_EQ(get_ok(objects_path() + object_id(2) + "/versions/", alice_)["versions"].size(), 2u);
  // Basic authentication reaches the same audience.
  auto basic = client_->send("GET", objects_path(), "", "", {{"Authorization", "Basic YWxpY2U6YWxpY2UgcGFzcw=="}});
  ASSERT_TRUE(basic);
  EXPECT_EQ(ids_of(json::parse(basic->body)), everything);
  // No response to cert-b anywhere mentions a hidden id.
  for (const auto& path : {objects_path() + "?match[version]=all", manifest + "?match[version]=all",
                           objects_path() + object_id(2) + "/?match[version]=all"}) {
    auto response = get(path, bob_);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body.find(object_id(4)), std::string::npos) << path;
    EXPECT_EQ(response->body.find(object_id(5)), std::string::npos) << path;
    EXPECT_EQ(response->body.find("10:00:30"), std::string::npos) << path;
  }
}

TEST_P(TaxiiTest, ImportsABundleAndReportsRejectedObjects) {
  auto imported = cli(fmt::format("import {}/stix/valid_bundle.json --collection {} --org cert-a", RAMPART_TEST_DATA,
                                  collection_));
  EXPECT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_NE(imported.out.find("rejected 0"), std::string::npos) << imported.out;
  auto mixed = cli(fmt::format("import {}/stix/mixed_bundle.json --collection {} --org cert-b", RAMPART_TEST_DATA,
                               collection_));
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_NE(mixed.out.find("rejected 3"), std::string::npos) << mixed.out;
  EXPECT_NE(cli(fmt::format("import /nonexistent.json --collection {}", collection_)).exit_code, 0);
  EXPECT_NE(cli(fmt::format("import {}/stix/valid_bundle.json --collection {} --org nobody", RAMPART_TEST_DATA,
                            collection_)).exit_code, 0);
  auto all = get_ok(objects_path() + "?limit=1000", alice_);
  EXPECT_GT(all["objects"].size(), 10u);
  // The bundle's RED and AMBER+STRICT objects (published by cert-a) stay with cert-a.
  auto for_bob = get_ok(objects_path() + "?limit=1000", bob_);
  for (const auto& object : for_bob["objects"]) {
    for (const auto& ref : object.value("object_marking_refs", json::array())) {
      EXPECT_NE(ref, kTlp.at("red")) << object;
      EXPECT_NE(ref, kTlp.at("amber+strict")) << object;
    }
  }
  EXPECT_LT(for_bob["objects"].size(), all["objects"].size());
}

TEST_P(TaxiiTest, CliRefusesUnknownNames) {
  EXPECT_NE(cli("group add g --orgs nobody").exit_code, 0);
  EXPECT_NE(cli("collection add T --read nogroup").exit_code, 0);
  EXPECT_NE(cli("user add dan --role viewer --org nobody", "pw\n").exit_code, 0);
  EXPECT_NE(cli("org add cert-a").exit_code, 0);  // taken
}

INSTANTIATE_TEST_SUITE_P(Stores, TaxiiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::testing
