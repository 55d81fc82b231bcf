// flow, flowbits, flowint, xbits, stream_size: conditions on the flow and the state
// rules keep in it.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

std::unexpected<RuleError> conflict(std::string_view keyword, std::string_view option) {
  return invalid_value(keyword, fmt::format("'{}' conflicts with an earlier flow option", option));
}

RuleResult<void> apply_flow_option(FlowCondition& flow, std::string_view keyword, std::string_view option) {
  auto set_direction = [&](FlowDirection d) -> RuleResult<void> {
    if (flow.direction != FlowDirection::Any) return conflict(keyword, option);
    flow.direction = d;
    return {};
  };
  auto set_flag = [&](std::optional<bool>& slot, bool v) -> RuleResult<void> {
    if (slot) return conflict(keyword, option);
    slot = v;
    return {};
  };
  if (option == "to_server" || option == "from_client") return set_direction(FlowDirection::ToServer);
  if (option == "to_client" || option == "from_server") return set_direction(FlowDirection::ToClient);
  if (option == "established") return flow.stateless ? conflict(keyword, option) : set_flag(flow.established, true);
  if (option == "not_established") return flow.stateless ? conflict(keyword, option) : set_flag(flow.established, false);
  if (option == "only_stream") return set_flag(flow.stream, true);
  if (option == "no_stream") return set_flag(flow.stream, false);
  if (option == "only_frag") return set_flag(flow.fragment, true);
  if (option == "no_frag") return set_flag(flow.fragment, false);
  if (option == "stateless") {
    if (flow.established) return conflict(keyword, option);
    flow.stateless = true;
    return {};
  }
  return invalid_value(keyword, fmt::format("unknown flow option '{}'", option));
}

RuleResult<void> parse_flow(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  for (auto option : split_trimmed(value, ','))
    if (auto r = apply_flow_option(b.signature().flow, keyword, option); !r) return r;
  return {};
}

bool valid_state_name(std::string_view name) {
  return !name.empty() && name.find_first_of(" \t,\"") == std::string_view::npos;
}

RuleResult<void> parse_flowbits(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  if (items.size() == 1 && items[0] == "noalert") {
    b.signature().noalert = true;
    return {};
  }
  static constexpr std::array<std::string_view, 5> kCommands{"set", "unset", "toggle", "isset", "isnotset"};
  if (items.size() != 2 || std::find(kCommands.begin(), kCommands.end(), items[0]) == kCommands.end())
    return invalid_value(keyword, fmt::format("'{}' is not noalert or COMMAND,NAME", value));
  FlowbitCommand command{std::string(items[0]), {}, false};
  bool is_test = items[0] == "isset" || items[0] == "isnotset";
  char separator = '&';
  if (items[1].find('|') != std::string_view::npos) {
    if (!is_test) return invalid_value(keyword, "'|' groups are only for isset and isnotset");
    separator = '|';
    command.any_of = true;
  }
  for (auto name : split_trimmed(items[1], separator)) {
    if (!valid_state_name(name)) return invalid_value(keyword, fmt::format("'{}' is not a flowbit name", name));
    command.names.emplace_back(name);
  }
  b.signature().flowbits.push_back(std::move(command));
  return {};
}

RuleResult<void> parse_flowint(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  static constexpr std::array<std::string_view, 9> kValueOps{"=", "+", "-", "==", "!=", "<", ">", "<=", ">="};
  static constexpr std::array<std::string_view, 3> kTests{"isset", "notset", "isnotset"};
  if (items.size() < 2 || !valid_state_name(items[0])) return invalid_value(keyword, fmt::format("'{}' is not NAME,OP[,VALUE]", value));
  FlowintCommand command{std::string(items[0]), std::string(items[1]), std::nullopt};
  bool is_test = std::find(kTests.begin(), kTests.end(), items[1]) != kTests.end();
  bool takes_value = std::find(kValueOps.begin(), kValueOps.end(), items[1]) != kValueOps.end();
  if (is_test && items.size() == 2) {
    b.signature().flowints.push_back(std::move(command));
    return {};
  }
  if (!takes_value || items.size() != 3) return invalid_value(keyword, fmt::format("'{}' is not NAME,OP[,VALUE]", value));
  if (auto number = parse_unsigned(items[2], UINT32_MAX)) {
    command.value = PositionValue{static_cast<int64_t>(*number), {}};
  } else if (valid_state_name(items[2])) {
    command.value = PositionValue{0, std::string(items[2])};  // another flowint
  } else {
    return invalid_value(keyword, fmt::format("'{}' is not a number or flowint name", items[2]));
  }
  b.signature().flowints.push_back(std::move(command));
  return {};
}

