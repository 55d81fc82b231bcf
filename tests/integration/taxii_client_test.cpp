// A standard TAXII 2.1 client against `rampart center serve`: no TAXII 2.1 client
// library or CLI is packaged for Debian or published on the npm registry (see
// docs/taxii.md), so the client is tests/tools/taxii21_client.py, written from the
// TAXII 2.1 specification on Python's standard library alone. It starts at
// discovery and finds the API root and its collection from the responses, then
// drives every endpoint with HTTP Basic credentials; the test passes when every one
// of its checks does. Runs on SQLite and on the PostgreSQL server the tests start.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "center_support/postgres_server.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;

struct ClientRun {
  int exit_code = -1;
  std::string output;
};

ClientRun run_client(uint16_t port) {
  fs::path script = fs::path(RAMPART_TEST_SOURCES) / "tools" / "taxii21_client.py";
  std::string command = fmt::format("python3 '{}' http://127.0.0.1:{} alice 'alice pass' Shared 2>&1", script.string(), port);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  ClientRun run;
  if (!pipe) return run;
  std::array<char, 4096> buffer{};
  size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) run.output.append(buffer.data(), read);
  int status = pclose(pipe.release());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class TaxiiClientTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (std::system("python3 -c 'import urllib.request' 2>/dev/null") != 0) GTEST_SKIP() << "python3 is not installed";
    data_ = fs::temp_directory_path() / fmt::format("rampart-taxii-client-{}-{}", ::getpid(), GetParam());
    fs::remove_all(data_);
    fs::create_directories(data_);
    if (GetParam() == "postgres") {
      auto& postgres = center::testing::PostgresServer::shared();
      ASSERT_TRUE(postgres.running()) << postgres.failure();
      store_ = postgres_store_args(postgres.create_database());
    } else {
      store_ = sqlite_store_args(data_);
    }
    ASSERT_EQ(run_center_cli("org add cert-a " + store_).exit_code, 0);
    ASSERT_EQ(run_center_cli("group add peers --orgs cert-a " + store_).exit_code, 0);
    ASSERT_EQ(run_center_cli("collection add Shared --read peers --write peers " + store_).exit_code, 0);
    ASSERT_EQ(run_center_cli("user add alice --role analyst --org cert-a " + store_, "alice pass\n").exit_code, 0);
    server_ = std::make_unique<CenterServer>(store_);
    ASSERT_TRUE(server_->started()) << server_->log();
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->stop(), 0) << server_->log();
    }
    fs::remove_all(data_);
  }

  fs::path data_;
  std::string store_;
  std::unique_ptr<CenterServer> server_;
};

TEST_P(TaxiiClientTest, SpecificationDrivenClientPassesEveryCheck) {
  auto run = run_client(server_->port());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(" passed, 0 failed"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("FAIL"), std::string::npos) << run.output;
}

INSTANTIATE_TEST_SUITE_P(Stores, TaxiiClientTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::testing
