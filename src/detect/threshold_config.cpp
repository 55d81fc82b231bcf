#include "detect/threshold_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "detect/text.hpp"

namespace rampart::detect {

namespace {

using Fields = std::map<std::string_view, std::string_view, std::less<>>;
using Parsed = std::expected<ThresholdDirective, std::string>;

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string join(std::initializer_list<std::string_view> words) {
  std::string out;
  for (auto w : words) out += out.empty() ? std::string(w) : "|" + std::string(w);
  return out;
}

// "key value" items separated by commas (outside brackets), each key once.
std::expected<Fields, std::string> split_fields(std::string_view text, std::initializer_list<std::string_view> keys) {
  auto items = split_top_level(text, ',');
  if (!items) return std::unexpected("unbalanced brackets");
  Fields fields;
  for (auto item : *items) {
    auto [key, value] = split_key_value(item);
    if (key.empty()) return std::unexpected("empty field (two commas in a row?)");
    if (!one_of(key, keys)) return std::unexpected(fmt::format("unknown field '{}' (expected {})", key, join(keys)));
    if (value.empty()) return std::unexpected(fmt::format("{} needs a value", key));
    if (!fields.emplace(key, value).second) return std::unexpected(fmt::format("{} given twice", key));
  }
  return fields;
}

std::expected<void, std::string> require(const Fields& fields, std::initializer_list<std::string_view> keys) {
  for (auto key : keys)
    if (!fields.contains(key)) return std::unexpected(fmt::format("missing {}", key));
  return {};
}

std::expected<uint32_t, std::string> number(const Fields& fields, std::string_view key) {
  auto n = parse_unsigned(fields.find(key)->second, UINT32_MAX);
  if (!n) return std::unexpected(fmt::format("{} '{}' is not a number", key, fields.find(key)->second));
  return static_cast<uint32_t>(*n);
}

std::expected<std::string, std::string> word(const Fields& fields, std::string_view key,
                                             std::initializer_list<std::string_view> allowed) {
  auto value = fields.find(key)->second;
  if (!one_of(value, allowed)) return std::unexpected(fmt::format("{} '{}' is not one of {}", key, value, join(allowed)));
  return std::string(value);
}

// The message of the first failed result, "" when all hold.
template <typename... Results>
std::string first_error(const Results&... results) {
  std::string error;
  ((error.empty() && !results ? void(error = results.error()) : void()), ...);
  return error;
}

// gen_id and sig_id, common to every directive.
std::expected<void, std::string> ids(const Fields& fields, ThresholdDirective& d) {
  if (auto r = require(fields, {"gen_id", "sig_id"}); !r) return r;
  auto gid = number(fields, "gen_id");
  if (!gid) return std::unexpected(gid.error());
  auto sid = number(fields, "sig_id");
  if (!sid) return std::unexpected(sid.error());
  d.gid = *gid;
  d.sid = *sid;
  return {};
}

Parsed parse_threshold(std::string_view rest) {
  auto fields = split_fields(rest, {"gen_id", "sig_id", "type", "track", "count", "seconds"});
  if (!fields) return std::unexpected(fields.error());
  ThresholdDirective d;
  if (auto r = ids(*fields, d); !r) return std::unexpected(r.error());
  if (auto r = require(*fields, {"type", "track", "count", "seconds"}); !r) return std::unexpected(r.error());
  auto type = word(*fields, "type", {"limit", "threshold", "both"});
  auto track = word(*fields, "track", {"by_src", "by_dst", "by_rule", "by_both", "by_flow"});
  auto count = number(*fields, "count");
  auto seconds = number(*fields, "seconds");
  if (auto e = first_error(type, track, count, seconds); !e.empty()) return std::unexpected(e);
  if (*count == 0 && *type != "limit") return std::unexpected("count must be at least 1");
  d.threshold = Threshold{*type, *track, *count, *seconds, 0};
  return d;
}

Parsed parse_suppress(std::string_view rest, const RuleVariables& variables) {
  auto fields = split_fields(rest, {"gen_id", "sig_id", "track", "ip"});
  if (!fields) return std::unexpected(fields.error());
  ThresholdDirective d;
  d.kind = ThresholdDirective::Kind::Suppress;
  if (auto r = ids(*fields, d); !r) return std::unexpected(r.error());
  bool has_track = fields->contains("track"), has_ip = fields->contains("ip");
  if (has_track != has_ip) return std::unexpected("track and ip go together");
  if (!has_track) return d;
  auto track = word(*fields, "track", {"by_src", "by_dst", "by_either"});
  if (!track) return std::unexpected(track.error());
  d.suppression.track = *track == "by_src" ? SuppressTrack::Src : *track == "by_dst" ? SuppressTrack::Dst : SuppressTrack::Either;
  auto addresses = parse_address_set(fields->find("ip")->second, variables);
  if (!addresses) return std::unexpected(fmt::format("ip: {}", addresses.error().detail));
  d.suppression.addresses = std::move(*addresses);
  return d;
}

Parsed parse_rate_filter(std::string_view rest) {
  auto fields = split_fields(rest, {"gen_id", "sig_id", "track", "count", "seconds", "new_action", "timeout"});
  if (!fields) return std::unexpected(fields.error());
  ThresholdDirective d;
  d.kind = ThresholdDirective::Kind::RateFilter;
  if (auto r = ids(*fields, d); !r) return std::unexpected(r.error());
  if (auto r = require(*fields, {"track", "count", "seconds", "new_action", "timeout"}); !r) return std::unexpected(r.error());
  auto track = word(*fields, "track", {"by_src", "by_dst", "by_rule", "by_both"});
  auto action = word(*fields, "new_action", {"alert", "drop", "pass", "reject"});
  auto count = number(*fields, "count");
  auto seconds = number(*fields, "seconds");
  auto timeout = number(*fields, "timeout");
  if (auto e = first_error(track, action, count, seconds, timeout); !e.empty()) return std::unexpected(e);
  if (*count == 0) return std::unexpected("count must be at least 1");
  Action new_action = *action == "drop" ? Action::Drop : *action == "pass" ? Action::Pass
                      : *action == "reject" ? Action::Reject : Action::Alert;
  d.rate_filter = RateFilter{*track, *count, *seconds, new_action, *timeout};
  return d;
}

Parsed parse_directive(std::string_view text, const RuleVariables& variables) {
  auto [kind, rest] = split_key_value(text);
  if (kind == "threshold" || kind == "event_filter") return parse_threshold(rest);
  if (kind == "suppress") return parse_suppress(rest, variables);
  if (kind == "rate_filter") return parse_rate_filter(rest);
  return std::unexpected(fmt::format("unknown directive '{}' (expected threshold, event_filter, suppress or rate_filter)", kind));
}

// The signatures a directive names: one (gid, sid), every gid of a sid, or all rules (of a gid).
class SignatureIndex {
 public:
  explicit SignatureIndex(const std::vector<Signature>& signatures) : signatures_(signatures) {
    for (size_t i = 0; i < signatures.size(); ++i) by_sid_[signatures[i].meta.sid].push_back(i);
  }

