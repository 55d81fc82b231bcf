#include "center/taxii/taxii_query.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "intel/stix_timestamp.hpp"

namespace rampart::center::taxii {

namespace {

struct ParameterName {
  std::string_view name;
  TaxiiParameter flag;
};
constexpr ParameterName kParameters[] = {
    {"added_after", kAddedAfter}, {"limit", kLimit},           {"next", kNext},
    {"match[id]", kMatchId},      {"match[type]", kMatchType}, {"match[version]", kMatchVersion},
    {"match[spec_version]", kMatchSpecVersion},
};

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = value.find(',', start);
    out.push_back(value.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

std::optional<int64_t> parse_number(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<TaxiiCursor> decode_next(std::string_view token) {
  size_t dash = token.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto date = parse_number(token.substr(0, dash));
  auto row = parse_number(token.substr(dash + 1));
  if (!date || !row || *date < 0 || *row < 0) return std::nullopt;
  return TaxiiCursor{*date, *row};
}

std::expected<void, std::string> apply_versions(const std::string& value, TaxiiObjectQuery& query) {
  auto items = split_list(value);
  if (items.size() == 1 && items[0] == "first") query.version_match = VersionMatch::first;
  else if (items.size() == 1 && items[0] == "last") query.version_match = VersionMatch::last;
  else if (items.size() == 1 && items[0] == "all") query.version_match = VersionMatch::all;
  else {
    query.version_match = VersionMatch::at;
    for (const auto& item : items) {
      auto ns = timestamp_ns(item);
      if (!ns) return std::unexpected(fmt::format("match[version]: \"{}\" is not first, last, all or a STIX timestamp", item));
      query.versions_ns.push_back(*ns);
    }
  }
  return {};
}

std::expected<void, std::string> apply(std::string_view name, const std::string& value, TaxiiObjectQuery& query) {
  if (name == "added_after") {
    auto ns = timestamp_ns(value);
    if (!ns) return std::unexpected("added_after: not a timestamp (YYYY-MM-DDTHH:MM:SS[.s]Z)");
    query.added_after_us = *ns / 1000;
  } else if (name == "limit") {
    auto limit = parse_number(value);
    if (!limit || *limit < 1 || *limit > static_cast<int64_t>(kMaxPageSize))
      return std::unexpected(fmt::format("limit: give an integer from 1 to {}", kMaxPageSize));
    query.limit = static_cast<size_t>(*limit);
  } else if (name == "next") {
    query.after = decode_next(value);
    if (!query.after) return std::unexpected("next: not a value this server returned");
  } else if (name == "match[version]") {
    return apply_versions(value, query);
  } else {
    auto items = split_list(value);
    for (const auto& item : items)
      if (item.empty()) return std::unexpected(fmt::format("{}: empty item in the list", name));
    auto& target = name == "match[id]" ? query.ids : name == "match[type]" ? query.types : query.spec_versions;
    target = std::move(items);
  }
  return {};
}

}  // namespace

std::optional<int64_t> timestamp_ns(std::string_view text) {
  auto parsed = intel::StixTimestamp::parse(text);
  // int64 nanoseconds reach the year 2262; STIX allows later years, which this store refuses.
  constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1'000'000'000 - 1;
  if (!parsed || parsed->seconds < 0 || parsed->seconds > kMaxSeconds) return std::nullopt;
  return parsed->seconds * 1'000'000'000 + parsed->nanoseconds;
}

std::expected<void, std::string> parse_object_query(const std::map<std::string, std::string>& params, unsigned allowed,
                                                    TaxiiObjectQuery& query) {
  query.limit = kDefaultPageSize;
  for (const auto& [name, value] : params) {
    const ParameterName* known = nullptr;
    for (const auto& parameter : kParameters)
      if (parameter.name == name) known = &parameter;
    if (!known || (allowed & known->flag) == 0)
      return std::unexpected(fmt::format("parameter \"{}\" is not accepted here", name));
    if (auto applied = apply(known->name, value, query); !applied) return applied;
  }
  return {};
}

std::string encode_next(const TaxiiCursor& cursor) { return fmt::format("{}-{}", cursor.date_added_us, cursor.row_id); }

}  // namespace rampart::center::taxii