// xbits, and hostbits (xbits kept per host: track ip_src or ip_dst, or the older src
// and dst, ip_src when none is given).
RuleResult<void> parse_bits(RuleBuilder& b, std::string_view keyword, std::string_view value, bool host) {
  auto items = split_trimmed(value, ',');
  static constexpr std::array<std::string_view, 5> kCommands{"set", "unset", "toggle", "isset", "isnotset"};
  if (items.size() == 1 && items[0] == "noalert") {
    b.signature().noalert = true;
    return {};
  }
  if (items.size() < (host ? 2 : 3) || std::find(kCommands.begin(), kCommands.end(), items[0]) == kCommands.end() ||
      !valid_state_name(items[1]))
    return invalid_value(keyword, fmt::format("'{}' is not COMMAND,NAME,track TRACK[,expire N]", value));
  XbitCommand command{std::string(items[0]), std::string(items[1]), host ? "ip_src" : "", std::nullopt};
  for (auto item : std::span(items).subspan(2)) {
    auto [key, arg] = split_key_value(item);
    if (key == "track" && (arg == "ip_src" || arg == "ip_dst" || (!host && (arg == "ip_pair" || arg == "tx")))) {
      command.track = std::string(arg);
    } else if (host && (key == "src" || key == "dst") && arg.empty()) {
      command.track = key == "src" ? "ip_src" : "ip_dst";
    } else if (key == "expire" && parse_unsigned(arg, UINT32_MAX)) {
      command.expire = static_cast<uint32_t>(*parse_unsigned(arg, UINT32_MAX));
    } else {
      return invalid_value(keyword, fmt::format("unknown option '{}'", item));
    }
  }
  if (command.track.empty()) return invalid_value(keyword, "track is required");
  b.signature().xbits.push_back(std::move(command));
  return {};
}

RuleResult<void> parse_xbits(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  return parse_bits(b, keyword, value, false);
}

RuleResult<void> parse_hostbits(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  return parse_bits(b, keyword, value, true);
}

RuleResult<void> parse_stream_size(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  static constexpr std::array<std::string_view, 4> kSides{"server", "client", "both", "either"};
  static constexpr std::array<std::string_view, 6> kOps{"<", ">", "=", "!=", "<=", ">="};
  if (items.size() != 3 || std::find(kSides.begin(), kSides.end(), items[0]) == kSides.end() ||
      std::find(kOps.begin(), kOps.end(), items[1]) == kOps.end())
    return invalid_value(keyword, fmt::format("'{}' is not SIDE,OPERATOR,SIZE", value));
  auto condition = parse_numeric_condition(fmt::format("{}{}", items[1], items[2]), UINT32_MAX);
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not a size", items[2]));
  b.signature().stream_sizes.push_back({std::string(items[0]), *condition});
  return {};
}

}  // namespace

void register_flow_keywords(KeywordRegistry& registry) {
  registry.add({"flow", ValueUse::Required, parse_flow});
  registry.add({"flowbits", ValueUse::Required, parse_flowbits});
  registry.add({"flowint", ValueUse::Required, parse_flowint});
  registry.add({"xbits", ValueUse::Required, parse_xbits});
  registry.add({"hostbits", ValueUse::Required, parse_hostbits});
  registry.add({"stream_size", ValueUse::Required, parse_stream_size});
}

}  // namespace rampart::detect
