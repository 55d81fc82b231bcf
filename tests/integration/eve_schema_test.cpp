// Every record Rampart writes must validate against Suricata's own EVE schema
// (../shared/conformance/eve-validate), over every capture of ../shared/corpus/pcaps.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;

bool have_validator() {
  return fs::exists(shared_dir() / "conformance" / "eve-validate") &&
         std::system("python3 -c 'import jsonschema' 2>/dev/null") == 0;
}

// Runs eve-validate on the files; returns its last line ("N passed, M failed").
std::string validate(const std::vector<fs::path>& eve_files, int& status) {
  auto out = fs::temp_directory_path() / ("rampart-eve-validate-" + std::to_string(::getpid()) + ".txt");
  std::string cmd = "python3 '" + (shared_dir() / "conformance" / "eve-validate").string() + "' --max-errors 5";
  for (const auto& f : eve_files) cmd += " '" + f.string() + "'";
  status = std::system((cmd + " > '" + out.string() + "' 2>&1").c_str());
  std::ifstream in(out);
  std::string line, last, all;
  while (std::getline(in, line)) {
    all += line + "\n";
    last = line;
  }
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

TEST(EveSchema, GeneratedCapturesValidate) {
  if (!have_validator()) GTEST_SKIP() << "needs ../shared/conformance/eve-validate and python3-jsonschema";
  std::vector<fs::path> files;
  std::vector<SenseRun> runs;
  for (const char* name : {"tcp_session.pcap", "mixed.pcap", "many_flows.pcap", "raw_ip.pcap"}) {
    runs.push_back(run_sense(data_path(name)));
    ASSERT_EQ(runs.back().exit_code, 0) << name << ": " << runs.back().stderr_text;
    files.push_back(runs.back().log_dir / "eve.json");
  }
  int status = 0;
  std::string report = validate(files, status);
  EXPECT_EQ(status, 0) << report;
  EXPECT_NE(report.find(" 0 failed"), std::string::npos) << report;
}

TEST(EveSchema, EveryCorpusCaptureValidates) {
  if (!have_validator()) GTEST_SKIP() << "needs ../shared/conformance/eve-validate and python3-jsonschema";
  fs::path corpus = shared_dir() / "corpus" / "pcaps";
  if (!fs::exists(corpus)) GTEST_SKIP() << "needs ../shared/corpus/pcaps";
  std::vector<fs::path> files;
  std::vector<SenseRun> runs;
  size_t captures = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".pcap" && ext != ".pcapng" && ext != ".cap")) continue;
    ++captures;
    runs.push_back(run_sense(entry.path().string(), "--workers 2"));
    EXPECT_EQ(runs.back().exit_code, 0) << entry.path() << ": " << runs.back().stderr_text;
    files.push_back(runs.back().log_dir / "eve.json");
  }
  ASSERT_GT(captures, 0u);
  int status = 0;
  std::string report = validate(files, status);
  EXPECT_EQ(status, 0) << report;
  EXPECT_NE(report.find(" 0 failed"), std::string::npos) << report;
}

}  // namespace
}  // namespace rampart::testing
