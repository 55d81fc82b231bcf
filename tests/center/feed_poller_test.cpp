// The TAXII feed poller against a remote inside the test: a second center's TAXII
// server (ApiRouter over its own SQLite store) on a loopback port, or a stand-in
// that answers 500, garbage or a hand-made envelope. The local store is SQLite and
// PostgreSQL: objects arrive once, across pages; a second poll asks added_after the
// saved X-TAXII-Date-Added-Last and brings only new objects, also with a new poller
// (a restart); invalid objects are counted and reported by id; failures are values
// and counted.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "center/api/api_router.hpp"
#include "center/feeds/feed_poller.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center/taxii/taxii_objects.hpp"
#include "center/taxii/taxii_query.hpp"
#include "center_support/postgres_server.hpp"
#include "feed_remote.hpp"
#include "temp_dir.hpp"

namespace rampart::center::feeds {
namespace {

using nlohmann::json;
using testing::FeedRemote;
using testing::TempDir;

constexpr const char* kRemoteCollection = "0a1b2c3d-0000-4000-8000-000000000001";
constexpr const char* kLocalCollection = "0a1b2c3d-0000-4000-8000-000000000002";

std::string indicator_id(int n) { return fmt::format("indicator--00000000-0000-4000-8000-{:012d}", n); }

json indicator(int n) {
  return json{{"type", "indicator"},
              {"spec_version", "2.1"},
              {"id", indicator_id(n)},
              {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", "2024-03-01T10:00:00.000Z"},
              {"pattern", fmt::format("[ipv4-addr:value = '10.0.0.{}']", n)},
              {"pattern_type", "stix"},
              {"valid_from", "2024-03-01T00:00:00Z"}};
}

std::vector<NewTaxiiObject> rows(int first, int count) {
  json objects = json::array();
  for (int n = first; n < first + count; ++n) objects.push_back(indicator(n));
  auto parsed = taxii::parse_envelope(json{{"objects", objects}}.dump());
  EXPECT_TRUE(parsed && parsed->failures.empty());
  return parsed ? parsed->objects : std::vector<NewTaxiiObject>{};
}

// A remote center: organisation cert-a in group peers, which may read and write one
// collection; user "feeder" of cert-a with a token and a password.
class RemoteCenter {
 public:
  RemoteCenter() {
    auto opened = open_sqlite_store(dir_.path());
    EXPECT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    organisation_ = *store_->add_organisation("cert-a", "test");
    EXPECT_TRUE(store_->add_sharing_group("peers", {"cert-a"}, "test"));
    EXPECT_TRUE(store_->add_collection({kRemoteCollection, "Remote", "", false, false}, {"peers"}, {"peers"}, "test"));
    token_ = *generate_api_token();
    EXPECT_TRUE(store_->add_user("feeder", Role::analyst, *hash_password("feeder password"), token_hash(token_), "test"));
    EXPECT_TRUE(store_->set_user_organisation("feeder", "cert-a", "test"));
    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{});
    server_ = std::make_unique<FeedRemote>([this](const HttpRequest& request) { return router_->handle(request); });
  }

  void add(int first, int count) { ASSERT_TRUE(store_->add_taxii_objects(kRemoteCollection, organisation_, rows(first, count), "test")); }
  std::string objects_url() const { return server_->url(fmt::format("/api1/collections/{}/objects/", kRemoteCollection)); }
  const std::string& token() const { return token_; }
  FeedRemote& server() { return *server_; }

 private:
  TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t organisation_ = 0;
  std::string token_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::unique_ptr<FeedRemote> server_;
};

FeedSettings feed_settings(const std::string& url) {
  FeedSettings settings;
  settings.name = "peers";
  settings.objects_url = *upload::parse_center_url(url);
  settings.into_collection = kLocalCollection;
  return settings;
}

class FeedPollerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    StoreResult<std::unique_ptr<Store>> opened;
    if (GetParam() == "postgres") {
      auto& postgres = testing::PostgresServer::shared();
      ASSERT_TRUE(postgres.running()) << postgres.failure();
      opened = open_postgres_store(postgres.create_database());
    } else {
      opened = open_sqlite_store(dir_.path());
    }
    ASSERT_TRUE(opened) << opened.error().detail;
    local_ = std::move(*opened);
    ASSERT_TRUE(local_->add_collection({kLocalCollection, "From peers", "", false, false}, {}, {}, "test"));
  }

  FeedSettings remote_feed() {
    auto settings = feed_settings(remote_.objects_url());
    settings.token = remote_.token();
    settings.limit = 2;
    return settings;
  }

  std::unique_ptr<FeedPoller> poller(FeedSettings settings) {
    return std::make_unique<FeedPoller>(std::move(settings), *local_,
                                        [this](const std::string& line) { reports_.push_back(line); });
  }

