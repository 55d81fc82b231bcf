#include "integration/center_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace rampart::testing {

namespace fs = std::filesystem;

namespace {

fs::path fresh_file(const std::string& stem) {
  static std::atomic<int> counter{0};
  return fs::temp_directory_path() /
         (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".txt");
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string sqlite_store_args(const fs::path& data_dir) { return "--data '" + data_dir.string() + "'"; }

std::string postgres_store_args(const std::string& conninfo) { return "--db '" + conninfo + "'"; }

CommandResult run_center_cli(const std::string& args, const std::string& stdin_text) {
  auto input = fresh_file("rampart-center-stdin");
  auto output = fresh_file("rampart-center-stdout");
  std::ofstream(input) << stdin_text;
  std::string cmd = std::string(RAMPART_BINARY) + " center " + args + " <'" + input.string() + "' >'" +
                    output.string() + "'";
  int status = std::system(cmd.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(output);
  while (!result.out.empty() && result.out.back() == '\n') result.out.pop_back();
  fs::remove(input);
  fs::remove(output);
  return result;
}

CenterServer::CenterServer(const std::string& store_args, const std::string& extra_args)
    : log_file_(fresh_file("rampart-center-log")) {
  std::string cmd = "exec " + std::string(RAMPART_BINARY) + " center serve --listen 127.0.0.1:0 " + store_args + " " +
                    extra_args + " 2>'" + log_file_.string() + "'";
  std::vector<std::string> words{"/bin/sh", "-c", cmd};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    return;
  }
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+))");
  for (int i = 0; i < 600 && port_ == 0; ++i) {
    std::smatch match;
    std::string text = log();
    if (std::regex_search(text, match, kListening)) {
      port_ = static_cast<uint16_t>(std::stoi(match[1]));
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

CenterServer::~CenterServer() {
  if (pid_ > 0) kill_hard();
  std::error_code ignored;
  fs::remove(log_file_, ignored);
}

std::string CenterServer::log() const { return read_file(log_file_); }

int CenterServer::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 200; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill_hard();
  return -1;
}

void CenterServer::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace rampart::testing
