// The control socket end to end: rampart sense reads a capture from a pipe with
// --unix-socket; `rampart ctl` reloads the rules between two parts of the capture
// (the new rule fires on the first packet written after the reply), asks for the
// rule set's statistics, and shuts the sensor down. Malformed input over the raw
// socket gets a NOK answer and leaves the sensor running.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
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

struct CtlResult {
  int exit_code = -1;
  nlohmann::json reply;
};

CtlResult ctl(const fs::path& socket, const std::string& command) {
  std::string line = std::string(RAMPART_BINARY) + " ctl --socket " + socket.string() + " " + command;
  FILE* out = popen(line.c_str(), "r");
  std::string text;
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), out)) text.append(buffer.data(), n);
  int status = pclose(out);
  CtlResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.reply = nlohmann::json::parse(text, nullptr, false);
  return r;
}

bool wait_until(const std::function<bool()>& ready) {
  for (int i = 0; i < 400; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// rampart sense reading a capture from a pipe, with a control socket.
class PipedSensor {
 public:
  explicit PipedSensor(const std::string& name) {
    dir = fs::temp_directory_path() / ("rampart-ctl-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    rules = dir / "live.rules";
    socket = dir / "control.socket";
    err = dir / "stderr.txt";
  }
  ~PipedSensor() {
    if (pipe_in >= 0) close(pipe_in);
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    fs::remove_all(dir);
  }

  void start() {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args{RAMPART_BINARY, "sense", "-r", "-", "-l", dir.string(), "-S", rules.string(),
                                  "--workers", "1", "--unix-socket", socket.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&pid, RAMPART_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[0]);
    pipe_in = fds[1];
  }

  void send(const std::string& file) {
    auto bytes = read_file(data_path(file));
    ASSERT_EQ(write(pipe_in, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }

  int wait_exit() {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::vector<nlohmann::json> events() const {
    std::vector<nlohmann::json> out;
    std::istringstream eve(read_file(dir / "eve.json"));
    for (std::string line; std::getline(eve, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  fs::path dir, rules, socket, err;
  pid_t pid = 0;
  int pipe_in = -1;
};

TEST(ControlSocket, ReloadRulesAnswersOnceTheNewRulesAreInForce) {
  PipedSensor sensor("reload");
  write_file(sensor.rules, "alert udp any any -> any any (msg:\"alpha\"; content:\"alpha\"; sid:1;)\n");
  sensor.start();
  sensor.send("reload_part1.pcap");
  ASSERT_TRUE(wait_until([&] { return fs::exists(sensor.socket) && read_file(sensor.err).find("note:") != std::string::npos; }))
      << read_file(sensor.err);

  auto stats = ctl(sensor.socket, "ruleset-stats");
  EXPECT_EQ(stats.exit_code, 0);
  EXPECT_EQ(stats.reply["message"][0]["rules_loaded"], 1) << stats.reply;
  EXPECT_EQ(ctl(sensor.socket, "version").reply["message"], "rampart 0.1.0");
  EXPECT_TRUE(ctl(sensor.socket, "uptime").reply["message"].is_number());

  write_file(sensor.rules, "alert udp any any -> any any (msg:\"beta\"; content:\"beta\"; sid:2;)\n");
  auto reload = ctl(sensor.socket, "reload-rules");
  EXPECT_EQ(reload.exit_code, 0);
  EXPECT_EQ(reload.reply["return"], "OK") << reload.reply;
  EXPECT_EQ(ctl(sensor.socket, "ruleset-reload-time").reply["message"][0]["reloads"], 1);

  fs::remove(sensor.rules);  // a reload that cannot read its files keeps the rules in force
  auto failed = ctl(sensor.socket, "reload-rules");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(failed.reply["return"], "NOK");
  EXPECT_NE(failed.reply["message"].get<std::string>().find("live.rules"), std::string::npos) << failed.reply;
  EXPECT_EQ(ctl(sensor.socket, "no-such-command").exit_code, 1);

  sensor.send("reload_part2.records");
  close(sensor.pipe_in);
  sensor.pipe_in = -1;
  ASSERT_EQ(sensor.wait_exit(), 0) << read_file(sensor.err);
  int alpha_after_reload = 0, beta = 0, packets = -1;
  for (const auto& j : sensor.events()) {
    if (j["event_type"] == "stats") packets = j["stats"]["decoder"]["pkts"].get<int>();
    if (j["event_type"] != "alert") continue;
    auto sid = j["alert"]["signature_id"].get<int>();
    if (sid == 1 && j["pcap_cnt"].get<int>() > 1) ++alpha_after_reload;
    if (sid == 2) ++beta;
  }
  EXPECT_EQ(alpha_after_reload, 0);
  EXPECT_EQ(beta, 1);
  EXPECT_EQ(packets, 3);
  EXPECT_FALSE(fs::exists(sensor.socket));  // removed at the end of the run
}

TEST(ControlSocket, MalformedInputGetsNokAndShutdownStopsTheSensor) {
  PipedSensor sensor("shutdown");
  write_file(sensor.rules, "alert udp any any -> any any (msg:\"alpha\"; content:\"alpha\"; sid:1;)\n");
  sensor.start();
  sensor.send("reload_part1.pcap");
  ASSERT_TRUE(wait_until([&] { return fs::exists(sensor.socket) && read_file(sensor.err).find("note:") != std::string::npos; }))
      << read_file(sensor.err);

  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", sensor.socket.c_str());
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  std::string garbage = "{\"version\": \"0.2\"}\n{\"command\": \x01\xff\n";
  ASSERT_EQ(write(fd, garbage.data(), garbage.size()), static_cast<ssize_t>(garbage.size()));
  std::string answer;
  ASSERT_TRUE(wait_until([&] {
    std::array<char, 512> buffer{};
    ssize_t n = recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n > 0) answer.append(buffer.data(), static_cast<size_t>(n));
    return std::count(answer.begin(), answer.end(), '\n') >= 2;
  }));
  close(fd);
  EXPECT_NE(answer.find("\"return\":\"OK\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"return\":\"NOK\""), std::string::npos) << answer;

  auto shutdown = ctl(sensor.socket, "shutdown");
  EXPECT_EQ(shutdown.exit_code, 0);
  EXPECT_EQ(shutdown.reply["return"], "OK");
  // The sensor stops after the packet it is waiting for; the pipe stays open.
  sensor.send("reload_part2.records");
  ASSERT_EQ(sensor.wait_exit(), 0) << read_file(sensor.err);
  int packets = -1;
  for (const auto& j : sensor.events())
    if (j["event_type"] == "stats") packets = j["stats"]["decoder"]["pkts"].get<int>();
  EXPECT_EQ(packets, 2);
}

}  // namespace
}  // namespace rampart::testing
