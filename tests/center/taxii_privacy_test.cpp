// The privacy filter on the TAXII read paths, on both stores: objects published by
// cert-a and read by cert-b show pseudonyms (indicator patterns, address objects,
// under the ids of their new values, which references on other pages follow),
// lose e-mail objects and URL user info; cert-a reads its originals. Under the
// remove policy, withheld objects vanish from objects, object by id, versions and
// manifest, and paging walks past them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/privacy/observable_id.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "intel/pattern.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

constexpr const char* kCollection = "11111111-1111-4111-8111-111111111111";
constexpr const char* kTaxii = "application/taxii+json;version=2.1";
constexpr const char* kIndicator = "indicator--bbbbbbbb-0000-4000-8000-000000000001";
constexpr const char* kAddress = "ipv4-addr--bbbbbbbb-0000-4000-8000-000000000002";
constexpr const char* kEmail = "email-addr--bbbbbbbb-0000-4000-8000-000000000003";
constexpr const char* kUrl = "url--bbbbbbbb-0000-4000-8000-000000000004";
constexpr const char* kExternal = "indicator--bbbbbbbb-0000-4000-8000-000000000005";
constexpr const char* kRelationship = "relationship--bbbbbbbb-0000-4000-8000-000000000006";
constexpr const char* kPseudonym = "10.150.119.92";  // the keyed pseudonym of 10.1.2.3

// The id an observable gets for the value it is shared with.
std::string shared_id(const char* type, const std::string& value) {
  return *privacy::deterministic_id(json{{"type", type}, {"value", value}});
}

json indicator(const char* id, const std::string& pattern) {
  return json{{"type", "indicator"},      {"spec_version", "2.1"},
              {"id", id},                 {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", "2024-03-01T10:00:00.000Z"}, {"pattern_type", "stix"},
              {"pattern", pattern},       {"valid_from", "2024-03-01T00:00:00Z"},
              {"description", "beacons from 10.1.2.3 to the C2"}};
}

std::vector<json> published_objects() {
  return {indicator(kIndicator, "[ipv4-addr:value = '10.1.2.3'] OR [ipv4-addr:value ISSUBSET '10.1.2.0/24']"),
          {{"type", "ipv4-addr"}, {"spec_version", "2.1"}, {"id", kAddress}, {"value", "10.1.2.3"}},
          {{"type", "email-addr"}, {"spec_version", "2.1"}, {"id", kEmail}, {"value", "ann@corp.example"}},
          {{"type", "url"}, {"spec_version", "2.1"}, {"id", kUrl}, {"value", "http://ann:pw@portal.example/login"}},
          indicator(kExternal, "[ipv4-addr:value = '198.51.100.7']")};
}

std::string key() {
  std::string out;
  for (int i = 0; i < 32; ++i) out += static_cast<char>(i);
  return out;
}

class TaxiiPrivacyTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_organisation("cert-a", "test"));
    ASSERT_TRUE(store_->add_organisation("cert-b", "test"));
    for (auto [name, organisation, token] : {std::tuple{"alice", "cert-a", &alice_}, std::tuple{"bob", "cert-b", &bob_}}) {
      *token = *generate_api_token();
      ASSERT_TRUE(store_->add_user(name, Role::analyst, "h", token_hash(*token), "test"));
      ASSERT_TRUE(store_->set_user_organisation(name, organisation, "test"));
    }
    ASSERT_TRUE(store_->add_sharing_group("peers", {"cert-a", "cert-b"}, "test"));
    ASSERT_TRUE(store_->add_collection({kCollection, "shared", "", false, false}, {"peers"}, {"peers"}, "test"));
  }

  void use_policy(privacy::AddressTreatment treatment) {
    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{1 << 20});
    privacy::PrivacySettings settings;
    settings.internal_networks = {*intel::parse_cidr("10.0.0.0/8")};
    settings.addresses = treatment;
    settings.key = key();
    auto filter = privacy::PrivacyFilter::create(settings);
    ASSERT_TRUE(filter) << filter.error();
    router_->set_privacy(*filter);
  }

  HttpResponse send(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body = "") {
    HttpRequest request;
    request.method = method;
    request.target = fmt::format("/api1/collections/{}/{}", kCollection, path);
    request.authorization = "Bearer " + token;
    request.accept = kTaxii;
    request.content_type = kTaxii;
    request.body = body;
    return router_->handle(request);
  }

  json get_ok(const std::string& path, const std::string& token) {
    auto response = send("GET", path, token);
    EXPECT_EQ(response.status, 200u) << path << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }

  void publish_as_alice() {
    auto response = send("POST", "objects/", alice_, json{{"objects", published_objects()}}.dump());
    ASSERT_EQ(response.status, 202u) << response.body;
    ASSERT_EQ(json::parse(response.body)["success_count"], 5) << response.body;
  }

  static std::map<std::string, json> by_id(const json& body) {
    std::map<std::string, json> out;
    if (body.contains("objects"))
      for (const auto& object : body["objects"]) out[object["id"].get<std::string>()] = object;
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::string alice_, bob_;
};