  // Every version of every object in the local collection, by STIX id.
  std::vector<std::string> local_ids() {
    TaxiiObjectQuery query;
    query.collection_id = kLocalCollection;
    query.viewer = {1, true};
    query.version_match = VersionMatch::all;
    query.limit = 1000;
    auto page = local_->taxii_objects(query);
    EXPECT_TRUE(page) << page.error().detail;
    std::vector<std::string> ids;
    if (page)
      for (const auto& object : page->objects) ids.push_back(object.stix_id);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<Store> local_;
  RemoteCenter remote_;
  std::vector<std::string> reports_;
};

TEST_P(FeedPollerTest, FirstPollImportsEveryObjectOnceAcrossPages) {
  remote_.add(1, 5);
  auto feed = poller(remote_feed());
  auto polled = feed->poll_once();
  ASSERT_TRUE(polled) << polled.error();
  EXPECT_EQ(polled->pages, 3u);
  EXPECT_EQ(polled->imported, 5u);
  EXPECT_EQ(polled->rejected, 0u);
  auto ids = local_ids();
  ASSERT_EQ(ids.size(), 5u);
  for (int n = 1; n <= 5; ++n) EXPECT_EQ(std::count(ids.begin(), ids.end(), indicator_id(n)), 1);
  auto requests = remote_.server().requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& request : requests) EXPECT_EQ(request.accept, "application/taxii+json;version=2.1");
  EXPECT_EQ(requests[0].target.find("added_after"), std::string::npos);
  EXPECT_NE(requests[1].target.find("next="), std::string::npos);
  auto position = local_->feed_position("peers");
  ASSERT_TRUE(position && *position);
  EXPECT_TRUE(taxii::timestamp_ns(**position));
}

TEST_P(FeedPollerTest, SecondPollBringsOnlyTheNewObjects) {
  remote_.add(1, 3);
  auto feed = poller(remote_feed());
  ASSERT_TRUE(feed->poll_once());
  auto position = local_->feed_position("peers");
  ASSERT_TRUE(position && *position);
  auto idle = feed->poll_once();
  ASSERT_TRUE(idle) << idle.error();
  EXPECT_EQ(idle->imported, 0u);
  EXPECT_EQ(idle->pages, 1u);
  auto requests = remote_.server().requests();
  std::string escaped_position = **position;
  for (auto colon = escaped_position.find(':'); colon != std::string::npos; colon = escaped_position.find(':'))
    escaped_position.replace(colon, 1, "%3A");
  EXPECT_NE(requests.back().target.find("added_after=" + escaped_position), std::string::npos) << requests.back().target;
  remote_.add(10, 2);
  auto fresh = feed->poll_once();
  ASSERT_TRUE(fresh) << fresh.error();
  EXPECT_EQ(fresh->imported, 2u);
  EXPECT_EQ(local_ids().size(), 5u);
  EXPECT_EQ(feed->counters().polls.load(), 3u);
  EXPECT_EQ(feed->counters().imported.load(), 5u);
  EXPECT_EQ(feed->counters().errors.load(), 0u);
}

TEST_P(FeedPollerTest, ANewPollerResumesFromTheSavedPosition) {
  remote_.add(1, 4);
  ASSERT_TRUE(poller(remote_feed())->poll_once());
  remote_.add(20, 1);
  auto restarted = poller(remote_feed());
  auto polled = restarted->poll_once();
  ASSERT_TRUE(polled) << polled.error();
  EXPECT_EQ(polled->imported, 1u);
  EXPECT_EQ(polled->pages, 1u);
  EXPECT_EQ(local_ids().size(), 5u);
}

TEST_P(FeedPollerTest, BasicCredentialsAreAccepted) {
  remote_.add(1, 1);
  auto settings = remote_feed();
  settings.token.clear();
  settings.username = "feeder";
  settings.password = "feeder password";
  auto polled = poller(settings)->poll_once();
  ASSERT_TRUE(polled) << polled.error();
  EXPECT_EQ(polled->imported, 1u);
}

TEST_P(FeedPollerTest, ARefusedCredentialIsAnErrorAndCounted) {
  auto settings = remote_feed();
  settings.token = "rpt_wrong";
  auto feed = poller(settings);
  auto polled = feed->poll_once();
  ASSERT_FALSE(polled);
  EXPECT_NE(polled.error().find("HTTP 401"), std::string::npos) << polled.error();
  EXPECT_EQ(feed->counters().errors.load(), 1u);
  EXPECT_FALSE(*local_->feed_position("peers"));
}

