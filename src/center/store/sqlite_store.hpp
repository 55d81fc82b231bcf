#pragma once
// The embedded Store: one SQLite database (WAL journal, synchronous=NORMAL: an
// acknowledged batch survives a crash of the process, not a power loss) at
// DATA_DIR/center.db. One writing connection serialised by a mutex; alert searches run
// on read-only connections of their own (sqlite_alert_readers.hpp) beside it. Other
// processes (the CLI) may write concurrently and wait on SQLite's lock.
#include <filesystem>
#include <memory>

#include "center/store/store.hpp"

namespace rampart::center {

// Creates the directory if needed, opens the database and applies pending migrations.
StoreResult<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& data_dir);

std::filesystem::path sqlite_database_path(const std::filesystem::path& data_dir);

}  // namespace rampart::center
