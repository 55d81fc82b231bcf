#include "center/notify/notify_config.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

namespace rampart::center::notify {

namespace {

// A file named in center.yaml, relative to the file's directory unless absolute.
std::string relative_to_config(const std::string& name, const std::string& config_path) {
  std::filesystem::path file = name;
  return file.is_relative() ? (std::filesystem::path(config_path).parent_path() / file).string() : name;
}

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

// "a@b.example" with nothing that could break the SMTP envelope or a header.
bool plausible_address(const std::string& address) {
  auto at = address.find('@');
  return at != std::string::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of("<>\r\n ,") == std::string::npos;
}

std::expected<std::string, std::string> scalar(const YAML::Node& node, const char* key, const std::string& where) {
  auto value = node[key];
  if (!value) return std::string();
  if (!value.IsScalar() || value.Scalar().empty())
    return std::unexpected(fmt::format("{}.{} must be a non-empty string", where, key));
  return value.Scalar();
}

std::expected<EmailSettings, std::string> parse_email(const YAML::Node& node, const std::string& path) {
  auto where = fmt::format("{}: notifications.email", path);
  if (!node.IsMap()) return std::unexpected(fmt::format("{} must be a mapping", where));
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>("");
    if (key != "server" && key != "starttls" && key != "user" && key != "password" && key != "from" && key != "to" &&
        key != "events" && key != "link" && key != "ca-file" && key != "timeout-ms")
      return std::unexpected(fmt::format("{}: unknown key {}", where, key));
  }
  EmailSettings email;
  for (auto [key, field] : {std::pair{"server", &email.server}, std::pair{"user", &email.username},
                            std::pair{"password", &email.password}, std::pair{"from", &email.from},
                            std::pair{"link", &email.link}, std::pair{"ca-file", &email.ca_file}}) {
    auto value = scalar(node, key, where);
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  if (!email.server.starts_with("smtp://") && !email.server.starts_with("smtps://"))
    return std::unexpected(fmt::format("{}.server must be an smtp:// or smtps:// URL", where));
  if (email.username.empty() != email.password.empty())
    return std::unexpected(fmt::format("{}: user and password go together", where));
  if (!plausible_address(email.from)) return std::unexpected(fmt::format("{}.from must be an e-mail address", where));
  auto to = node["to"];
  if (to && to.IsScalar()) email.to.push_back(to.Scalar());
  else if (to && to.IsSequence())
    for (const auto& address : to) email.to.push_back(address.IsScalar() ? address.Scalar() : std::string());
  if (email.to.empty()) return std::unexpected(fmt::format("{}.to must list one or more addresses", where));
  for (const auto& address : email.to)
    if (!plausible_address(address))
      return std::unexpected(fmt::format("{}.to: \"{}\" is not an e-mail address", where, address));
  if (auto starttls = node["starttls"]) {
    if (!starttls.IsScalar() || (starttls.Scalar() != "true" && starttls.Scalar() != "false"))
      return std::unexpected(fmt::format("{}.starttls must be true or false", where));
    email.starttls = starttls.Scalar() == "true";
  }
  if (auto events = node["events"]) {
    if (!events.IsSequence() || events.size() == 0)
      return std::unexpected(fmt::format("{}.events must list created and/or escalated", where));
    email.on_created = email.on_escalated = false;
    for (const auto& event : events) {
      auto name = event.IsScalar() ? event.Scalar() : std::string();
      if (name == "created") email.on_created = true;
      else if (name == "escalated") email.on_escalated = true;
      else return std::unexpected(fmt::format("{}.events: unknown event \"{}\" (created, escalated)", where, name));
    }
  }
  if (!email.ca_file.empty()) email.ca_file = relative_to_config(email.ca_file, path);
  auto timeout = bounded(node, "timeout-ms", 100, 600000, email.timeout.count(), fmt::format("{}", path));
  if (!timeout) return std::unexpected(fmt::format("{}.timeout-ms must be an integer 100..600000", where));
  email.timeout = std::chrono::milliseconds(*timeout);
  return email;
}

}  // namespace

std::expected<NotificationSettings, std::string> parse_notifications(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) return std::unexpected(fmt::format("{}: notifications must be a mapping", path));
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>("");
    if (key != "webhooks" && key != "email" && key != "max-attempts" && key != "first-retry-ms" &&
        key != "queue-capacity")
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
        if (key != "url" && key != "secret" && key != "ca-file")
          return std::unexpected(fmt::format("{}: unknown key {}", where, key));
      }
      auto url = parse_webhook_url(webhook["url"].Scalar());
      if (!url) return std::unexpected(fmt::format("{}: {}", where, url.error()));
      std::string secret;
      if (auto value = webhook["secret"]) {
        if (!value.IsScalar() || value.Scalar().empty())
          return std::unexpected(fmt::format("{}: secret must be a non-empty string", where));
        secret = value.Scalar();
      }
      std::string ca_file;
      if (auto value = webhook["ca-file"]) {
        if (!value.IsScalar() || value.Scalar().empty())
          return std::unexpected(fmt::format("{}: ca-file must be a file name", where));
        ca_file = relative_to_config(value.Scalar(), path);
      }
      settings.webhooks.push_back({std::move(*url), std::move(secret), std::move(ca_file)});
    }
  }
  if (auto email = node["email"]) {
    auto parsed = parse_email(email, path);
    if (!parsed) return std::unexpected(parsed.error());
    settings.email = std::move(*parsed);
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