TEST_P(TaxiiPrivacyTest, AnotherOrganisationReadsPseudonymsThePublisherTheOriginal) {
  use_policy(privacy::AddressTreatment::keyed);
  publish_as_alice();
  auto partner = by_id(get_ok("objects/", bob_));
  EXPECT_EQ(partner.size(), 4u) << "the e-mail address object is withheld";
  EXPECT_FALSE(partner.contains(kEmail));
  // The address and the URL changed, so did their ids: the old ones name the originals.
  const std::string address = shared_id("ipv4-addr", kPseudonym);
  const std::string url = shared_id("url", "http://portal.example/login");
  EXPECT_FALSE(partner.contains(kAddress));
  EXPECT_FALSE(partner.contains(kUrl));
  auto pattern = partner.at(kIndicator)["pattern"].get<std::string>();
  EXPECT_EQ(pattern, "[ipv4-addr:value = '10.150.119.92'] OR [ipv4-addr:value ISSUBSET '10.176.33.0/24']");
  EXPECT_TRUE(intel::parse_pattern(pattern));
  EXPECT_EQ(partner.at(kIndicator)["description"], "beacons from 10.150.119.92 to the C2");
  EXPECT_EQ(partner.at(address)["value"], kPseudonym);
  EXPECT_EQ(partner.at(url)["value"], "http://portal.example/login");
  EXPECT_EQ(partner.at(kExternal)["pattern"], "[ipv4-addr:value = '198.51.100.7']");
  // Object by id and its versions go through the same filter.
  auto one = get_ok(fmt::format("objects/{}/", kIndicator), bob_);
  EXPECT_EQ(one["objects"][0]["pattern"], pattern);
  EXPECT_EQ(send("GET", fmt::format("objects/{}/", kEmail), bob_).status, 404u);
  EXPECT_EQ(send("GET", fmt::format("objects/{}/versions/", kEmail), bob_).status, 404u);
  EXPECT_FALSE(by_id(get_ok("manifest/", bob_)).contains(kEmail));
  EXPECT_EQ(by_id(get_ok("manifest/", bob_)).size(), 4u);
  EXPECT_TRUE(by_id(get_ok("manifest/", bob_)).contains(address)) << "the manifest lists the ids the reader gets";

  auto own = by_id(get_ok("objects/", alice_));
  EXPECT_EQ(own.size(), 5u);
  EXPECT_EQ(own.at(kIndicator)["pattern"], "[ipv4-addr:value = '10.1.2.3'] OR [ipv4-addr:value ISSUBSET '10.1.2.0/24']");
  EXPECT_EQ(own.at(kAddress)["value"], "10.1.2.3");
  EXPECT_EQ(own.at(kEmail)["value"], "ann@corp.example");
}

TEST_P(TaxiiPrivacyTest, PrefixPreservingPseudonymsKeepTheSharedPrefix) {
  use_policy(privacy::AddressTreatment::prefix_preserving);
  publish_as_alice();
  auto partner = by_id(get_ok("objects/", bob_));
  auto tree = intel::parse_pattern(partner.at(kIndicator)["pattern"].get<std::string>());
  ASSERT_TRUE(tree);
  auto host = tree->root.operands.at(0).comparison.test.values.at(0).text;
  auto block = tree->root.operands.at(1).comparison.test.values.at(0).text;
  EXPECT_NE(host, "10.1.2.3");
  EXPECT_TRUE(block.ends_with("/24")) << block;
  EXPECT_EQ(host.substr(0, host.rfind('.') + 1) + "0/24", block) << "same /24 in, same /24 out";
  auto address = std::find_if(partner.begin(), partner.end(), [](const auto& entry) { return entry.second["type"] == "ipv4-addr"; });
  ASSERT_NE(address, partner.end());
  EXPECT_EQ(address->second["value"], host);
  EXPECT_EQ(address->first, shared_id("ipv4-addr", host));
}

