#include "detect/rule_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "detect/compiled_regex.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

RuleResult<size_t> RuleBuilder::inspection_for(const BufferSpec& buffer, std::optional<FlowDirection> side) {
  auto& inspections = signature_.inspections;
  for (size_t i = 0; i < inspections.size(); ++i) {
    const auto& in = inspections[i];
    if (in.buffer == buffer.name && in.side_given == side.has_value() && (!side || in.direction == *side)) return i;
  }
  auto& protocol = signature_.app_protocol;
  if (!app_protocol_compatible(protocol, buffer.app_protocol) && !app_protocol_compatible(buffer.app_protocol, protocol))
    return rule_error("conflicting protocols",
                      fmt::format("buffer {} is {} but the rule is {}", buffer.name, buffer.app_protocol, protocol));
  if (protocol.empty()) protocol = buffer.app_protocol;
  inspections.push_back({buffer.name, buffer.app_protocol, buffer.direction, {}, {}, {}, {}, {}});
  inspections.back().frame = buffer.use == proto::BufferUse::Frame;
  if (side) {
    inspections.back().direction = *side;
    inspections.back().side_given = true;
  }
  return inspections.size() - 1;
}

RuleResult<FlowDirection> RuleBuilder::transaction_side(std::string_view keyword, const BufferSpec& buffer,
                                                        std::string_view value) const {
  if (!signature_.header.transactional)
    return invalid_value(keyword, fmt::format("'{}': only a transactional (=>) rule names a side", value));
  if (buffer.direction != FlowDirection::Any)
    return invalid_value(keyword, fmt::format("'{}': {} has one direction only", value, buffer.name));
  if (value == "to_client") return FlowDirection::ToClient;
  if (value == "to_server") return FlowDirection::ToServer;
  return invalid_value(keyword, fmt::format("'{}' is not to_client or to_server", value));
}

RuleResult<void> RuleBuilder::select_buffer(const BufferSpec& buffer, std::optional<FlowDirection> side) {
  auto index = inspection_for(buffer, side);
  if (!index) return std::unexpected(index.error());
  current_buffer_ = *index;
  buffer_selected_ = buffer.name != "pkt_data";
  const auto& matches = signature_.inspections[*index].matches;
  last_match_.reset();
  if (!matches.empty()) last_match_ = MatchLocation{*index, matches.size() - 1};
  return {};
}

BufferInspection& RuleBuilder::split_current_inspection() {
  BufferInspection copy = signature_.inspections[current_inspection_index()];
  copy.matches.clear();
  copy.sizes.clear();
  signature_.inspections.push_back(std::move(copy));
  current_buffer_ = signature_.inspections.size() - 1;
  last_match_.reset();
  return signature_.inspections.back();
}

size_t RuleBuilder::current_inspection_index() {
  if (!current_buffer_) current_buffer_ = *inspection_for(*BufferRegistry::builtin().find("pkt_data"));
  return *current_buffer_;
}

MatchLocation RuleBuilder::add_match(PayloadMatch match) {
  return add_match_to(current_inspection_index(), std::move(match));
}

size_t RuleBuilder::relative_inspection_index() {
  if (!buffer_selected_ && last_match_) return last_match_->buffer;
  return current_inspection_index();
}

MatchLocation RuleBuilder::add_relative_match(PayloadMatch match) {
  return add_match_to(relative_inspection_index(), std::move(match));
}

RuleResult<void> RuleBuilder::add_regex_match_to(const BufferSpec& buffer, std::string expression, bool negated) {
  PcreMatch match;
  match.negated = negated;
  auto regex = CompiledRegex::compile(expression, 0);
  if (!regex) return rule_error("invalid pcre", regex.error());
  match.regex = std::move(*regex);
  match.expression = std::move(expression);
  auto inspection = inspection_for(buffer);
  if (!inspection) return std::unexpected(inspection.error());
  add_match_to(*inspection, std::move(match));
  return {};
}

MatchLocation RuleBuilder::add_match_to(size_t inspection, PayloadMatch match) {
  auto& matches = signature_.inspections[inspection].matches;
  bool is_content = std::holds_alternative<ContentMatch>(match);
  matches.push_back(std::move(match));
  MatchLocation at{inspection, matches.size() - 1};
  if (is_content) last_content_ = at;
  last_match_ = at;
  return at;
}

RuleResult<ContentMatch*> RuleBuilder::last_content(std::string_view keyword) {
  if (!last_content_)
    return rule_error(fmt::format("{} without content", keyword), fmt::format("{} needs a preceding content", keyword));
  return &std::get<ContentMatch>(match_at(*last_content_));
}

RuleResult<void> RuleBuilder::move_last_content(const BufferSpec& buffer, std::string_view modifier) {
  if (!last_content_)
    return rule_error(fmt::format("{} without content", modifier), fmt::format("{} needs a preceding content", modifier));
  auto from = *last_content_;
  const auto& source = signature_.inspections[from.buffer];
  if (source.buffer != "pkt_data")
    return rule_error("content in two buffers", fmt::format("{} on a content already in {}", modifier, source.buffer));
  auto target = inspection_for(buffer);
  if (!target) return std::unexpected(target.error());
  auto& from_matches = signature_.inspections[from.buffer].matches;
  auto moved = std::move(from_matches[from.match]);
  from_matches.erase(from_matches.begin() + static_cast<std::ptrdiff_t>(from.match));
  auto& to_matches = signature_.inspections[*target].matches;
  to_matches.push_back(std::move(moved));
  last_content_ = MatchLocation{*target, to_matches.size() - 1};
  last_match_ = last_content_;
  return {};
}

bool RuleBuilder::has_variable(std::string_view name) const {
  return std::find(variables_.begin(), variables_.end(), name) != variables_.end();
}

RuleResult<PositionValue> parse_position(RuleBuilder& builder, std::string_view keyword, std::string_view text,
                                         int64_t min, int64_t max) {
  text = trim(text);
  if (auto number = parse_signed(text, min, max)) return PositionValue{*number, {}};
  if (builder.has_variable(text)) return PositionValue{0, std::string(text)};
  return invalid_value(keyword, fmt::format("'{}' is neither a number in [{}, {}] nor a byte_extract variable", text, min, max));
}

}  // namespace rampart::detect
