#include "center/store/open_store.hpp"

#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"

namespace rampart::center {

StoreResult<std::unique_ptr<Store>> open_store(const std::string& database_url, const std::filesystem::path& data_dir) {
  if (!database_url.empty()) return open_postgres_store(database_url);
  if (data_dir.empty()) return std::unexpected(StoreError{"no store: give --data DIR or --db postgres://..."});
  return open_sqlite_store(data_dir);
}

}  // namespace rampart::center
