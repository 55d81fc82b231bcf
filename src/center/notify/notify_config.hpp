#pragma once
// The `notifications` section of center.yaml:
//   notifications:
//     webhooks: [{url: "http://hooks.example/rampart", secret: "..."}]   # secret optional
//     max-attempts: 5          # optional, 1..20
//     first-retry-ms: 500      # optional, 1..60000; doubled after each failed attempt
//     queue-capacity: 1024     # optional, 1..1000000
// Errors name the file and the key.
#include <expected>
#include <string>
#include <yaml-cpp/yaml.h>

#include "center/notify/notifier.hpp"

namespace rampart::center::notify {

std::expected<NotificationSettings, std::string> parse_notifications(const YAML::Node& node, const std::string& path);

}  // namespace rampart::center::notify
