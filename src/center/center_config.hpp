#pragma once
// Settings of `rampart center serve`, from an optional YAML file (center.yaml) that
// command-line flags override. Keys: listen ("HOST:PORT"), data (directory), db
// (PostgreSQL URL, instead of SQLite in data),
// limits.max-body-bytes, limits.max-decompressed-bytes, limits.read-timeout-seconds,
// correlation (a mapping, or the name of a YAML file relative to center.yaml: rules,
// category map, grading, deadlines and seed assets, see incidents/correlation_config.hpp),
// notifications (webhooks, see notify/notify_config.hpp), privacy (what leaves an
// organisation, see privacy/privacy_config.hpp), feeds (remote TAXII 2.1 collections
// to poll, see feeds/feed_settings.hpp), tls (certificate and key, PEM files
// relative to center.yaml: the listener then speaks HTTPS only), threads-per-core
// (request threads per core, 1 to kMostThreadsPerCore).
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "center/api/http_server.hpp"
#include "center/feeds/feed_settings.hpp"
#include "center/incidents/correlation_config.hpp"
#include "center/notify/notifier.hpp"
#include "center/privacy/privacy_filter.hpp"

namespace rampart::center {

inline constexpr unsigned kMostThreadsPerCore = 64;

struct CenterConfig {
  std::string listen = "127.0.0.1:8470";
  std::string data_dir;
  std::string database_url;
  uint64_t max_body_bytes = 16 * 1024 * 1024;
  uint64_t max_decompressed_bytes = 64 * 1024 * 1024;
  uint64_t read_timeout_seconds = 30;
  incidents::CorrelationConfig correlation = incidents::default_correlation_config();
  notify::NotificationSettings notifications;  // notify/notify_config.hpp
  privacy::PrivacySettings privacy;  // privacy/privacy_config.hpp
  std::vector<feeds::FeedSettings> feeds;
  TlsFiles tls;
  unsigned threads_per_core = 2;
};

struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

// Applies the keys present in the file over config.
std::expected<void, std::string> load_center_config(const std::string& path, CenterConfig& config);

// "127.0.0.1:8470", "[::1]:8470".
std::expected<ListenAddress, std::string> parse_listen_address(const std::string& text);

}  // namespace rampart::center
