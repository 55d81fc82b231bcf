// The `datasets:` section of the sensor's YAML config.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "detect/dataset_store.hpp"

namespace rampart::detect {

namespace {

std::string beside_config(const std::filesystem::path& folder, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (folder / path).lexically_normal().string();
}

std::expected<uint64_t, std::string> memcap_of(const YAML::Node& node, uint64_t fallback, std::string_view where) {
  if (!node["memcap"]) return fallback;
  auto text = node["memcap"].as<std::string>();
  auto size = parse_dataset_size(text);
  if (!size) return std::unexpected(fmt::format("{}: memcap '{}' is not a size (e.g. 10mb)", where, text));
  return *size;
}

std::expected<DatasetOptions, std::string> options_of(const std::string& name, const YAML::Node& node,
                                                      const std::filesystem::path& folder, uint64_t default_memcap) {
  std::string where = fmt::format("datasets.{}", name);
  if (!node.IsMap()) return std::unexpected(fmt::format("{}: expected a map of type, load, save, state", where));
  auto type_name = node["type"] ? node["type"].as<std::string>() : std::string();
  auto type = dataset_type_of(type_name);
  if (!type) return std::unexpected(fmt::format("{}: type '{}' is not string, md5, sha256, ipv4 or ip", where, type_name));
  DatasetOptions options{name, *type, {}, {}, 0};
  if (node["state"]) options.load = options.save = beside_config(folder, node["state"].as<std::string>());
  if (node["load"]) options.load = beside_config(folder, node["load"].as<std::string>());
  if (node["save"]) options.save = beside_config(folder, node["save"].as<std::string>());
  auto memcap = memcap_of(node, default_memcap, where);
  if (!memcap) return std::unexpected(memcap.error());
  options.memcap = *memcap;
  return options;
}

DatasetRulePolicy policy_of(const YAML::Node& rules) {
  DatasetRulePolicy policy;
  if (rules["allow-absolute-filenames"]) policy.allow_absolute_filenames = rules["allow-absolute-filenames"].as<bool>();
  if (rules["allow-write"]) policy.allow_write = rules["allow-write"].as<bool>();
  return policy;
}

}  // namespace

std::expected<DatasetRulePolicy, std::string> load_dataset_config(const std::string& config_file,
                                                                  DatasetRegistry& registry) {
  try {
    YAML::Node root = YAML::LoadFile(config_file);
    YAML::Node section = root["datasets"];
    DatasetRulePolicy policy;
    if (!section) return policy;
    if (!section.IsMap()) return std::unexpected(fmt::format("{}: datasets: expected a map of set names", config_file));
    auto folder = std::filesystem::path(config_file).parent_path();
    auto default_memcap = section["defaults"] ? memcap_of(section["defaults"], 0, "datasets.defaults") : uint64_t{0};
    if (!default_memcap) return std::unexpected(fmt::format("{}: {}", config_file, default_memcap.error()));
    for (const auto& entry : section) {
      auto name = entry.first.as<std::string>();
      if (name == "defaults") continue;
      if (name == "rules") {
        policy = policy_of(entry.second);
        continue;
      }
      auto options = options_of(name, entry.second, folder, *default_memcap);
      if (!options) return std::unexpected(fmt::format("{}: {}", config_file, options.error()));
      if (auto set = registry.open(*options); !set) return std::unexpected(fmt::format("{}: {}", config_file, set.error()));
    }
    return policy;
  } catch (const YAML::Exception& e) {
    return std::unexpected(fmt::format("{}: {}", config_file, e.what()));
  }
}

}  // namespace rampart::detect
