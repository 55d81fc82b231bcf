// center.yaml's correlation key: an inline section or a file next to center.yaml.
#include <gtest/gtest.h>

#include <fstream>

#include "center/center_config.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

TEST(CenterConfigCorrelation, DefaultsWithoutTheKey) {
  CenterConfig config;
  EXPECT_EQ(config.correlation.rules.size(), incidents::default_correlation_config().rules.size());
}

TEST(CenterConfigCorrelation, InlineSectionWithLineNumbersInErrors) {
  testing::TempDir dir;
  auto path = (dir.path() / "center.yaml").string();
  std::ofstream(path) << "data: /srv\ncorrelation:\n  deadlines: {II: 3h}\n";
  CenterConfig config;
  auto loaded = load_center_config(path, config);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(config.correlation.deadline_seconds[1], 3 * 3600);

  std::ofstream(path) << "data: /srv\ncorrelation:\n  deadlines: {II: soon}\n";
  loaded = load_center_config(path, config);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error(), path + ": correlation:3:19: a deadline must be a duration such as 90s, 10m, 2h or 1d");
}

TEST(CenterConfigCorrelation, FileRelativeToCenterYaml) {
  testing::TempDir dir;
  auto path = (dir.path() / "center.yaml").string();
  std::ofstream(path) << "correlation: rules.yaml\n";
  std::ofstream(dir.path() / "rules.yaml") << "rules:\n  - {name: only, group-by: [sensor], window: 5m}\n";
  CenterConfig config;
  auto loaded = load_center_config(path, config);
  ASSERT_TRUE(loaded) << loaded.error();
  ASSERT_EQ(config.correlation.rules.size(), 1u);
  EXPECT_EQ(config.correlation.rules[0].name, "only");

  std::ofstream(path) << "correlation: missing.yaml\n";
  loaded = load_center_config(path, config);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().find("cannot read correlation file"), std::string::npos);
}

}  // namespace
}  // namespace rampart::center
