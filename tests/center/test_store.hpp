#pragma once
// The store a parameterised center test runs on: "postgres" (a fresh database on the
// shared test server) or "sqlite" (in dir). A failure to open is a fatal test failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"

namespace rampart::center {

inline void open_test_store(const std::string& backend, const std::filesystem::path& dir, std::unique_ptr<Store>& store) {
  if (backend == "postgres") {
    auto& server = testing::PostgresServer::shared();
    ASSERT_TRUE(server.running()) << server.failure();
  }
  auto opened = backend == "postgres" ? open_postgres_store(testing::PostgresServer::shared().create_database())
                                      : open_sqlite_store(dir);
  ASSERT_TRUE(opened) << opened.error().detail;
  store = std::move(*opened);
}

}  // namespace rampart::center
