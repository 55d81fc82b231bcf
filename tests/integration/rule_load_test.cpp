// Rule loading from the command line: `rules check` on a directory reads its *.rules
// files as `sense -S` does, and `sense --data-dir` keeps compiled rule databases that
// the next start reads back instead of compiling.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <utility>
#include <sstream>
#include <string>

#include "run_sense.hpp"

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("rampart-rule-load-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string run_to_text(const std::string& args, const fs::path& out, int* exit_code) {
  std::string cmd = std::string(RAMPART_BINARY) + " " + args + " > " + out.string() + " 2>&1";
  int status = std::system(cmd.c_str());
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// (databases read, databases compiled and stored) from the start-up note.
std::pair<int, int> cache_counts(const std::string& text) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(R"(: (\d+) databases read, (\d+) compiled and stored)"))) return {-1, -1};
  return {std::stoi(m[1]), std::stoi(m[2])};
}

TEST(RulesCheck, ReadsTheRuleFilesOfADirectory) {
  auto dir = fresh_dir("check");
  std::ofstream(dir / "a.rules") << "alert tcp any any -> any 80 (msg:\"a\"; content:\"GET\"; sid:1;)\n";
  std::ofstream(dir / "b.rules") << "alert tcp any any -> any 80 (msg:\"b\"; contnet:\"x\"; sid:2;)\n";
  std::ofstream(dir / "notes.txt") << "alert tcp any any -> any any (msg:\"not a rule file\"; sid:3;)\n";
  int code = -1;
  auto text = run_to_text("rules check " + dir.string(), dir / "out.txt", &code);
  EXPECT_EQ(code, 0) << text;
  EXPECT_NE(text.find("files: 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("rules enabled: 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("b.rules:1"), std::string::npos) << text;
  auto missing = run_to_text("rules check " + (dir / "absent").string(), dir / "out2.txt", &code);
  EXPECT_EQ(code, 1);
  EXPECT_NE(missing.find("absent: no such rule file or directory"), std::string::npos) << missing;
  fs::remove_all(dir);
}

TEST(RuleDatabaseCache, TheSecondStartReadsWhatTheFirstCompiled) {
  auto dir = fresh_dir("cache");
  std::ofstream(dir / "local.rules") << "alert tcp any any -> any any (msg:\"get\"; content:\"GET \"; sid:1;)\n"
                                     << "alert udp any any -> any 53 (msg:\"dns\"; content:\"|01 00 00 01|\"; sid:2;)\n";
  std::string args = "--workers 1 -S " + (dir / "local.rules").string() + " --data-dir " + (dir / "data").string();
  auto first = run_sense(data_path("tcp_session.pcap"), args);
  ASSERT_EQ(first.exit_code, 0) << first.stderr_text;
  // The groups with patterns (tcp both directions, udp to port 53 and from any port)
  // share two pattern sets (the udp pattern is long enough to be prefiltered rather
  // than checked by port): two databases, each compiled once.
  EXPECT_EQ(cache_counts(first.stderr_text), std::make_pair(0, 2)) << first.stderr_text;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir / "data" / "cache" / "sgh")) files += entry.path().extension() == ".hs";
  EXPECT_EQ(files, 2u);
  auto second = run_sense(data_path("tcp_session.pcap"), args);
  ASSERT_EQ(second.exit_code, 0) << second.stderr_text;
  EXPECT_EQ(cache_counts(second.stderr_text), std::make_pair(2, 0)) << second.stderr_text;
  EXPECT_EQ(second.of_type("alert").size(), first.of_type("alert").size());
  auto off = run_sense(data_path("tcp_session.pcap"), args + " --set detect.sgh-mpm-caching=no");
  ASSERT_EQ(off.exit_code, 0) << off.stderr_text;
  EXPECT_EQ(off.stderr_text.find("rule database cache"), std::string::npos) << off.stderr_text;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rampart::testing
