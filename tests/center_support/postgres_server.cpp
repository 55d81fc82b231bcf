#include "center_support/postgres_server.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace rampart::center::testing {

namespace fs = std::filesystem;

namespace {

const char* const kBin = "/usr/lib/postgresql/15/bin";

// A loopback port nobody listens on right now.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

PostgresServer*& started_server() {
  static PostgresServer* server = nullptr;
  return server;
}

class StopAtExit : public ::testing::Environment {
 public:
  void TearDown() override { PostgresServer::stop_shared(); }
};
// GoogleTest owns and deletes registered environments.
[[maybe_unused]] const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new StopAtExit);

}  // namespace

PostgresServer& PostgresServer::shared() {
  static PostgresServer server;
  started_server() = &server;
  return server;
}

void PostgresServer::stop_shared() {
  if (auto* server = started_server()) server->stop();
}

bool PostgresServer::run(const std::string& command) const {
  std::string line = ::geteuid() == 0 ? "runuser -u postgres -- sh -c '" + command + "'" : command;
  line += " >>'" + (dir_ / "harness.log").string() + "' 2>&1";
  return std::system(line.c_str()) == 0;
}

PostgresServer::PostgresServer() {
  char pattern[] = "/tmp/rampart-pg-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    failure_ = "mkdtemp failed";
    return;
  }
  dir_ = pattern;
  if (::geteuid() == 0 && std::system(("chown postgres: '" + dir_.string() + "'").c_str()) != 0) {
    failure_ = "cannot hand " + dir_.string() + " to the postgres user";
    return;
  }
  int port = free_port();
  std::string data = (dir_ / "data").string();
  if (!run(std::string(kBin) + "/initdb -D " + data + " -U rampart --auth=trust -E UTF8 --no-sync")) {
    failure_ = "initdb failed; see " + (dir_ / "harness.log").string();
    return;
  }
  if (!run(std::string(kBin) + "/pg_ctl -D " + data + " -l " + (dir_ / "server.log").string() + " -w -o \"-k " +
           dir_.string() + " -h 127.0.0.1 -p " + std::to_string(port) + " -F\" start")) {
    failure_ = "pg_ctl start failed; see " + (dir_ / "server.log").string();
    return;
  }
  port_ = port;
}

void PostgresServer::stop() {
  if (port_ != 0) run(std::string(kBin) + "/pg_ctl -D " + (dir_ / "data").string() + " -m fast -w stop");
  port_ = 0;
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    dir_.clear();
  }
}

std::string PostgresServer::conninfo(const std::string& database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=rampart dbname=" + database;
}

std::string PostgresServer::create_database() {
  std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(databases_++);
  PGconn* admin = PQconnectdb(conninfo("postgres").c_str());
  PQclear(PQexec(admin, ("CREATE DATABASE " + name).c_str()));
  PQfinish(admin);
  return conninfo(name);
}

}  // namespace rampart::center::testing