  std::vector<size_t> targets(const ThresholdDirective& d) const {
    std::vector<size_t> out;
    auto wanted = [&](size_t i) { return d.gid == 0 || signatures_[i].meta.gid == d.gid; };
    if (d.sid != 0) {
      if (auto it = by_sid_.find(d.sid); it != by_sid_.end())
        std::copy_if(it->second.begin(), it->second.end(), std::back_inserter(out), wanted);
      return out;
    }
    for (size_t i = 0; i < signatures_.size(); ++i)
      if (wanted(i)) out.push_back(i);
    return out;
  }

 private:
  const std::vector<Signature>& signatures_;
  std::unordered_map<uint32_t, std::vector<size_t>> by_sid_;
};

}  // namespace

ThresholdConfig parse_threshold_config(std::string_view text, const std::string& file, const RuleVariables& variables) {
  ThresholdConfig config;
  config.file = file;
  std::string pending;
  size_t line_number = 0, start_line = 0;
  auto finish = [&] {
    auto directive = trim(pending);
    if (!directive.empty()) {
      auto parsed = parse_directive(directive, variables);
      if (parsed) {
        parsed->line = start_line;
        config.directives.push_back(std::move(*parsed));
      } else {
        config.errors.push_back({file, start_line, parsed.error()});
      }
    }
    pending.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = std::min(text.find('\n', pos), text.size());
    auto line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (pending.empty() && (line.empty() || line.front() == '#')) continue;
    if (pending.empty()) start_line = line_number;
    bool continued = line.ends_with('\\');
    if (continued) line.remove_suffix(1);
    pending.append(line).push_back(' ');
    if (!continued) finish();
  }
  finish();
  return config;
}

std::expected<ThresholdConfig, std::string> load_threshold_config(const std::string& path,
                                                                  const RuleVariables& variables) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("{}: cannot read threshold file", path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_threshold_config(text.str(), path, variables);
}

ThresholdConfigUse apply_threshold_config(const ThresholdConfig& config, std::vector<Signature>& signatures) {
  ThresholdConfigUse use;
  SignatureIndex index(signatures);
  std::vector<std::shared_ptr<AlertFilters>> filters(signatures.size());
  auto filters_of = [&](size_t i) -> AlertFilters& {
    if (!filters[i])
      filters[i] = signatures[i].alert_filters ? std::make_shared<AlertFilters>(*signatures[i].alert_filters)
                                               : std::make_shared<AlertFilters>();
    return *filters[i];
  };
  using Kind = ThresholdDirective::Kind;
  // Thresholds naming a sid go first: they replace the rule's own, and a rule that
  // then has a threshold is left alone by the sid 0 ones, whatever the file order.
  for (bool wildcard : {false, true})
    for (const auto& d : config.directives) {
      if (d.kind != Kind::Threshold || (d.sid == 0) != wildcard) continue;
      auto targets = index.targets(d);
      if (targets.empty()) use.unmatched_lines.push_back(d.line);
      for (size_t i : targets) {
        auto& sig = signatures[i];
        if (wildcard && (sig.threshold || sig.detection_filter)) continue;
        sig.threshold = d.threshold;
        sig.detection_filter.reset();
        ++use.thresholds_set;
      }
    }
  for (const auto& d : config.directives) {
    if (d.kind == Kind::Threshold) continue;
    auto targets = index.targets(d);
    if (targets.empty()) use.unmatched_lines.push_back(d.line);
    for (size_t i : targets) {
      if (d.kind == Kind::Suppress) {
        filters_of(i).suppressions.push_back(d.suppression);
        ++use.suppressions;
      } else {
        filters_of(i).rate_filter = d.rate_filter;
        ++use.rate_filters;
      }
    }
  }
  for (size_t i = 0; i < signatures.size(); ++i)
    if (filters[i]) signatures[i].alert_filters = std::move(filters[i]);
  return use;
}

}  // namespace rampart::detect
