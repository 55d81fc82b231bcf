#pragma once
// The sensor's `center:` section (YAML) and `--set center.KEY=VALUE`: where and
// how the sensor uploads its events. Keys: url, token, batch-events,
// batch-interval, spool-dir, spool-max-bytes, types, drain-timeout,
// max-retry-interval, ca-file.
#include <chrono>
#include <expected>
#include <string_view>

#include "sensor/sensor_config.hpp"
#include "upload/center_upload_config.hpp"

namespace rampart::sensor {

bool is_center_setting(std::string_view key);
std::expected<void, ConfigError> apply_center_setting(upload::CenterUploadConfig& center, std::string_view key,
                                                      std::string_view value);

// "250ms", "2s", "1m" or plain seconds.
std::expected<std::chrono::milliseconds, ConfigError> parse_duration(std::string_view text);

}  // namespace rampart::sensor
