#pragma once
// The SQLite schema as an ordered list of versioned migrations. migrate() applies,
// each in its own transaction, the ones newer than the database's recorded version
// (table schema_migrations), and refuses a database newer than this program.
#include <span>
#include <string_view>

#include "center/store/sqlite_connection.hpp"

namespace rampart::center::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> migrations();
int latest_schema_version();

StoreResult<int> current_schema_version(Connection& connection);
// Brings the database up to target_version (default: the latest); returns the version reached.
StoreResult<int> migrate(Connection& connection, int target_version = latest_schema_version());

}  // namespace rampart::center::sqlite
