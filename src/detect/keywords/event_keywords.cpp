// decode-event, stream-event, app-layer-event. Decoder and stream event names are those
// the decoder and the stream engine raise (their .def lists); application events have
// the shape proto.name (or applayer_* for the generic ones) until protocols list theirs.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr auto kDecodeEvents = std::to_array<std::string_view>({
#define RAMPART_DECODE_EVENT(identifier, name) name,
#include "decode/events.def"
#undef RAMPART_DECODE_EVENT
});

constexpr auto kStreamEvents = std::to_array<std::string_view>({
#define RAMPART_STREAM_EVENT(identifier, name) name,
#include "stream/stream_events.def"
#undef RAMPART_STREAM_EVENT
});

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

RuleResult<void> add_decode_event(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto name = trim(value);
  // Suricata accepts the names with or without the "decoder." prefix.
  if (name.starts_with("decoder.")) name.remove_prefix(8);
  if (!listed(kDecodeEvents, name)) return rule_error("unknown decode event", fmt::format("{}: unknown event {}", keyword, name));
  b.signature().events.push_back({std::string(keyword), std::string(name)});
  return {};
}

RuleResult<void> add_stream_event(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto name = trim(value);
  if (name.starts_with("stream.")) name.remove_prefix(7);
  if (!listed(kStreamEvents, name)) return rule_error("unknown stream event", fmt::format("{}: unknown event {}", keyword, name));
  b.signature().events.push_back({std::string(keyword), std::string(name)});
  return {};
}

bool is_event_word(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

RuleResult<void> add_app_layer_event(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto name = trim(value);
  auto dot = name.find('.');
  bool generic = name.starts_with("applayer_") && is_event_word(name);
  bool scoped = dot != std::string_view::npos && is_event_word(name.substr(0, dot)) && is_event_word(name.substr(dot + 1));
  if (!generic && !scoped) return invalid_value(keyword, fmt::format("'{}' is not PROTOCOL.EVENT", name));
  b.signature().events.push_back({std::string(keyword), std::string(name)});
  return {};
}

}  // namespace

void register_event_keywords(KeywordRegistry& registry) {
  registry.add({"decode-event", ValueUse::Required, add_decode_event});
  registry.add({"stream-event", ValueUse::Required, add_stream_event});
  registry.add({"app-layer-event", ValueUse::Required, add_app_layer_event});
}

}  // namespace rampart::detect
