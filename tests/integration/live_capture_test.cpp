// Live capture end to end: rampart captures on the loopback interface while the
// test sends UDP datagrams through it; SIGINT ends the run cleanly, and the EVE
// log holds the alert, the DNS record, the flow and the kernel's counters.
// Needs root or CAP_NET_RAW: skips with the reason otherwise.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
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
using std::chrono::milliseconds;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& stderr_file) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> words = args;
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// The exit status, or -1 when the process is still running after the timeout.
int wait_exit(pid_t pid, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(milliseconds(20));
  }
  return -1;
}

// Sends the datagrams from one socket, so they make one flow.
void send_udp(uint16_t port, const std::vector<std::string>& payloads) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (const auto& payload : payloads)
    EXPECT_EQ(sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(payload.size()));
  close(fd);
}

// A DNS query for live-capture.example, type A.
std::string dns_query() {
  std::string q{"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12};
  q += "\x0c" "live-capture" "\x07" "example";
  q += std::string("\x00\x00\x01\x00\x01", 5);
  return q;
}

class LiveCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rampart-live-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "live.rules") << "alert udp any any -> any " << kMarkerPort
                                       << " (msg:\"live marker\"; content:\"rampart-live-marker\"; sid:900001;)\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Starts the sensor on lo; false (with the reason in skip_) when it cannot capture here.
  bool start(const std::vector<std::string>& options = {"--workers", "1"}) {
    std::vector<std::string> args{RAMPART_BINARY, "sense", "-i", "lo", "-l", dir_.string(), "-S", (dir_ / "live.rules").string()};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("udp and host 127.0.0.1 and (port 53 or port " + std::to_string(kMarkerPort) + ")");
    pid_ = spawn(args, dir_ / "stderr.txt");
    if (pid_ < 0) return false;
    for (int i = 0; i < 250; ++i) {
      std::string err = read_file(dir_ / "stderr.txt");
      if (err.find("capturing on lo") != std::string::npos) return true;
      if (err.find("cannot capture") != std::string::npos) {
        skip_ = err;
        wait_exit(pid_, milliseconds(5000));
        return false;
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  static constexpr uint16_t kMarkerPort = 47923;
  fs::path dir_;
  pid_t pid_ = -1;
  std::string skip_;
};

TEST_F(LiveCapture, SigintEndsARunThatSawTheLoopbackTraffic) {
  bool started = start();
  if (!skip_.empty()) GTEST_SKIP() << "live capture is not permitted here: " << skip_;
  ASSERT_TRUE(started) << read_file(dir_ / "stderr.txt");

  send_udp(53, {dns_query()});
  send_udp(kMarkerPort, {"hello rampart-live-marker 1", "hello rampart-live-marker 2", "hello rampart-live-marker 3"});
  // libpcap hands packets over when its ring block times out (0.1 s).
  std::this_thread::sleep_for(milliseconds(500));
  ASSERT_EQ(kill(pid_, SIGINT), 0);
  int status = wait_exit(pid_, milliseconds(10000));
  if (status < 0) kill(pid_, SIGKILL);
  std::string err = read_file(dir_ / "stderr.txt");
  ASSERT_EQ(status, 0) << err;
  EXPECT_NE(err.find("stop signal received"), std::string::npos) << err;

  int alerts = 0, dns = 0, marker_flows = 0;
  int64_t kernel_packets = -1, decoded = -1;
  std::istringstream eve(read_file(dir_ / "eve.json"));
  for (std::string line; std::getline(eve, line);) {
    auto j = nlohmann::json::parse(line);
    std::string type = j["event_type"];
    if (type == "alert" && j["alert"]["signature_id"] == 900001) ++alerts;
    if (type == "dns" && j["dns"].value("rrname", "") == "live-capture.example") ++dns;
    if (type == "dns" && j["dns"].contains("queries") && j["dns"]["queries"][0]["rrname"] == "live-capture.example") ++dns;
    if (type == "flow" && j["dest_port"] == kMarkerPort) {
      ++marker_flows;
      EXPECT_EQ(j["flow"]["pkts_toserver"], 3);
    }
    if (type == "stats") {
      kernel_packets = j["stats"]["capture"]["kernel_packets"].get<int64_t>();
      decoded = j["stats"]["decoder"]["pkts"].get<int64_t>();
    }
  }
  EXPECT_EQ(alerts, 3);
  EXPECT_GE(dns, 1);
  EXPECT_EQ(marker_flows, 1);
  EXPECT_EQ(decoded, 4);
  EXPECT_GE(kernel_packets, decoded);
}

// With several workers and a quiet link, the alert and the timed-out flow reach
// eve.json while the sensor runs, not only at its end.
TEST_F(LiveCapture, RecordsReachEveWhileTheSensorRuns) {
  bool started = start({"--workers", "2", "--set", "flow-timeouts.udp.new=1", "--set", "flow-timeouts.udp.established=1"});
  if (!skip_.empty()) GTEST_SKIP() << "live capture is not permitted here: " << skip_;
  ASSERT_TRUE(started) << read_file(dir_ / "stderr.txt");
  send_udp(kMarkerPort, {"one rampart-live-marker"});
  bool alert = false, flow = false;
  for (int i = 0; i < 150 && !(alert && flow); ++i) {
    std::this_thread::sleep_for(milliseconds(50));
    std::istringstream eve(read_file(dir_ / "eve.json"));
    for (std::string line; std::getline(eve, line);) {
      auto j = nlohmann::json::parse(line);
      alert = alert || (j["event_type"] == "alert" && j["alert"]["signature_id"] == 900001);
      flow = flow || (j["event_type"] == "flow" && j["flow"]["reason"] == "timeout" && j["dest_port"] == kMarkerPort);
    }
  }
  kill(pid_, SIGTERM);
  EXPECT_EQ(wait_exit(pid_, milliseconds(10000)), 0) << read_file(dir_ / "stderr.txt");
  EXPECT_TRUE(alert) << read_file(dir_ / "eve.json");
  EXPECT_TRUE(flow) << read_file(dir_ / "eve.json");
}

TEST_F(LiveCapture, UnknownInterfaceIsAClearStartupError) {
  pid_t pid = spawn({RAMPART_BINARY, "sense", "-i", "rampart-no-such-if0", "-l", dir_.string()}, dir_ / "stderr.txt");
  ASSERT_GT(pid, 0);
  EXPECT_EQ(wait_exit(pid, milliseconds(10000)), 1);
  std::string err = read_file(dir_ / "stderr.txt");
  EXPECT_NE(err.find("rampart-no-such-if0: cannot capture"), std::string::npos) << err;
}

TEST_F(LiveCapture, FileAndInterfaceTogetherAreRefused) {
  pid_t pid = spawn({RAMPART_BINARY, "sense", "-i", "lo", "-r", "x.pcap", "-l", dir_.string()}, dir_ / "stderr.txt");
  ASSERT_GT(pid, 0);
  EXPECT_NE(wait_exit(pid, milliseconds(10000)), 0);
  EXPECT_NE(read_file(dir_ / "stderr.txt").find("excludes"), std::string::npos) << read_file(dir_ / "stderr.txt");
}

TEST_F(LiveCapture, NoSourceIsRefused) {
  pid_t pid = spawn({RAMPART_BINARY, "sense", "-l", dir_.string()}, dir_ / "stderr.txt");
  ASSERT_GT(pid, 0);
  EXPECT_EQ(wait_exit(pid, milliseconds(10000)), 1);
  EXPECT_NE(read_file(dir_ / "stderr.txt").find("give a capture with -r or an interface with -i"), std::string::npos);
}

}  // namespace
}  // namespace rampart::testing
