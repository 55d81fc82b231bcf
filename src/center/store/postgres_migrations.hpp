#pragma once
// The PostgreSQL schema as versioned migrations; the versions match the SQLite ones
// (sqlite_migrations.hpp) table for table.
#include <span>

#include "center/store/postgres_connection.hpp"
#include "center/store/sqlite_migrations.hpp"

namespace rampart::center::pg {

std::span<const sqlite::Migration> migrations();

// Applies, together in one transaction under an advisory lock, the migrations above the
// database's version up to target_version; refuses a database newer than this program.
StoreResult<int> migrate(Connection& connection, int target_version);

}  // namespace rampart::center::pg
