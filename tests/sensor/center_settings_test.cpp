#include "sensor/center_settings.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace rampart::sensor {
namespace {

TEST(CenterSettings, SetKeysFillTheUploadConfig) {
  SensorConfig config;
  ConfigNotes notes;
  for (const char* s : {"center.url=https://c.example:8470", "center.token=rpt_abc", "center.batch-events=500",
                        "center.batch-interval=250ms", "center.spool-max-bytes=2mb", "center.types=alert, flow",
                        "center.drain-timeout=2s", "center.max-retry-interval=1m"})
    ASSERT_TRUE(apply_assignment(config, s, notes)) << s;
  EXPECT_EQ(config.center.url, "https://c.example:8470");
  EXPECT_EQ(config.center.token, "rpt_abc");
  EXPECT_EQ(config.center.batch_events, 500u);
  EXPECT_EQ(config.center.batch_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(config.center.spool_max_bytes, 2u << 20);
  EXPECT_EQ(config.center.types, (std::vector<std::string>{"alert", "flow"}));
  EXPECT_EQ(config.center.drain_timeout, std::chrono::seconds(2));
  EXPECT_EQ(config.center.max_retry_interval, std::chrono::minutes(1));
  EXPECT_TRUE(notes.not_applied.empty());
}

TEST(CenterSettings, BadValuesAndUnknownKeysAreErrors) {
  SensorConfig config;
  ConfigNotes notes;
  EXPECT_FALSE(apply_assignment(config, "center.batch-events=0", notes));
  EXPECT_FALSE(apply_assignment(config, "center.batch-interval=soon", notes));
  EXPECT_FALSE(apply_assignment(config, "center.spool-max-bytes=12qb", notes));
  auto unknown = apply_assignment(config, "center.colour=blue", notes);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("center.colour"), std::string::npos);
}

TEST(CenterSettings, YamlSection) {
  auto path = std::filesystem::temp_directory_path() / ("rampart-center-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "center:\n  url: http://127.0.0.1:8470\n  token: rpt_x\n  spool-dir: /var/spool/rampart\n"
                         "  types: [alert, dns]\n  batch-interval: 5s\n";
  SensorConfig config;
  ConfigNotes notes;
  auto loaded = load_config_file(config, path.string(), notes);
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(config.center.url, "http://127.0.0.1:8470");
  EXPECT_EQ(config.center.spool_dir, "/var/spool/rampart");
  EXPECT_EQ(config.center.types, (std::vector<std::string>{"alert", "dns"}));
  EXPECT_EQ(config.center.batch_interval, std::chrono::seconds(5));
}

}  // namespace
}  // namespace rampart::sensor
