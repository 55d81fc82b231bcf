#pragma once
// A throwaway PostgreSQL 15 server for tests: initdb in a temporary directory
// (as the postgres user when the tests run as root, since initdb refuses root),
// listening on 127.0.0.1 and a free port only, trust authentication, fsync off.
// Started on first use, stopped and removed when the test program ends.
#include <filesystem>
#include <string>

namespace rampart::center::testing {

class PostgresServer {
 public:
  // The process-wide server, started on the first call.
  static PostgresServer& shared();
  // Stops the shared server if it was started (called once at the end of the tests).
  static void stop_shared();

  bool running() const { return port_ != 0; }
  const std::string& failure() const { return failure_; }
  // A new empty database; returns its libpq connection string.
  std::string create_database();
  std::string conninfo(const std::string& database) const;

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

 private:
  PostgresServer();
  ~PostgresServer() { stop(); }
  void stop();
  // Runs a shell command, as the postgres user when root; true on exit status 0.
  bool run(const std::string& command) const;

  std::filesystem::path dir_;
  int port_ = 0;
  int databases_ = 0;
  std::string failure_;
};

}  // namespace rampart::center::testing
