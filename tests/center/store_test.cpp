// Both Store implementations against the same tests: identities and tokens,
// idempotent atomic ingest, alert filters and cursor pagination, the audit log.
// PostgreSQL runs on a server the tests start (postgres_server.hpp).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <climits>

#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using testing::alert_line;
using testing::TempDir;

IngestedAlert make_alert(int64_t time_us, int64_t sid, int severity, std::string src, std::string dest) {
  IngestedAlert alert;
  alert.time_us = time_us;
  alert.signature_id = sid;
  alert.severity = severity;
  alert.signature = "sig";
  alert.src_ip = std::move(src);
  alert.dest_ip = std::move(dest);
  alert.eve_json = alert_line("2024-01-01T00:00:00Z", sid, severity, alert.src_ip, alert.dest_ip);
  return alert;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool postgres() const { return GetParam() == "postgres"; }

  StoreResult<std::unique_ptr<Store>> open() {
    return postgres() ? open_postgres_store(conninfo_) : open_sqlite_store(dir_.path());
  }

  // Runs SQL behind the store's back; true when the database accepted it.
  bool raw_exec(const std::string& sql) {
    if (postgres()) {
      PGconn* connection = PQconnectdb(conninfo_.c_str());
      PGresult* result = PQexec(connection, sql.c_str());
      bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      PQclear(result);
      PQfinish(connection);
      return ok;
    }
    sqlite3* raw = nullptr;
    sqlite3_open(sqlite_database_path(dir_.path()).c_str(), &raw);
    bool ok = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(raw);
    return ok;
  }

  void SetUp() override {
    if (postgres()) {
      auto& server = testing::PostgresServer::shared();
      ASSERT_TRUE(server.running()) << server.failure();
      conninfo_ = server.create_database();
    }
    auto opened = open();
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    auto sensor_id = store_->add_sensor("edge-1", "hash-edge-1", "test");
    ASSERT_TRUE(sensor_id) << sensor_id.error().detail;
    auto principal = store_->find_token("hash-edge-1");
    ASSERT_TRUE(principal && *principal);
    sensor_ = **principal;
  }

  Principal add_sensor(const std::string& name) {
    EXPECT_TRUE(store_->add_sensor(name, "hash-" + name, "test"));
    return **store_->find_token("hash-" + name);
  }

  TempDir dir_;
  std::string conninfo_;
  std::unique_ptr<Store> store_;
  Principal sensor_;
};

TEST_P(StoreTest, TokensResolveToTheirIdentity) {
  EXPECT_EQ(sensor_.role, Role::sensor);
  EXPECT_EQ(sensor_.name, "edge-1");
  EXPECT_TRUE(sensor_.sensor_id.has_value());
  EXPECT_FALSE(sensor_.user_id.has_value());
  ASSERT_TRUE(store_->add_user("ana", Role::analyst, "$argon2id$x", "hash-ana", "test"));
  auto user = store_->find_token("hash-ana");
  ASSERT_TRUE(user && *user);
  EXPECT_EQ((*user)->role, Role::analyst);
  EXPECT_EQ((*user)->name, "ana");
  EXPECT_EQ(**store_->password_hash("ana"), "$argon2id$x");
  auto unknown = store_->find_token("nope");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(StoreTest, DuplicateNamesAndSensorRoleUsersAreRefused) {
  EXPECT_FALSE(store_->add_sensor("edge-1", "other-hash", "test"));
  EXPECT_FALSE(store_->add_user("bob", Role::sensor, "h", "hash-bob", "test"));
  ASSERT_TRUE(store_->add_user("bob", Role::viewer, "h", "hash-bob", "test"));
  EXPECT_FALSE(store_->add_user("bob", Role::admin, "h", "hash-bob2", "test"));
  // A refused write leaves nothing behind: the failed sensor's token is not usable.
  EXPECT_FALSE(store_->find_token("other-hash")->has_value());
}

TEST_P(StoreTest, IngestIsIdempotentPerSensorAndBatch) {
  EventBatch batch;
  batch.alerts = {make_alert(1000, 1, 1, "10.0.0.1", "10.0.0.2"), make_alert(2000, 2, 2, "10.0.0.3", "10.0.0.4")};
  batch.other_events = {{"flow", 3}, {"dns", 1}};
  auto first = store_->ingest(sensor_, "b1", batch);
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->alerts, 2u);
  EXPECT_EQ(first->other_events, 4u);
  auto again = store_->ingest(sensor_, "b1", batch);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->alerts, 2u);
  EXPECT_EQ(again->other_events, 4u);
  // The same batch id from another sensor is another batch.
  auto other = add_sensor("edge-2");
  ASSERT_FALSE(store_->ingest(other, "b1", batch)->duplicate);

  auto stats = store_->stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->alerts, 4u);
  EXPECT_EQ(stats->batches, 2u);
  EXPECT_EQ(stats->other_events.at("flow"), 6u);
  EXPECT_EQ(store_->alerts(AlertQuery{})->alerts.size(), 4u);
  auto sensors = store_->sensors();
  ASSERT_TRUE(sensors);
  ASSERT_EQ(sensors->size(), 2u);
  EXPECT_EQ((*sensors)[0].name, "edge-1");
  EXPECT_EQ((*sensors)[0].alerts, 2u);
  EXPECT_EQ((*sensors)[0].batches, 1u);
  EXPECT_TRUE((*sensors)[0].last_batch_us.has_value());
}

