#include "sensor/center_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

namespace rampart::sensor {

namespace {

constexpr std::string_view kPrefix = "center.";
constexpr std::array<std::string_view, 10> kKeys{"url",           "token",         "batch-events",
                                                 "batch-interval", "spool-dir",     "spool-max-bytes",
                                                 "types",          "drain-timeout", "max-retry-interval",
                                                 "ca-file"};

std::unexpected<ConfigError> fail(std::string message) { return std::unexpected(ConfigError{std::move(message)}); }

// "alert,flow," (a YAML list as the loader joins it) or "alert, flow".
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '[')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == ']')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

bool is_center_setting(std::string_view key) {
  if (!key.starts_with(kPrefix)) return false;
  std::string_view name = key.substr(kPrefix.size());
  return std::find(kKeys.begin(), kKeys.end(), name) != kKeys.end();
}

std::expected<std::chrono::milliseconds, ConfigError> parse_duration(std::string_view text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  uint64_t scale = unit == "ms" ? 1 : unit.empty() || unit == "s" ? 1000 : unit == "m" ? 60000 : 0;
  if (ec != std::errc() || scale == 0 || n > UINT32_MAX)
    return fail(fmt::format("'{}' is not a duration (e.g. 250ms, 2s, 1m)", text));
  return std::chrono::milliseconds(n * scale);
}

std::expected<void, ConfigError> apply_center_setting(upload::CenterUploadConfig& center, std::string_view key,
                                                      std::string_view value) {
  std::string_view name = key.substr(kPrefix.size());
  if (name == "url") center.url = value;
  else if (name == "token") center.token = value;
  else if (name == "spool-dir") center.spool_dir = value;
  else if (name == "ca-file") center.ca_file = value;
  else if (name == "types") center.types = split_list(value);
  else if (name == "batch-events" || name == "spool-max-bytes") {
    auto n = parse_size(value);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return fail(fmt::format("{} must be at least 1", key));
    (name == "batch-events" ? center.batch_events : center.spool_max_bytes) = *n;
  } else {
    auto d = parse_duration(value);
    if (!d) return std::unexpected(d.error());
    if (name == "batch-interval") center.batch_interval = *d;
    else if (name == "drain-timeout") center.drain_timeout = *d;
    else center.max_retry_interval = std::max(*d, std::chrono::milliseconds(1));
  }
  return {};
}

}  // namespace rampart::sensor
