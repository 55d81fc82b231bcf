#include "center/feeds/feed_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <set>
#include <tuple>

#include "center/incidents/correlation_config.hpp"

namespace rampart::center::feeds {

namespace {

constexpr std::string_view kObjectsSuffix = "/objects";

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

bool valid_collection_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

// Reads every key of one entry; where() prefixes errors with "FILE: feeds[I]".
class EntryReader {
 public:
  EntryReader(const YAML::Node& entry, std::string where) : entry_(entry), where_(std::move(where)) {}

  std::unexpected<std::string> error(std::string_view key, std::string_view what) const {
    return std::unexpected(fmt::format("{}.{}: {}", where_, key, what));
  }

  std::expected<std::string, std::string> text(const char* key, bool required) const {
    auto value = entry_[key];
    if (!value) {
      if (required) return error(key, "is required");
      return std::string();
    }
    if (!value.IsScalar() || value.Scalar().empty()) return error(key, "must be a non-empty string");
    return value.Scalar();
  }

  std::expected<std::optional<std::chrono::seconds>, std::string> duration(const char* key) const {
    auto value = text(key, false);
    if (!value) return std::unexpected(value.error());
    if (value->empty()) return std::nullopt;
    auto seconds = incidents::parse_duration_seconds(*value);
    if (!seconds) return error(key, fmt::format("\"{}\" is not a duration such as 90s, 10m, 2h or 1d", *value));
    return std::chrono::seconds(*seconds);
  }

 private:
  const YAML::Node& entry_;
  std::string where_;
};

// The objects URL from `url` (and `collection`, when url is an API root).
std::expected<upload::CenterUrl, std::string> objects_url(const EntryReader& reader, const std::string& url,
                                                          const std::string& collection) {
  auto parsed = upload::parse_center_url(url);
  if (!parsed) return reader.error("url", parsed.error());
  if (!collection.empty()) {
    if (!valid_collection_id(collection)) return reader.error("collection", "must be a collection id");
    parsed->path_prefix += "/collections/" + collection + "/objects";
  } else if (!std::string_view(parsed->path_prefix).ends_with(kObjectsSuffix)) {
    return reader.error("url", "must be a collection's objects URL (.../collections/ID/objects/), "
                               "or an API root with `collection: ID`");
  }
  return *parsed;
}

std::expected<FeedSettings, std::string> parse_entry(const YAML::Node& entry, const std::string& where,
                                                     const std::string& config_path) {
  static const std::set<std::string> kKeys{"name",     "url",  "collection", "username", "password", "token",
                                           "interval", "retry", "into_collection", "org", "limit", "ca_file"};
  if (!entry.IsMap()) return std::unexpected(fmt::format("{}: must be a mapping", where));
  for (const auto& member : entry)
    if (auto key = member.first.as<std::string>(""); !kKeys.contains(key))
      return std::unexpected(fmt::format("{}: unknown key \"{}\"", where, key));
  EntryReader reader(entry, where);
  FeedSettings feed;
  auto read = [&](const char* key, bool required, std::string& out) -> std::expected<void, std::string> {
    auto value = reader.text(key, required);
    if (!value) return std::unexpected(value.error());
    out = std::move(*value);
    return {};
  };
  std::string url, collection, ca_file;
  for (auto [key, required, out] : {std::tuple{"name", true, &feed.name}, std::tuple{"url", true, &url},
                                    std::tuple{"collection", false, &collection}, std::tuple{"token", false, &feed.token},
                                    std::tuple{"username", false, &feed.username},
                                    std::tuple{"password", false, &feed.password},
                                    std::tuple{"into_collection", true, &feed.into_collection},
                                    std::tuple{"org", false, &feed.organisation}, std::tuple{"ca_file", false, &ca_file}})
    if (auto done = read(key, required, *out); !done) return std::unexpected(done.error());
  if (feed.organisation.empty()) feed.organisation = "default";
  if (!valid_name(feed.name)) return reader.error("name", "use 1 to 64 of A-Z a-z 0-9 - _ .");
  if (!valid_collection_id(feed.into_collection)) return reader.error("into_collection", "must be a collection id");
  if (!feed.token.empty() && !feed.username.empty()) return reader.error("token", "give a token or a username, not both");
  if (feed.username.empty() != feed.password.empty()) return reader.error("username", "needs a password (and vice versa)");
  auto resolved = objects_url(reader, url, collection);
  if (!resolved) return std::unexpected(resolved.error());
  feed.objects_url = std::move(*resolved);
  if (!ca_file.empty()) {
    std::filesystem::path file = ca_file;
    if (file.is_relative()) file = std::filesystem::path(config_path).parent_path() / file;
    feed.ca_file = file.string();
  }
  for (auto [key, out] : {std::pair{"interval", &feed.interval}, std::pair{"retry", &feed.first_retry}}) {
    auto value = reader.duration(key);
    if (!value) return std::unexpected(value.error());
    if (*value) *out = **value;
  }
  if (auto limit = reader.text("limit", false); !limit) {
    return std::unexpected(limit.error());
  } else if (!limit->empty()) {
    unsigned parsed = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), parsed);
    if (ec != std::errc() || end != limit->data() + limit->size() || parsed == 0)
      return reader.error("limit", "must be a positive integer");
    feed.limit = parsed;
  }
  return feed;
}

}  // namespace

std::expected<std::vector<FeedSettings>, std::string> parse_feeds(const YAML::Node& node, const std::string& config_path) {
  if (!node.IsSequence()) return std::unexpected(fmt::format("{}: feeds must be a list", config_path));
  std::vector<FeedSettings> feeds;
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    auto feed = parse_entry(node[i], fmt::format("{}: feeds[{}]", config_path, i), config_path);
    if (!feed) return std::unexpected(feed.error());
    if (!names.insert(feed->name).second)
      return std::unexpected(fmt::format("{}: feeds[{}].name: \"{}\" is used twice", config_path, i, feed->name));
    feeds.push_back(std::move(*feed));
  }
  return feeds;
}

}  // namespace rampart::center::feeds
