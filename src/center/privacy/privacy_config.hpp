#pragma once
// The `privacy:` section of center.yaml, read into PrivacySettings:
//   privacy:
//     internal_networks: [10.0.0.0/8, "2001:db8::/32"]
//     pseudonymise: keyed | prefix-preserving | remove   (default keyed)
//     key_file: privacy.key        (relative to center.yaml; at least 32 bytes)
//     remove_emails: true          (default true)
//     remove_url_userinfo: true    (default true)
//     remove_user_accounts: true   (default true)
// Errors name the file and the key.
#include <expected>
#include <string>

#include <yaml-cpp/yaml.h>

#include "center/privacy/privacy_filter.hpp"

namespace rampart::center::privacy {

std::expected<PrivacySettings, std::string> parse_privacy_node(const YAML::Node& node, const std::string& config_path);

}  // namespace rampart::center::privacy
