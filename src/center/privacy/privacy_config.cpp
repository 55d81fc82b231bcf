#include "center/privacy/privacy_config.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace rampart::center::privacy {

namespace {

std::expected<bool, std::string> read_flag(const YAML::Node& node, const char* key, bool fallback) {
  auto value = node[key];
  if (!value) return fallback;
  if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) return value.Scalar() == "true";
  return std::unexpected(fmt::format("privacy.{} must be true or false", key));
}

std::expected<std::string, std::string> read_key_file(const std::string& name, const std::string& config_path) {
  std::filesystem::path file = name;
  if (file.is_relative()) file = std::filesystem::path(config_path).parent_path() / file;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("privacy.key_file: cannot read {}", file.string()));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::expected<PrivacySettings, std::string> parse_privacy_node(const YAML::Node& node, const std::string& config_path) {
  auto fail = [&](const std::string& why) { return std::unexpected(fmt::format("{}: {}", config_path, why)); };
  if (!node.IsMap()) return fail("privacy must be a mapping");
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>("");
    if (key != "internal_networks" && key != "pseudonymise" && key != "key_file" && key != "remove_emails" &&
        key != "remove_url_userinfo" && key != "remove_user_accounts")
      return fail(fmt::format("privacy: unknown key \"{}\"", key));
  }
  PrivacySettings settings;
  if (auto networks = node["internal_networks"]) {
    if (!networks.IsSequence()) return fail("privacy.internal_networks must be a list of CIDR blocks");
    for (const auto& network : networks) {
      auto block = network.IsScalar() ? intel::parse_cidr(network.Scalar()) : std::nullopt;
      if (!block) return fail(fmt::format("privacy.internal_networks: \"{}\" is not an address block", network.as<std::string>("")));
      settings.internal_networks.push_back(*block);
    }
  }
  if (auto mode = node["pseudonymise"]) {
    std::string name = mode.IsScalar() ? mode.Scalar() : "";
    if (name == "keyed") settings.addresses = AddressTreatment::keyed;
    else if (name == "prefix-preserving") settings.addresses = AddressTreatment::prefix_preserving;
    else if (name == "remove") settings.addresses = AddressTreatment::remove;
    else return fail("privacy.pseudonymise must be keyed, prefix-preserving or remove");
  }
  if (auto key_file = node["key_file"]) {
    if (!key_file.IsScalar() || key_file.Scalar().empty()) return fail("privacy.key_file must be a file name");
    auto key = read_key_file(key_file.Scalar(), config_path);
    if (!key) return fail(key.error());
    settings.key = std::move(*key);
  }
  for (auto [key, field] : {std::pair{"remove_emails", &settings.remove_emails},
                            std::pair{"remove_url_userinfo", &settings.remove_url_userinfo},
                            std::pair{"remove_user_accounts", &settings.remove_user_accounts}}) {
    auto flag = read_flag(node, key, *field);
    if (!flag) return fail(flag.error());
    *field = *flag;
  }
  if (auto valid = PrivacyFilter::create(settings); !valid) return fail("privacy: " + valid.error());
  return settings;
}

}  // namespace rampart::center::privacy
