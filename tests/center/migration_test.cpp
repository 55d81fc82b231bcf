// Versioned schema migrations: fresh databases reach the latest version, older ones
// are upgraded with their data kept, newer ones are refused.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "center/store/postgres_migrations.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_migrations.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using testing::TempDir;

TEST(Migrations, VersionsAreOrderedAndStartAtOne) {
  auto list = sqlite::migrations();
  ASSERT_FALSE(list.empty());
  for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i].version, static_cast<int>(i) + 1);
  EXPECT_EQ(sqlite::latest_schema_version(), list.back().version);
}

TEST(Migrations, FreshStoreIsAtTheLatestVersion) {
  TempDir dir;
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  EXPECT_EQ(*(*store)->schema_version(), sqlite::latest_schema_version());
}

TEST(Migrations, OlderDatabaseIsUpgradedKeepingItsData) {
  TempDir dir;
  {
    auto connection = sqlite::Connection::open(sqlite_database_path(dir.path()).string());
    ASSERT_TRUE(connection);
    auto reached = sqlite::migrate(*connection, 1);
    ASSERT_TRUE(reached) << reached.error().detail;
    EXPECT_EQ(*reached, 1);
    ASSERT_TRUE(connection->exec("INSERT INTO sensors (organisation_id, name, created_us) VALUES (1, 'old', 0);"
                                 "INSERT INTO api_tokens (token_hash, role, sensor_id, created_us) VALUES ('h', 'sensor', 1, 0)"));
    // Version 1 has no alerts table yet.
    EXPECT_FALSE(connection->exec("SELECT * FROM alerts"));
  }
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  EXPECT_EQ(*(*store)->schema_version(), sqlite::latest_schema_version());
  auto sensor = (*store)->find_token("h");
  ASSERT_TRUE(sensor && *sensor);
  EXPECT_EQ((*sensor)->name, "old");
  EventBatch batch;
  batch.other_events = {{"flow", 1}};
  EXPECT_TRUE((*store)->ingest(**sensor, "after-upgrade", batch));
}

TEST(Migrations, IncidentsOfVersionFourGainCaseFields) {
  TempDir dir;
  {
    auto connection = sqlite::Connection::open(sqlite_database_path(dir.path()).string());
    ASSERT_TRUE(connection);
    ASSERT_EQ(*sqlite::migrate(*connection, 4), 4);
    ASSERT_TRUE(connection->exec(
        "INSERT INTO incidents (correlation_key, title, state, category, level, created_us, updated_us, deadline_us) "
        "VALUES ('k', 'before 5', 'new', 'other', 4, 1, 1, 2)"));
  }
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  auto incident = (*store)->incident(1);
  ASSERT_TRUE(incident && *incident) << "the incident survives migration 5";
  EXPECT_EQ((*incident)->title, "before 5");
  EXPECT_EQ((*incident)->assignee, "");
  EXPECT_TRUE((*incident)->tasks.empty());
  auto noted = (*store)->change_incident(1, NoteAddition{"after the upgrade"}, "test");
  ASSERT_TRUE(noted) << noted.error().detail;
  EXPECT_EQ(noted->outcome, ChangeOutcome::done);
}

TEST(Migrations, MigratingTwiceChangesNothing) {
  TempDir dir;
  auto connection = sqlite::Connection::open(sqlite_database_path(dir.path()).string());
  ASSERT_TRUE(connection);
  EXPECT_EQ(*sqlite::migrate(*connection), sqlite::latest_schema_version());
  EXPECT_EQ(*sqlite::migrate(*connection), sqlite::latest_schema_version());
  auto count = connection->prepare("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_TRUE(count && *count->step());
  EXPECT_EQ(count->integer(0), sqlite::latest_schema_version());
}

TEST(Migrations, NewerDatabaseIsRefused) {
  TempDir dir;
  {
    auto connection = sqlite::Connection::open(sqlite_database_path(dir.path()).string());
    ASSERT_TRUE(connection);
    ASSERT_TRUE(sqlite::migrate(*connection));
    ASSERT_TRUE(connection->exec("INSERT INTO schema_migrations (version, description, applied_us) VALUES (999, 'future', 0)"));
  }
  auto store = open_sqlite_store(dir.path());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().detail.find("newer"), std::string::npos) << store.error().detail;
}

TEST(Migrations, PostgresHasTheSameVersions) {
  auto sqlite_list = sqlite::migrations();
  auto postgres_list = pg::migrations();
  ASSERT_EQ(sqlite_list.size(), postgres_list.size());
  for (size_t i = 0; i < sqlite_list.size(); ++i) {
    EXPECT_EQ(sqlite_list[i].version, postgres_list[i].version);
    EXPECT_EQ(sqlite_list[i].description, postgres_list[i].description);
  }
}

bool postgres_exec(const std::string& conninfo, const std::string& sql) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  PGresult* result = PQexec(connection, sql.c_str());
  bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  PQclear(result);
  PQfinish(connection);
  return ok;
}

TEST(Migrations, PostgresDatabaseIsUpgradedKeepingItsData) {
  auto& server = testing::PostgresServer::shared();
  ASSERT_TRUE(server.running()) << server.failure();
  auto conninfo = server.create_database();
  auto reached = migrate_postgres(conninfo, 1);
  ASSERT_TRUE(reached) << reached.error().detail;
  EXPECT_EQ(*reached, 1);
  ASSERT_TRUE(postgres_exec(conninfo,
                            "INSERT INTO sensors (organisation_id, name, created_us) VALUES (1, 'old', 0);"
                            "INSERT INTO api_tokens (token_hash, role, sensor_id, created_us) "
                            "SELECT 'h', 'sensor', id, 0 FROM sensors WHERE name = 'old'"));
  EXPECT_FALSE(postgres_exec(conninfo, "SELECT * FROM alerts"));
  auto store = open_postgres_store(conninfo);
  ASSERT_TRUE(store) << store.error().detail;
  EXPECT_EQ(*(*store)->schema_version(), sqlite::latest_schema_version());
  auto sensor = (*store)->find_token("h");
  ASSERT_TRUE(sensor && *sensor);
  EXPECT_EQ((*sensor)->name, "old");
  EXPECT_EQ(*migrate_postgres(conninfo, sqlite::latest_schema_version()), sqlite::latest_schema_version());
}

TEST(Migrations, NewerPostgresDatabaseIsRefused) {
  auto& server = testing::PostgresServer::shared();
  ASSERT_TRUE(server.running()) << server.failure();
  auto conninfo = server.create_database();
  ASSERT_TRUE(open_postgres_store(conninfo));
  ASSERT_TRUE(postgres_exec(conninfo, "INSERT INTO schema_migrations VALUES (999, 'future', 0)"));
  auto store = open_postgres_store(conninfo);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().detail.find("newer"), std::string::npos) << store.error().detail;
}

TEST(Migrations, UnreachablePostgresIsAnError) {
  auto store = open_postgres_store("host=127.0.0.1 port=1 user=nobody dbname=none connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().detail.find("postgres"), std::string::npos) << store.error().detail;
}

}  // namespace
}  // namespace rampart::center