TEST_P(FeedPollerTest, InvalidObjectsAreRejectedByIdAndValidOnesStored) {
  json bad = indicator(2);
  bad["pattern"] = "[ipv4-addr:value = ";
  json body{{"more", false}, {"objects", json::array({indicator(1), bad})}};
  FeedRemote remote([&](const HttpRequest&) {
    HttpResponse response{200, "application/taxii+json;version=2.1", body.dump(), "", false, {}};
    response.headers.emplace_back("X-TAXII-Date-Added-Last", "2024-05-01T00:00:00.000000Z");
    return response;
  });
  auto feed = poller(feed_settings(remote.url("/api1/collections/x/objects/")));
  auto polled = feed->poll_once();
  ASSERT_TRUE(polled) << polled.error();
  EXPECT_EQ(polled->imported, 1u);
  EXPECT_EQ(polled->rejected, 1u);
  EXPECT_EQ(feed->counters().rejected.load(), 1u);
  ASSERT_EQ(reports_.size(), 1u);
  EXPECT_NE(reports_[0].find(indicator_id(2)), std::string::npos) << reports_[0];
  EXPECT_NE(reports_[0].find("objects[1].pattern"), std::string::npos) << reports_[0];
  EXPECT_EQ(local_ids(), std::vector<std::string>{indicator_id(1)});
  EXPECT_EQ(**local_->feed_position("peers"), "2024-05-01T00:00:00.000000Z");
}

// Each answer must end the poll with an error naming the cause, store nothing and count one error.
TEST_P(FeedPollerTest, BadAnswersAreErrorsThatStoreNothing) {
  struct Case {
    unsigned status;
    std::string body;
    std::string date_added_last;
    std::string expected;
  };
  std::string one_object = json{{"objects", json::array({indicator(1)})}}.dump();
  for (const auto& bad : std::vector<Case>{
           {500, "{\"title\": \"store failed\"}", "", "HTTP 500"},
           {200, "<html>not json", "", "not JSON"},
           {200, "[1, 2]", "", "not a TAXII envelope"},
           {200, "{\"objects\": 7}", "", "objects: not a list"},
           {200, "{\"more\": \"yes\"}", "", "more is not a boolean"},
           {200, one_object, "yesterday", "X-TAXII-Date-Added-Last"},
           {200, "{\"more\": true}", "", "neither a new next"},
       }) {
    FeedRemote remote([&](const HttpRequest&) {
      HttpResponse response{bad.status, "application/taxii+json;version=2.1", bad.body, "", false, {}};
      if (!bad.date_added_last.empty()) response.headers.emplace_back("X-TAXII-Date-Added-Last", bad.date_added_last);
      return response;
    });
    auto feed = poller(feed_settings(remote.url("/api1/collections/x/objects/")));
    auto polled = feed->poll_once();
    ASSERT_FALSE(polled) << bad.body;
    EXPECT_NE(polled.error().find(bad.expected), std::string::npos) << polled.error();
    EXPECT_EQ(feed->counters().errors.load(), 1u);
    EXPECT_EQ(feed->counters().polls.load(), 1u);
  }
  EXPECT_TRUE(local_ids().empty());
  EXPECT_FALSE(*local_->feed_position("peers"));
}

TEST_P(FeedPollerTest, ANextThatNeverChangesEndsThePoll) {
  FeedRemote remote([&](const HttpRequest&) {
    return HttpResponse{200, "application/taxii+json;version=2.1", R"({"more": true, "next": "same"})", "", false, {}};
  });
  auto polled = poller(feed_settings(remote.url("/api1/collections/x/objects/")))->poll_once();
  ASSERT_FALSE(polled);
  EXPECT_EQ(remote.requests().size(), 2u);
}

TEST_P(FeedPollerTest, AnUnreachableRemoteIsAnError) {
  uint16_t port = 0;
  {
    FeedRemote closed([](const HttpRequest&) { return HttpResponse{}; });
    port = closed.port();
  }
  auto feed = poller(feed_settings(fmt::format("http://127.0.0.1:{}/api1/collections/x/objects/", port)));
  auto polled = feed->poll_once();
  ASSERT_FALSE(polled);
  EXPECT_NE(polled.error().find("cannot connect"), std::string::npos) << polled.error();
}

TEST_P(FeedPollerTest, AnUnknownLocalCollectionIsAnError) {
  remote_.add(1, 1);
  auto settings = remote_feed();
  settings.into_collection = "0a1b2c3d-0000-4000-8000-00000000dead";
  auto polled = poller(settings)->poll_once();
  ASSERT_FALSE(polled);
  EXPECT_NE(polled.error().find("unknown collection"), std::string::npos) << polled.error();
  EXPECT_FALSE(*local_->feed_position("peers"));
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedPollerTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center::feeds
