#include "center/notify/notify_config.hpp"

#include <fmt/format.h>

#include <charconv>

namespace rampart::center::notify {

namespace {

// The integer at node[key] within [min, max], or `fallback` when absent.
std::expected<int64_t, std::string> bounded(const YAML::Node& node, const char* key, int64_t min, int64_t max,
                                            int64_t fallback, const std::string& path) {
  auto value = node[key];
  if (!value) return fallback;
  const auto& text = value.IsScalar() ? value.Scalar() : std::string();
  int64_t parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || parsed < min || parsed > max)
    return std::unexpected(fmt::format("{}: notifications.{} must be an integer {}..{}", path, key, min, max));
  return parsed;
}

}  // namespace

std::expected<NotificationSettings, std::string> parse_notifications(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return std::unexpected(fmt::format("{}: notifications must be a mapping", path));
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>("");
    if (key != "webhooks" && key != "max-attempts" && key != "first-retry-ms" && key != "queue-capacity")
      return std::unexpected(fmt::format("{}: unknown key notifications.{}", path, key));
  }
  NotificationSettings settings;
  if (auto webhooks = node["webhooks"]) {
    if (!webhooks.IsSequence()) return std::unexpected(fmt::format("{}: notifications.webhooks must be a list", path));
    for (size_t i = 0; i < webhooks.size(); ++i) {
      auto webhook = webhooks[i];
      auto where = fmt::format("{}: notifications.webhooks[{}]", path, i);
      if (!webhook.IsMap() || !webhook["url"] || !webhook["url"].IsScalar())
        return std::unexpected(fmt::format("{}: needs a url", where));
      for (const auto& entry : webhook) {
        auto key = entry.first.as<std::string>("");
        if (key != "url" && key != "secret") return std::unexpected(fmt::format("{}: unknown key {}", where, key));
      }
      auto url = parse_webhook_url(webhook["url"].Scalar());
      if (!url) return std::unexpected(fmt::format("{}: {}", where, url.error()));
      std::string secret;
      if (auto value = webhook["secret"]) {
        if (!value.IsScalar() || value.Scalar().empty())
          return std::unexpected(fmt::format("{}: secret must be a non-empty string", where));
        secret = value.Scalar();
      }
      settings.webhooks.push_back({std::move(*url), std::move(secret)});
    }
  }
  auto attempts = bounded(node, "max-attempts", 1, 20, settings.max_attempts, path);
  if (!attempts) return std::unexpected(attempts.error());
  settings.max_attempts = static_cast<int>(*attempts);
  auto retry = bounded(node, "first-retry-ms", 1, 60000, settings.first_retry.count(), path);
  if (!retry) return std::unexpected(retry.error());
  settings.first_retry = std::chrono::milliseconds(*retry);
  auto capacity = bounded(node, "queue-capacity", 1, 1000000, static_cast<int64_t>(settings.queue_capacity), path);
  if (!capacity) return std::unexpected(capacity.error());
  settings.queue_capacity = static_cast<size_t>(*capacity);
  return settings;
}

}  // namespace rampart::center::notify
