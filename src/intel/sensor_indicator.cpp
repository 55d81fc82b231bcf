#include "intel/sensor_indicator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "intel/cidr.hpp"

namespace rampart::intel {
namespace {

using Compiled = std::expected<std::vector<SensorIndicator>, std::string>;

std::unexpected<std::string> not_deployable(std::string_view reason) {
  return std::unexpected(fmt::format("not deployable to sensors: {}", reason));
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_hex_of_length(std::string_view text, size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

bool is_domain_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c >= 0x80;
  });
}

// What a comparison's object path designates, if a sensor can match on it.
enum class Target { None, Ipv4, Ipv6, AnyAddressOrDomain, Domain, Url, Md5, Sha1, Sha256 };

bool is_property_path(const ObjectPath& path, std::initializer_list<std::string_view> names) {
  if (path.steps.size() != names.size()) return false;
  size_t i = 0;
  for (auto name : names) {
    if (path.steps[i].kind != PathStep::Kind::Property || path.steps[i].name != name) return false;
    ++i;
  }
  return true;
}

Target target_of(const ObjectPath& path) {
  const auto& type = path.object_type;
  if (type == "ipv4-addr" && is_property_path(path, {"value"})) return Target::Ipv4;
  if (type == "ipv6-addr" && is_property_path(path, {"value"})) return Target::Ipv6;
  if (type == "domain-name" && is_property_path(path, {"value"})) return Target::Domain;
  if (type == "url" && is_property_path(path, {"value"})) return Target::Url;
  if (type == "network-traffic" &&
      (is_property_path(path, {"dst_ref", "value"}) || is_property_path(path, {"src_ref", "value"}))) {
    return Target::AnyAddressOrDomain;
  }
  if (type == "file" && path.steps.size() == 2 && is_property_path(path, {"hashes", path.steps[1].name})) {
    const std::string algorithm = path.steps[1].name;
    if (algorithm == "MD5") return Target::Md5;
    if (algorithm == "SHA-1" || algorithm == "SHA1") return Target::Sha1;
    if (algorithm == "SHA-256" || algorithm == "SHA256") return Target::Sha256;
  }
  return Target::None;
}

std::expected<SensorIndicator, std::string> compile_value(Target target, const Literal& literal, std::string_view id) {
  if (literal.kind != LiteralKind::String) return not_deployable("compared value is not a string");
  const std::string& value = literal.text;
  auto cidr_indicator = [&](int family) -> std::expected<SensorIndicator, std::string> {
    auto cidr = parse_cidr(value, family);
    if (!cidr) return not_deployable(fmt::format("'{}' is not an IPv{} address or CIDR", value, family));
    return SensorIndicator{cidr->family == 4 ? SensorIndicatorKind::Ipv4Cidr : SensorIndicatorKind::Ipv6Cidr,
                           cidr->to_string(), std::string(id)};
  };
  auto hash_indicator = [&](SensorIndicatorKind kind, size_t length) -> std::expected<SensorIndicator, std::string> {
    if (!is_hex_of_length(value, length)) {
      return not_deployable(fmt::format("'{}' is not a {}-digit hex hash", value, length));
    }
    return SensorIndicator{kind, lower(value), std::string(id)};
  };
  auto domain_indicator = [&]() -> std::expected<SensorIndicator, std::string> {
    std::string name = lower(value);
    if (!name.empty() && name.back() == '.') name.pop_back();
    if (!is_domain_name(name)) return not_deployable(fmt::format("'{}' is not a domain name", value));
    return SensorIndicator{SensorIndicatorKind::Domain, std::move(name), std::string(id)};
  };
  switch (target) {
    case Target::Ipv4: return cidr_indicator(4);
    case Target::Ipv6: return cidr_indicator(6);
    case Target::AnyAddressOrDomain: return parse_cidr(value) ? cidr_indicator(0) : domain_indicator();
    case Target::Domain: return domain_indicator();
    case Target::Url:
      if (value.empty()) return not_deployable("empty URL");
      return SensorIndicator{SensorIndicatorKind::Url, value, std::string(id)};
    case Target::Md5: return hash_indicator(SensorIndicatorKind::Md5, 32);
    case Target::Sha1: return hash_indicator(SensorIndicatorKind::Sha1, 40);
    case Target::Sha256: return hash_indicator(SensorIndicatorKind::Sha256, 64);
    case Target::None: break;
  }
  return not_deployable("unsupported object path");
}

std::expected<void, std::string> compile_test(const Comparison& test, std::string_view id,
                                              std::vector<SensorIndicator>& out) {
  const Target target = target_of(test.path);
  if (target == Target::None) {
    return not_deployable(fmt::format("sensors do not observe {}", print_object_path(test.path)));
  }
  if (test.negated) return not_deployable("negated comparison");
  const bool is_address = target == Target::Ipv4 || target == Target::Ipv6 || target == Target::AnyAddressOrDomain;
  const bool supported = test.op == ComparisonOperator::Equal || test.op == ComparisonOperator::In ||
                         (test.op == ComparisonOperator::IsSubset && is_address);
  if (!supported) {
    return not_deployable(fmt::format("operator {} on {}", operator_text(test.op), print_object_path(test.path)));
  }
  if (test.values.empty()) return not_deployable("empty IN set");
  if (test.op == ComparisonOperator::IsSubset && !parse_cidr(test.values.front().text)) {
    return not_deployable("ISSUBSET needs an address block");
  }
  for (const auto& literal : test.values) {
    auto indicator = compile_value(target, literal, id);
    if (!indicator) return std::unexpected(indicator.error());
    out.push_back(std::move(*indicator));
  }
  return {};
}

std::expected<void, std::string> compile_comparisons(const ComparisonExpression& node, std::string_view id,
                                                     std::vector<SensorIndicator>& out) {
  switch (node.kind) {
    case ComparisonExpression::Kind::Test: return compile_test(node.test, id, out);
    case ComparisonExpression::Kind::And: return not_deployable("AND of comparisons");
    case ComparisonExpression::Kind::Or: break;
  }
  for (const auto& operand : node.operands) {
    if (auto compiled = compile_comparisons(operand, id, out); !compiled) return compiled;
  }
  return {};
}

std::expected<void, std::string> compile_observations(const ObservationExpression& node, std::string_view id,
                                                      std::vector<SensorIndicator>& out) {
  if (!node.qualifiers.empty()) return not_deployable("qualifiers (WITHIN, REPEATS, START/STOP) need correlation");
  switch (node.kind) {
    case ObservationExpression::Kind::Observation: return compile_comparisons(node.comparison, id, out);
    case ObservationExpression::Kind::And: return not_deployable("AND of observations");
    case ObservationExpression::Kind::FollowedBy: return not_deployable("FOLLOWEDBY");
    case ObservationExpression::Kind::Or: break;
  }
  for (const auto& operand : node.operands) {
    if (auto compiled = compile_observations(operand, id, out); !compiled) return compiled;
  }
  return {};
}

}  // namespace

