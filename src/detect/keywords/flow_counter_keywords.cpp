// flow.pkts and flow.bytes (Suricata 8): the packets or bytes a flow carried so far,
// per direction or in either, compared with a number; their older forms
// flow.pkts_toserver, flow.pkts_toclient, flow.bytes_toserver, flow.bytes_toclient;
// and flow.age, the flow's age in seconds.
#include <fmt/format.h>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

std::optional<FlowCounterCondition::Side> counter_side(std::string_view name) {
  if (name == "toserver") return FlowCounterCondition::Side::ToServer;
  if (name == "toclient") return FlowCounterCondition::Side::ToClient;
  if (name == "either") return FlowCounterCondition::Side::Either;
  return std::nullopt;
}

RuleResult<void> add_counter(RuleBuilder& b, std::string_view keyword, FlowCounterCondition::Counter counter,
                             FlowCounterCondition::Side side, std::string_view condition_text) {
  auto condition = parse_numeric_condition(trim(condition_text), UINT64_MAX);
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not a number or comparison", condition_text));
  b.signature().flow_counters.push_back({counter, side, *condition});
  return {};
}

// "toserver|toclient|either,CONDITION"
RuleResult<void> parse_counter(RuleBuilder& b, std::string_view keyword, std::string_view value,
                               FlowCounterCondition::Counter counter) {
  auto comma = value.find(',');
  auto side = counter_side(trim(value.substr(0, comma)));
  if (comma == std::string_view::npos || !side)
    return invalid_value(keyword, fmt::format("'{}' is not toserver|toclient|either,NUMBER", value));
  return add_counter(b, keyword, counter, *side, value.substr(comma + 1));
}

RuleResult<void> parse_flow_pkts(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  return parse_counter(b, keyword, value, FlowCounterCondition::Counter::Packets);
}

RuleResult<void> parse_flow_bytes(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  return parse_counter(b, keyword, value, FlowCounterCondition::Counter::Bytes);
}

template <FlowCounterCondition::Counter counter, FlowCounterCondition::Side side>
RuleResult<void> parse_one_side(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  return add_counter(b, keyword, counter, side, value);
}

}  // namespace

void register_flow_counter_keywords(KeywordRegistry& registry) {
  using C = FlowCounterCondition::Counter;
  using S = FlowCounterCondition::Side;
  registry.add({"flow.pkts", ValueUse::Required, parse_flow_pkts});
  registry.add({"flow.bytes", ValueUse::Required, parse_flow_bytes});
  registry.add({"flow.pkts_toserver", ValueUse::Required, parse_one_side<C::Packets, S::ToServer>});
  registry.add({"flow.pkts_toclient", ValueUse::Required, parse_one_side<C::Packets, S::ToClient>});
  registry.add({"flow.bytes_toserver", ValueUse::Required, parse_one_side<C::Bytes, S::ToServer>});
  registry.add({"flow.bytes_toclient", ValueUse::Required, parse_one_side<C::Bytes, S::ToClient>});
  registry.add({"flow.age", ValueUse::Required, parse_one_side<C::AgeSeconds, S::Either>});
}

}  // namespace rampart::detect
