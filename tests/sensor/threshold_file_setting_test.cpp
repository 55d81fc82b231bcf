// threshold-file: in the sensor configuration (YAML or --set).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sensor/sensor_config.hpp"

namespace rampart::sensor {
namespace {

TEST(ThresholdFileSetting, SetByAssignment) {
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(apply_assignment(c, "threshold-file=/etc/rampart/threshold.config", notes));
  EXPECT_EQ(c.threshold_file, "/etc/rampart/threshold.config");
  EXPECT_TRUE(notes.not_applied.empty());
}

TEST(ThresholdFileSetting, SetByYaml) {
  auto path = std::filesystem::temp_directory_path() / ("rampart-threshold-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(path) << "threshold-file: /tmp/t.config\n";
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(load_config_file(c, path.string(), notes));
  std::filesystem::remove(path);
  EXPECT_EQ(c.threshold_file, "/tmp/t.config");
}

}  // namespace
}  // namespace rampart::sensor
