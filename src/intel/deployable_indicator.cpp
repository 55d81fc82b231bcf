#include "intel/deployable_indicator.hpp"

#include <fmt/format.h>

#include <array>

#include "intel/stix_timestamp.hpp"

namespace rampart::intel {

namespace {

constexpr std::array kKinds{SensorIndicatorKind::Ipv4Cidr, SensorIndicatorKind::Ipv6Cidr, SensorIndicatorKind::Domain,
                            SensorIndicatorKind::Url,      SensorIndicatorKind::Md5,      SensorIndicatorKind::Sha1,
                            SensorIndicatorKind::Sha256};

std::optional<SensorIndicatorKind> kind_of(std::string_view name) {
  for (auto kind : kKinds)
    if (kind_name(kind) == name) return kind;
  return std::nullopt;
}

int64_t to_us(const StixTimestamp& t) { return t.seconds * 1'000'000 + t.nanoseconds / 1000; }

std::string format_us(int64_t us) {
  auto seconds = us / 1'000'000;
  auto fraction = us % 1'000'000;
  if (fraction < 0) {
    fraction += 1'000'000;
    --seconds;
  }
  auto days = seconds / 86400;
  auto rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", year, month, day, rest / 3600, rest / 60 % 60,
                     rest % 60, fraction);
}

std::expected<std::string, std::string> string_at(const Json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::unexpected(fmt::format("{}.{}: expected a string", path, key));
  return it->get<std::string>();
}

std::expected<DeployableIndicator, std::string> read_indicator(const Json& entry, const std::string& path) {
  if (!entry.is_object()) return std::unexpected(path + ": expected an object");
  DeployableIndicator indicator;
  auto id = string_at(entry, "id", path);
  if (!id) return std::unexpected(id.error());
  indicator.id = std::move(*id);
  auto name = string_at(entry, "name", path);
  if (!name) return std::unexpected(name.error());
  indicator.name = std::move(*name);
  if (auto until = entry.find("valid_until"); until != entry.end()) {
    auto parsed = until->is_string() ? StixTimestamp::parse(until->get<std::string>()) : std::nullopt;
    if (!parsed) return std::unexpected(path + ".valid_until: not a STIX timestamp");
    indicator.valid_until_us = to_us(*parsed);
  }
  auto observables = entry.find("observables");
  if (observables == entry.end() || !observables->is_array() || observables->empty())
    return std::unexpected(path + ".observables: expected a non-empty list");
  for (size_t i = 0; i < observables->size(); ++i) {
    auto at = fmt::format("{}.observables[{}]", path, i);
    const auto& observable = (*observables)[i];
    if (!observable.is_object()) return std::unexpected(at + ": expected an object");
    auto kind = string_at(observable, "kind", at);
    if (!kind) return std::unexpected(kind.error());
    auto value = string_at(observable, "value", at);
    if (!value) return std::unexpected(value.error());
    auto parsed_kind = kind_of(*kind);
    if (!parsed_kind) return std::unexpected(fmt::format("{}.kind: unknown kind \"{}\"", at, *kind));
    indicator.observables.push_back({*parsed_kind, std::move(*value), indicator.id});
  }
  return indicator;
}

}  // namespace

std::expected<DeployableIndicator, std::string> deployable_indicator(const Json& object, int64_t now_us) {
  if (!object.is_object() || object.value("type", "") != "indicator") return std::unexpected("not an indicator");
  if (object.value("revoked", false)) return std::unexpected("revoked");
  DeployableIndicator indicator;
  indicator.id = object.value("id", "");
  indicator.name = object.value("name", indicator.id);
  if (auto until = object.find("valid_until"); until != object.end() && until->is_string()) {
    auto parsed = StixTimestamp::parse(until->get<std::string>());
    if (!parsed) return std::unexpected("valid_until is not a STIX timestamp");
    indicator.valid_until_us = to_us(*parsed);
    if (*indicator.valid_until_us <= now_us) return std::unexpected("expired");
  }
  if (object.value("pattern_type", "") != "stix") return std::unexpected("not deployable to sensors: pattern_type is not stix");
  auto pattern = object.find("pattern");
  if (pattern == object.end() || !pattern->is_string()) return std::unexpected("no pattern");
  auto observables = compile_for_sensors(pattern->get<std::string>(), indicator.id);
  if (!observables) return std::unexpected(observables.error());
  indicator.observables = std::move(*observables);
  return indicator;
}

std::string feed_page_json(const IndicatorFeedPage& page) {
  Json indicators = Json::array();
  for (const auto& indicator : page.indicators) {
    Json observables = Json::array();
    for (const auto& observable : indicator.observables)
      observables.push_back(Json{{"kind", kind_name(observable.kind)}, {"value", observable.value}});
    Json entry{{"id", indicator.id}, {"name", indicator.name}};
    if (indicator.valid_until_us) entry["valid_until"] = format_us(*indicator.valid_until_us);
    entry["observables"] = std::move(observables);
    indicators.push_back(std::move(entry));
  }
  Json body{{"version", page.version},
            {"more", page.more},
            {"indicators", std::move(indicators)},
            {"removed", page.removed}};
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::expected<IndicatorFeedPage, std::string> parse_feed_page(std::string_view text) {
  auto json = parse_json_text(text);
  if (!json) return std::unexpected(json.error().to_string());
  if (!json->is_object()) return std::unexpected("expected a JSON object");
  IndicatorFeedPage page;
  auto version = string_at(*json, "version", "");
  if (!version) return std::unexpected("version: expected a string");
  page.version = std::move(*version);
  auto more = json->find("more");
  if (more == json->end() || !more->is_boolean()) return std::unexpected("more: expected a boolean");
  page.more = more->get<bool>();
  auto indicators = json->find("indicators");
  if (indicators == json->end() || !indicators->is_array()) return std::unexpected("indicators: expected a list");
  for (size_t i = 0; i < indicators->size(); ++i) {
    auto indicator = read_indicator((*indicators)[i], fmt::format("indicators[{}]", i));
    if (!indicator) return std::unexpected(indicator.error());
    page.indicators.push_back(std::move(*indicator));
  }
  auto removed = json->find("removed");
  if (removed == json->end() || !removed->is_array()) return std::unexpected("removed: expected a list");
  for (size_t i = 0; i < removed->size(); ++i) {
    if (!(*removed)[i].is_string()) return std::unexpected(fmt::format("removed[{}]: expected a string", i));
    page.removed.push_back((*removed)[i].get<std::string>());
  }
  return page;
}

}  // namespace rampart::intel
