#include "center/center_config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "center/notify/notify_config.hpp"
#include "center/privacy/privacy_config.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace rampart::center {

namespace {

// name: the key as an error shows it ("limits.max-body-bytes").
std::expected<void, std::string> read_count(const YAML::Node& node, const char* key, std::string_view name,
                                            uint64_t& out) {
  auto value = node[key];
  if (!value) return {};
  auto text = value.Scalar();
  uint64_t parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (!value.IsScalar() || ec != std::errc() || end != text.data() + text.size() || parsed == 0)
    return std::unexpected(fmt::format("{}: \"{}\" is not a positive integer", name, text));
  out = parsed;
  return {};
}

// threads-per-core: 1 to kMostThreadsPerCore.
std::expected<void, std::string> read_threads_per_core(const YAML::Node& root, unsigned& out) {
  uint64_t threads = out;
  if (auto read = read_count(root, "threads-per-core", "threads-per-core", threads); !read) return read;
  if (threads > kMostThreadsPerCore)
    return std::unexpected(fmt::format("threads-per-core: {} is more than {}", threads, kMostThreadsPerCore));
  out = static_cast<unsigned>(threads);
  return {};
}

// A file named in center.yaml: a relative name is relative to center.yaml's directory.
std::filesystem::path beside(const std::string& config_path, const std::string& file) {
  std::filesystem::path out = file;
  return out.is_relative() ? std::filesystem::path(config_path).parent_path() / out : out;
}

// `correlation: rules.yaml` names a file (relative to center.yaml); a mapping is the section itself.
std::expected<incidents::CorrelationConfig, std::string> load_correlation(const YAML::Node& node,
                                                                          const std::string& path) {
  if (node.IsMap()) return incidents::parse_correlation_node(node, fmt::format("{}: correlation", path));
  if (!node.IsScalar() || node.Scalar().empty())
    return std::unexpected(fmt::format("{}: correlation must be a mapping or a file name", path));
  auto file = beside(path, node.Scalar());
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("{}: cannot read correlation file {}", path, file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return incidents::parse_correlation_config(text.str(), file.string());
}

// tls: {certificate: FILE, key: FILE}; both or neither.
std::expected<TlsFiles, std::string> load_tls(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return std::unexpected(fmt::format("{}: tls must be a mapping (certificate, key)", path));
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>("");
    if (key != "certificate" && key != "key") return std::unexpected(fmt::format("{}: unknown key tls.{}", path, key));
  }
  TlsFiles files;
  for (auto [key, field] : {std::pair{"certificate", &files.certificate}, std::pair{"key", &files.key}}) {
    auto value = node[key];
    if (!value || !value.IsScalar() || value.Scalar().empty())
      return std::unexpected(fmt::format("{}: tls.{} must name a PEM file", path, key));
    *field = beside(path, value.Scalar()).string();
  }
  return files;
}

}  // namespace

std::expected<void, std::string> load_center_config(const std::string& path, CenterConfig& config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return std::unexpected(fmt::format("{}: {}", path, e.what()));
  }
  if (root.IsNull()) return {};
  if (!root.IsMap()) return std::unexpected(fmt::format("{}: the top level must be a mapping", path));
  for (const auto& entry : root) {
    auto key = entry.first.as<std::string>("");
    if (key != "listen" && key != "data" && key != "db" && key != "limits" && key != "correlation" &&
        key != "notifications" && key != "privacy" && key != "feeds" && key != "tls" && key != "threads-per-core")
      return std::unexpected(fmt::format("{}: unknown key \"{}\"", path, key));
  }
  if (auto listen = root["listen"]) {
    if (!listen.IsScalar()) return std::unexpected(fmt::format("{}: listen must be HOST:PORT", path));
    config.listen = listen.Scalar();
  }
  if (auto data = root["data"]) {
    if (!data.IsScalar()) return std::unexpected(fmt::format("{}: data must be a directory", path));
    config.data_dir = data.Scalar();
  }
  if (auto db = root["db"]) {
    if (!db.IsScalar()) return std::unexpected(fmt::format("{}: db must be a PostgreSQL URL", path));
    config.database_url = db.Scalar();
  }
  if (auto limits = root["limits"]) {
    if (!limits.IsMap()) return std::unexpected(fmt::format("{}: limits must be a mapping", path));
    for (auto [key, field] : {std::pair{"max-body-bytes", &config.max_body_bytes},
                              std::pair{"max-decompressed-bytes", &config.max_decompressed_bytes},
                              std::pair{"read-timeout-seconds", &config.read_timeout_seconds}})
      if (auto read = read_count(limits, key, fmt::format("limits.{}", key), *field); !read)
        return std::unexpected(fmt::format("{}: {}", path, read.error()));
  }
  if (auto read = read_threads_per_core(root, config.threads_per_core); !read)
    return std::unexpected(fmt::format("{}: {}", path, read.error()));
  if (auto correlation = root["correlation"]) {
    auto loaded = load_correlation(correlation, path);
    if (!loaded) return std::unexpected(loaded.error());
    config.correlation = std::move(*loaded);
  }
  if (auto notifications = root["notifications"]) {
    auto parsed = notify::parse_notifications(notifications, path);
    if (!parsed) return std::unexpected(parsed.error());
    config.notifications = std::move(*parsed);
  }
  if (auto section = root["privacy"]) {
    auto parsed = privacy::parse_privacy_node(section, path);
    if (!parsed) return std::unexpected(parsed.error());
    config.privacy = std::move(*parsed);
  }
  if (auto feeds = root["feeds"]) {
    auto parsed = feeds::parse_feeds(feeds, path);
    if (!parsed) return std::unexpected(parsed.error());
    config.feeds = std::move(*parsed);
  }
  if (auto tls = root["tls"]) {
    auto parsed = load_tls(tls, path);
    if (!parsed) return std::unexpected(parsed.error());
    config.tls = std::move(*parsed);
  }
  return {};
}

std::expected<ListenAddress, std::string> parse_listen_address(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::unexpected(fmt::format("\"{}\" is not HOST:PORT", text));
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string_view port_text = std::string_view(text).substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty())
    return std::unexpected(fmt::format("\"{}\": bad port", text));
  return ListenAddress{host, static_cast<uint16_t>(port)};
}

}  // namespace rampart::center
