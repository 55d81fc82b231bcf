#pragma once
// The `feeds:` section of center.yaml: remote TAXII 2.1 collections the center polls.
// Each entry names the feed, where its objects are (`url`: a collection's objects URL
// ".../collections/ID/objects/", or an API root URL with `collection: ID`), how to log
// in (`token`, or `username` and `password`, or nothing), how often to poll
// (`interval`, default 1h), which local collection receives the objects
// (`into_collection`, a collection id) as published by which organisation (`org`,
// default "default"), the first wait after a failed poll (`retry`, default 30s,
// doubled after each further failure up to the interval), the page size to ask for
// (`limit`, optional) and the PEM file of trusted CAs for https (`ca_file`, relative
// to center.yaml; default the system's). Errors name the file, the entry and the key.
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "upload/center_url.hpp"

namespace rampart::center::feeds {

struct FeedSettings {
  std::string name;
  upload::CenterUrl objects_url;  // path_prefix: the objects resource without its trailing '/'
  std::string token;
  std::string username;
  std::string password;
  std::chrono::seconds interval{3600};
  std::chrono::seconds first_retry{30};
  std::string into_collection;
  std::string organisation = "default";
  std::optional<unsigned> limit;
  std::string ca_file;
};

// node is the value of `feeds:` in config_path.
std::expected<std::vector<FeedSettings>, std::string> parse_feeds(const YAML::Node& node, const std::string& config_path);

}  // namespace rampart::center::feeds
