#pragma once
// The `notifications` section of center.yaml:
//   notifications:
//     webhooks: [{url: "https://hooks.example/rampart", secret: "...", ca-file: ca.pem}]  # secret, ca-file optional
//     email:                    # optional: see notify/email.hpp
//       server: smtps://mail.example:465       # or smtp://HOST[:PORT]
//       starttls: true          # smtp:// only; default true (false: plain SMTP, for a local relay)
//       user: rampart           # optional, with password
//       password: "..."
//       from: rampart@cert.example
//       to: [soc@cert.example]  # one or more
//       events: [created, escalated]            # optional, default both
//       link: "https://center.example/incidents/{id}"   # optional
//       ca-file: certs/mail-ca.pem              # optional, relative to center.yaml
//       timeout-ms: 30000       # optional, 100..600000
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