std::string_view kind_name(SensorIndicatorKind kind) {
  switch (kind) {
    case SensorIndicatorKind::Ipv4Cidr: return "ipv4";
    case SensorIndicatorKind::Ipv6Cidr: return "ipv6";
    case SensorIndicatorKind::Domain: return "domain";
    case SensorIndicatorKind::Url: return "url";
    case SensorIndicatorKind::Md5: return "md5";
    case SensorIndicatorKind::Sha1: return "sha1";
    case SensorIndicatorKind::Sha256: return "sha256";
  }
  return "?";
}

Compiled compile_for_sensors(const Pattern& pattern, std::string_view indicator_id) {
  std::vector<SensorIndicator> indicators;
  if (auto compiled = compile_observations(pattern.root, indicator_id, indicators); !compiled) {
    return std::unexpected(compiled.error());
  }
  return indicators;
}

Compiled compile_for_sensors(std::string_view pattern_text, std::string_view indicator_id) {
  auto pattern = parse_pattern(pattern_text);
  if (!pattern) return std::unexpected("invalid pattern: " + pattern.error().to_string());
  return compile_for_sensors(*pattern, indicator_id);
}

Compiled compile_for_sensors(const StixObject& indicator) {
  if (indicator.type != "indicator") return not_deployable(fmt::format("{} is not an indicator", indicator.id));
  const auto& json = indicator.json;
  auto string_property = [&json](const char* key) -> const std::string* {
    if (!json.is_object() || !json.contains(key) || !json[key].is_string()) return nullptr;
    return &json[key].get_ref<const std::string&>();
  };
  const std::string* pattern_type = string_property("pattern_type");
  if (pattern_type == nullptr || *pattern_type != "stix") return not_deployable("pattern_type is not \"stix\"");
  const std::string* pattern = string_property("pattern");
  if (pattern == nullptr) return not_deployable("the indicator has no pattern");
  return compile_for_sensors(std::string_view(*pattern), indicator.id);
}

}  // namespace rampart::intel
