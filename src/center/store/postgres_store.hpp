#pragma once
// The Store on PostgreSQL (libpq), for centers that outgrow one machine: the same
// schema versions as SQLite in PostgreSQL's dialect, applied under an advisory
// lock so several center nodes can start at once. Batches are idempotent through
// the (sensor, batch id) primary key, also across nodes.
#include <memory>
#include <string>

#include "center/store/store.hpp"

namespace rampart::center {

// conninfo: a libpq connection string or URL, e.g. postgres://user@127.0.0.1:5432/rampart.
StoreResult<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo);

// The schema version a PostgreSQL database reached after applying migrations up to target_version.
StoreResult<int> migrate_postgres(const std::string& conninfo, int target_version);

}  // namespace rampart::center
