#pragma once
// Runs `rampart center` for end-to-end tests: the CLI commands that print tokens,
// and a server on a free loopback port (--listen 127.0.0.1:0; the port is read
// from the server's "listening on" line) that can be stopped or killed.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace rampart::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
};

// The command-line words naming a store: SQLite in a directory, or a PostgreSQL database.
std::string sqlite_store_args(const std::filesystem::path& data_dir);
std::string postgres_store_args(const std::string& conninfo);

// Runs `rampart center ARGS` (shell words) with stdin_text on standard input.
CommandResult run_center_cli(const std::string& args, const std::string& stdin_text = "");

class CenterServer {
 public:
  // Starts the server on store_args ("--data 'DIR'" or "--db '...'", see store_args());
  // extra_args are appended (e.g. "-c FILE").
  explicit CenterServer(const std::string& store_args, const std::string& extra_args = "");
  ~CenterServer();
  CenterServer(const CenterServer&) = delete;
  CenterServer& operator=(const CenterServer&) = delete;

  bool started() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  std::string log() const;
  // SIGTERM and wait: the exit status, or -1 when it did not exit normally in time.
  int stop();
  // SIGKILL and reap.
  void kill_hard();

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::filesystem::path log_file_;
};

}  // namespace rampart::testing
