// Live reload end to end: rampart reads a capture from a pipe, the rule file is
// rewritten and SIGUSR2 sent between two parts of it; packets after the reload
// are matched by the new rules, and no packet is lost.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/run_sense.hpp"

extern char** environ;

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

bool wait_for(const fs::path& file, const std::string& what, size_t times) {
  for (int i = 0; i < 200; ++i) {
    if (count(read_file(file), what) >= times) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(RuleReload, Sigusr2SwapsRulesBetweenPackets) {
  fs::path dir = fs::temp_directory_path() / ("rampart-reload-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path rules = dir / "live.rules", err = dir / "stderr.txt";
  write_file(rules, "alert udp any any -> any any (msg:\"alpha\"; content:\"alpha\"; sid:1;)\n");

  int in_pipe[2];
  ASSERT_EQ(pipe(in_pipe), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_addclose(&actions, in_pipe[1]);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string binary = RAMPART_BINARY, log_dir = dir.string(), rule_path = rules.string();
  std::vector<std::string> args{binary, "sense", "-r", "-", "-l", log_dir, "-S", rule_path, "--workers", "1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);

  auto part1 = read_file(data_path("reload_part1.pcap"));
  ASSERT_EQ(write(in_pipe[1], part1.data(), part1.size()), static_cast<ssize_t>(part1.size()));
  ASSERT_TRUE(wait_for(err, "note:", 1)) << read_file(err);

  write_file(rules, "alert udp any any -> any any (msg:\"beta\"; content:\"beta\"; sid:2;)\n");
  kill(pid, SIGUSR2);
  ASSERT_TRUE(wait_for(err, "note:", 2)) << read_file(err);
  EXPECT_NE(read_file(err).find("reloading rules"), std::string::npos);

  auto part2 = read_file(data_path("reload_part2.records"));
  ASSERT_EQ(write(in_pipe[1], part2.data(), part2.size()), static_cast<ssize_t>(part2.size()));
  close(in_pipe[1]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(err);

  std::istringstream eve(read_file(dir / "eve.json"));
  int alpha_after_reload = 0, beta = 0, packets = -1;
  for (std::string line; std::getline(eve, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["event_type"] == "stats") packets = j["stats"]["decoder"]["pkts"].get<int>();
    if (j["event_type"] != "alert") continue;
    auto sid = j["alert"]["signature_id"].get<int>();
    auto pkt = j["pcap_cnt"].get<int>();
    if (sid == 1 && pkt > 1) ++alpha_after_reload;
    if (sid == 2) {
      ++beta;
      EXPECT_EQ(pkt, 3);
    }
  }
  EXPECT_EQ(alpha_after_reload, 0);
  EXPECT_EQ(beta, 1);
  EXPECT_EQ(packets, 3);  // nothing lost across the reload
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rampart::testing