TEST_P(TaxiiPrivacyTest, ReferencesFollowNewIdsAcrossPages) {
  use_policy(privacy::AddressTreatment::keyed);
  publish_as_alice();
  json relationship{{"type", "relationship"}, {"spec_version", "2.1"}, {"id", kRelationship},
                    {"created", "2024-03-01T10:00:00.000Z"}, {"modified", "2024-03-01T10:00:00.000Z"},
                    {"relationship_type", "indicates"}, {"source_ref", kIndicator}, {"target_ref", kAddress},
                    {"description", fmt::format("{} contacted {}", kAddress, kUrl)},
                    {"x_analyst", "ann@corp.example"}, {"x_seen_at", {{"host", "10.1.2.3"}}}};
  auto posted = send("POST", "objects/", alice_, json{{"objects", {relationship}}}.dump());
  ASSERT_EQ(posted.status, 202u) << posted.body;
  // One object per page: the relationship's page does not hold its target.
  std::string everything;
  std::map<std::string, json> paged;
  std::string next;
  for (int pages = 0; pages < 10; ++pages) {
    auto response = send("GET", "objects/?limit=1" + (next.empty() ? std::string() : "&next=" + next), bob_);
    ASSERT_EQ(response.status, 200u) << response.body;
    everything += response.body;
    auto body = json::parse(response.body);
    paged.merge(by_id(body));
    if (!body["more"].get<bool>()) break;
    next = body["next"];
  }
  auto single = send("GET", fmt::format("objects/{}/", kRelationship), bob_);
  everything += single.body;
  const std::string address = shared_id("ipv4-addr", kPseudonym);
  const std::string url = shared_id("url", "http://portal.example/login");
  ASSERT_TRUE(paged.contains(kRelationship)) << everything;
  EXPECT_EQ(paged.at(kRelationship)["target_ref"], address);
  EXPECT_TRUE(paged.contains(address));
  EXPECT_EQ(paged.at(kRelationship)["description"], fmt::format("{} contacted {}", address, url));
  EXPECT_EQ(json::parse(single.body)["objects"][0], paged.at(kRelationship));
  for (const std::string secret : {"10.1.2.3", "ann@", "ann:", "corp.example", kAddress, kEmail, kUrl})
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret << " left the organisation";
  for (const auto& [id, object] : paged) EXPECT_TRUE(intel::make_stix_object(intel::Json::parse(object.dump()))) << object.dump();
}

TEST_P(TaxiiPrivacyTest, RemovedObjectsVanishFromEveryReadPath) {
  use_policy(privacy::AddressTreatment::remove);
  publish_as_alice();
  auto partner = by_id(get_ok("objects/", bob_));
  const std::string url = shared_id("url", "http://portal.example/login");
  EXPECT_EQ(partner.size(), 2u);
  EXPECT_TRUE(partner.contains(url));
  EXPECT_TRUE(partner.contains(kExternal));
  EXPECT_EQ(partner.at(kExternal)["description"], "beacons from [address removed] to the C2");
  for (const char* hidden : {kIndicator, kAddress}) {
    EXPECT_EQ(send("GET", fmt::format("objects/{}/", hidden), bob_).status, 404u);
    EXPECT_EQ(send("GET", fmt::format("objects/{}/versions/", hidden), bob_).status, 404u);
    EXPECT_EQ(get_ok(fmt::format("objects/{}/", hidden), alice_)["objects"].size(), 1u);
  }
  EXPECT_EQ(by_id(get_ok("manifest/", bob_)).size(), 2u);
  // One object per page: withheld ones leave pages empty, the cursor still moves on.
  std::set<std::string> paged;
  std::string next;
  int pages = 0;
  for (; pages < 10; ++pages) {
    auto body = get_ok("objects/?limit=1" + (next.empty() ? std::string() : "&next=" + next), bob_);
    for (const auto& [id, object] : by_id(body)) paged.insert(id);
    if (!body["more"].get<bool>()) break;
    next = body["next"];
  }
  EXPECT_EQ(paged, (std::set<std::string>{url, kExternal}));
  EXPECT_EQ(pages, 4);
}

INSTANTIATE_TEST_SUITE_P(Stores, TaxiiPrivacyTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
