#pragma once
// Picks the Store implementation: PostgreSQL when a database URL is given
// (postgres://..., postgresql://... or a libpq "key=value" string), else SQLite in
// the data directory.
#include <filesystem>
#include <memory>
#include <string>

#include "center/store/store.hpp"

namespace rampart::center {

StoreResult<std::unique_ptr<Store>> open_store(const std::string& database_url, const std::filesystem::path& data_dir);

}  // namespace rampart::center
