// End to end: `rampart sense --threshold-file` over a generated capture
// (tests/tools/make_threshold_pcaps.py): suppressions and a global limit show in
// the EVE alerts, and a bad line of the file is reported with file:line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

struct AlertCounts {
  std::map<uint64_t, int> by_sid;
  std::map<std::string, int> limited_by_source;  // sid 2000003
  std::set<std::string> probe_sources;           // sid 2000001
};

AlertCounts count_alerts(const SenseRun& run) {
  AlertCounts counts;
  for (const auto& a : run.of_type("alert")) {
    auto sid = a["alert"]["signature_id"].get<uint64_t>();
    ++counts.by_sid[sid];
    if (sid == 2000003) ++counts.limited_by_source[a["src_ip"].get<std::string>()];
    if (sid == 2000001) counts.probe_sources.insert(a["src_ip"].get<std::string>());
  }
  return counts;
}

std::string threshold_args(const std::string& workers) {
  return "--workers " + workers + " -S " + data_path("threshold_rules/threshold.rules") + " --threshold-file " +
         data_path("threshold_rules/threshold.config");
}

TEST(SenseThresholds, SuppressAndLimitShowInTheAlerts) {
  auto run = run_sense(data_path("threshold_hosts.pcap"), threshold_args("1"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto counts = count_alerts(run);
  EXPECT_EQ(counts.by_sid[2000001], 2) << run.eve_text();
  EXPECT_EQ(counts.probe_sources, std::set<std::string>{"192.0.2.10"});
  EXPECT_EQ(counts.by_sid.count(2000002), 0u) << run.eve_text();
  std::map<std::string, int> one_each{
      {"198.51.100.1", 1}, {"198.51.100.2", 1}, {"198.51.100.3", 1}, {"198.51.100.4", 1}};
  EXPECT_EQ(counts.limited_by_source, one_each) << run.eve_text();
  EXPECT_NE(run.stderr_text.find("threshold.config:6"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("sometimes"), std::string::npos) << run.stderr_text;
}

// Each source's eight flows spread over the workers; the limit still lets one
// alert per source through, since address-tracked state is shared.
TEST(SenseThresholds, LimitBySourceCountsAcrossFourWorkers) {
  auto run = run_sense(data_path("threshold_hosts.pcap"), threshold_args("4"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto counts = count_alerts(run);
  std::map<std::string, int> one_each{
      {"198.51.100.1", 1}, {"198.51.100.2", 1}, {"198.51.100.3", 1}, {"198.51.100.4", 1}};
  EXPECT_EQ(counts.limited_by_source, one_each) << run.eve_text();
  EXPECT_EQ(counts.by_sid[2000001], 2) << run.eve_text();
  auto stats = run.of_type("stats");
  ASSERT_EQ(stats.size(), 1u);
  const auto& thresholds = stats[0]["stats"]["detect"]["thresholds"];
  EXPECT_GT(thresholds["memuse"].get<uint64_t>(), 0u) << stats[0].dump();
  EXPECT_GT(thresholds["memcap"].get<uint64_t>(), 0u);
  EXPECT_FALSE(thresholds.contains("entries")) << "Suricata's schema allows memuse and memcap only";
  EXPECT_NE(run.stderr_text.find("thresholds: 4 tracked entries"), std::string::npos) << run.stderr_text;
}

TEST(SenseThresholds, WithoutTheFileEveryMatchAlerts) {
  auto run = run_sense(data_path("threshold_hosts.pcap"),
                       "--workers 1 -S " + data_path("threshold_rules/threshold.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto counts = count_alerts(run);
  EXPECT_EQ(counts.by_sid[2000001], 4);
  EXPECT_EQ(counts.by_sid[2000002], 3);
  EXPECT_EQ(counts.by_sid[2000003], 32);
}

TEST(SenseThresholds, ThresholdFileFromTheYamlConfig) {
  auto dir = std::filesystem::temp_directory_path() / ("rampart-threshold-yaml-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto yaml = dir / "rampart.yaml";
  std::ofstream(yaml) << "threshold-file: " << data_path("threshold_rules/threshold.config") << "\n";
  auto run = run_sense(data_path("threshold_hosts.pcap"),
                       "--workers 1 -c " + yaml.string() + " -S " + data_path("threshold_rules/threshold.rules"));
  std::filesystem::remove_all(dir);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(count_alerts(run).by_sid.count(2000002), 0u) << run.eve_text();
}

}  // namespace
}  // namespace rampart::testing
