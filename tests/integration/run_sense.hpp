#pragma once
// Helpers for end-to-end tests: run the rampart binary in a fresh log directory and
// read back what it wrote.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace rampart::testing {

struct SenseRun {
  int exit_code = -1;
  std::string stderr_text;
  std::filesystem::path log_dir;
  std::vector<nlohmann::json> events;  // eve.json, one object per line

  std::vector<nlohmann::json> of_type(const std::string& event_type) const;
  std::string eve_text() const;
};

// Runs `rampart sense -r INPUT -l <fresh dir> ARGS...` (args are shell words).
SenseRun run_sense(const std::string& input, const std::string& args = "--workers 1",
                   const std::string& stdin_file = "");

std::string data_path(const std::string& name);
std::filesystem::path shared_dir();
// The folder of one suricata-verify test in ../shared/conformance.
std::filesystem::path verify_dir(const std::string& test);

}  // namespace rampart::testing
