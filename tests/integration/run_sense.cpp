#include "integration/run_sense.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace rampart::testing {

namespace fs = std::filesystem;

std::string data_path(const std::string& name) { return std::string(RAMPART_TEST_DATA) + "/" + name; }

fs::path shared_dir() { return fs::path(RAMPART_SHARED_DIR); }

fs::path verify_dir(const std::string& test) { return shared_dir() / "conformance/suricata-verify/tests" / test; }

std::vector<nlohmann::json> SenseRun::of_type(const std::string& event_type) const {
  std::vector<nlohmann::json> out;
  for (const auto& e : events)
    if (e.value("event_type", "") == event_type) out.push_back(e);
  return out;
}

std::string SenseRun::eve_text() const {
  std::ifstream in(log_dir / "eve.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SenseRun run_sense(const std::string& input, const std::string& args, const std::string& stdin_file) {
  static std::atomic<int> counter{0};
  SenseRun run;
  run.log_dir = fs::temp_directory_path() /
                ("rampart-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(run.log_dir);
  fs::create_directories(run.log_dir);
  fs::path err = run.log_dir / "stderr.txt";
  std::string cmd = std::string(RAMPART_BINARY) + " sense -r '" + input + "' -l '" + run.log_dir.string() + "' " +
                    args + " 2>'" + err.string() + "'";
  if (!stdin_file.empty()) cmd += " <'" + stdin_file + "'";
  int status = std::system(cmd.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream errs(err);
  std::stringstream ss;
  ss << errs.rdbuf();
  run.stderr_text = ss.str();
  std::ifstream eve(run.log_dir / "eve.json");
  for (std::string line; std::getline(eve, line);) {
    if (!line.empty()) run.events.push_back(nlohmann::json::parse(line));
  }
  return run;
}

}  // namespace rampart::testing