TEST_P(StoreTest, IngestNeedsASensor) {
  Principal user;
  user.role = Role::admin;
  EXPECT_FALSE(store_->ingest(user, "b", EventBatch{}));
}

TEST_P(StoreTest, FiltersSelectAlerts) {
  auto other = add_sensor("edge-2");
  EventBatch first;
  first.alerts = {make_alert(1000, 10, 1, "10.0.0.1", "192.0.2.1"), make_alert(2000, 20, 3, "192.0.2.1", "10.0.0.9")};
  EventBatch second;
  second.alerts = {make_alert(3000, 10, 2, "10.0.0.5", "10.0.0.6")};
  ASSERT_TRUE(store_->ingest(sensor_, "a", first));
  ASSERT_TRUE(store_->ingest(other, "a", second));

  auto count = [&](AlertQuery query) { return store_->alerts(query)->alerts.size(); };
  AlertQuery q;
  q.signature_id = 10;
  EXPECT_EQ(count(q), 2u);
  q = {};
  q.sensor = "edge-2";
  EXPECT_EQ(count(q), 1u);
  q = {};
  q.sensor = "nobody";
  EXPECT_EQ(count(q), 0u);
  q = {};
  q.any_ip = "192.0.2.1";
  EXPECT_EQ(count(q), 2u);
  q = {};
  q.src_ip = "192.0.2.1";
  EXPECT_EQ(count(q), 1u);
  q = {};
  q.dest_ip = "10.0.0.6";
  EXPECT_EQ(count(q), 1u);
  q = {};
  q.min_severity = 2;
  EXPECT_EQ(count(q), 2u);
  q = {};
  q.since_us = 2000;
  q.until_us = 3000;
  auto page = store_->alerts(q);
  ASSERT_EQ(page->alerts.size(), 1u);
  EXPECT_EQ(page->alerts[0].alert.signature_id, 20);
  EXPECT_EQ(page->alerts[0].sensor, "edge-1");
  EXPECT_EQ(page->alerts[0].alert.src_ip, "192.0.2.1");
}

TEST_P(StoreTest, CursorPagesCoverEveryAlertOnce) {
  EventBatch batch;
  // Several alerts share a timestamp, so the cursor must also order by id.
  for (int i = 0; i < 23; ++i) batch.alerts.push_back(make_alert(1000 * (i / 4), i, 1, "10.0.0.1", "10.0.0.2"));
  ASSERT_TRUE(store_->ingest(sensor_, "many", batch));
  AlertQuery query;
  query.limit = 5;
  std::vector<int64_t> seen;
  int pages = 0;
  while (true) {
    auto page = store_->alerts(query);
    ASSERT_TRUE(page);
    ++pages;
    int64_t previous_time = seen.empty() ? INT64_MAX : batch.alerts[static_cast<size_t>(seen.back())].time_us;
    for (const auto& stored : page->alerts) {
      EXPECT_LE(stored.alert.time_us, previous_time);
      previous_time = stored.alert.time_us;
      seen.push_back(stored.alert.signature_id);
    }
    if (!page->next) break;
    query.after = page->next;
  }
  EXPECT_EQ(pages, 5);
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), 23u);
  for (int64_t i = 0; i < 23; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], i);
}

TEST_P(StoreTest, EveryWriteIsAuditedAndTheLogIsAppendOnly) {
  ASSERT_TRUE(store_->add_user("ana", Role::admin, "h", "hash-ana", "cli"));
  EventBatch batch;
  batch.other_events = {{"flow", 1}};
  ASSERT_TRUE(store_->ingest(sensor_, "b7", batch));
  ASSERT_TRUE(store_->ingest(sensor_, "b7", batch));  // a duplicate writes nothing, so no entry
  auto log = store_->audit_log(10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].action, "batch.ingest");
  EXPECT_EQ((*log)[0].actor, "sensor:edge-1");
  EXPECT_EQ((*log)[1].action, "user.add");
  EXPECT_EQ((*log)[1].subject, "ana (admin)");
  EXPECT_EQ((*log)[2].action, "sensor.add");

  EXPECT_TRUE(raw_exec("INSERT INTO audit_log (time_us, actor, action, subject) VALUES (1, 'raw', 'raw', 'raw')"));
  EXPECT_FALSE(raw_exec("UPDATE audit_log SET actor = 'x'"));
  EXPECT_FALSE(raw_exec("DELETE FROM audit_log"));
  EXPECT_EQ(store_->audit_log(10)->size(), 4u);
}

TEST_P(StoreTest, DataSurvivesReopening) {
  EventBatch batch;
  batch.alerts = {make_alert(5, 1, 1, "a", "b")};
  ASSERT_TRUE(store_->ingest(sensor_, "keep", batch));
  store_.reset();
  auto reopened = open();
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->stats()->alerts, 1u);
  EXPECT_TRUE((*reopened)->ingest(sensor_, "keep", batch)->duplicate);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
