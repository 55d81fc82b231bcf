// End to end: several eve-log outputs in one configuration, each with its own
// file, record types and dns settings (as Suricata's outputs list).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

std::vector<nlohmann::json> read_lines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::filesystem::path write_config(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("rampart-eve-outputs-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  return path;
}

TEST(EveOutputs, EachOutputWritesItsOwnTypesAndDnsSettings) {
  auto config = write_config(
      "outputs:\n"
      "  - eve-log:\n      filename: all.json\n      types:\n        - flow\n        - dns:\n            version: 2\n"
      "  - fast:\n      enabled: yes\n"
      "  - eve-log:\n      filename: a-answers.json\n      types:\n        - dns:\n            version: 2\n"
      "            requests: no\n            types: [a]\n"
      "  - eve-log:\n      enabled: no\n      filename: off.json\n      types:\n        - flow\n"
      "  - eve-log:\n      filename: netflow.json\n      types:\n        - netflow\n");
  auto run = run_sense(data_path("dns_udp.pcap"), "--workers 1 -c " + config.string());
  std::filesystem::remove(config);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto all = read_lines(run.log_dir / "all.json");
  auto a_answers = read_lines(run.log_dir / "a-answers.json");
  EXPECT_FALSE(std::filesystem::exists(run.log_dir / "off.json"));
  auto netflows = read_lines(run.log_dir / "netflow.json");
  ASSERT_FALSE(netflows.empty());
  for (const auto& e : netflows) {
    EXPECT_EQ(e["event_type"], "netflow");
    if (e["netflow"]["pkts"] == 0) {  // the reversed flow's client sent nothing
      EXPECT_FALSE(e["netflow"].contains("min_ttl"));
      continue;
    }
    EXPECT_EQ(e["netflow"]["min_ttl"], 64) << "tests/tools/pcapgen.py writes TTL 64";
    EXPECT_EQ(e["netflow"]["max_ttl"], 64);
  }
  EXPECT_FALSE(std::filesystem::exists(run.log_dir / "eve.json"));
  size_t flows = 0, queries = 0, answers = 0;
  for (const auto& e : all) {
    flows += e["event_type"] == "flow";
    if (e["event_type"] == "dns") (e["dns"]["type"] == "query" ? queries : answers) += 1;
    EXPECT_NE(e["event_type"], "stats") << "stats is not in the first output's types";
  }
  EXPECT_GT(flows, 0u);
  EXPECT_EQ(queries, 2u);
  EXPECT_EQ(answers, 3u);
  ASSERT_EQ(a_answers.size(), 2u) << "the A answer and the lone A response, not the TXT answer";
  for (const auto& e : a_answers) {
    EXPECT_EQ(e["event_type"], "dns");
    EXPECT_EQ(e["dns"]["type"], "answer");
    EXPECT_EQ(e["dns"]["rrtype"], "A");
  }
}

TEST(EveOutputs, TwoOutputsOnOneFileAreRefused) {
  auto config = write_config(
      "outputs:\n  - eve-log:\n      filename: same.json\n  - eve-log:\n      filename: same.json\n");
  auto run = run_sense(data_path("dns_udp.pcap"), "--workers 1 -c " + config.string());
  std::filesystem::remove(config);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.stderr_text.find("two eve-log outputs write"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("same.json"), std::string::npos) << run.stderr_text;
}

}  // namespace
}  // namespace rampart::testing
