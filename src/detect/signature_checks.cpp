#include "detect/signature_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "detect/protocols.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> check_protocol(const Signature& sig) {
  const auto& protocol = sig.header.protocol;
  bool carries_app_layer = protocol == "ip" || protocol.starts_with("tcp") || protocol.starts_with("udp") || is_app_protocol(protocol);
  if (!sig.app_protocol.empty() && !carries_app_layer)
    return rule_error("conflicting protocols", fmt::format("a {} rule cannot inspect {} buffers", protocol, sig.app_protocol));
  return {};
}

RuleResult<void> check_directions(const Signature& sig) {
  auto flow = sig.flow.direction;
  if (flow == FlowDirection::Any) return {};
  for (const auto& inspection : sig.inspections) {
    if (inspection.direction != FlowDirection::Any && inspection.direction != flow)
      return rule_error("conflicting directions",
                        fmt::format("buffer {} is only seen {} but the rule is {}", inspection.buffer,
                                    inspection.direction == FlowDirection::ToServer ? "to_server" : "to_client",
                                    flow == FlowDirection::ToServer ? "to_server" : "to_client"));
  }
  return {};
}

void drop_empty_inspections(Signature& sig) {
  std::erase_if(sig.inspections, [](const BufferInspection& i) {
    return i.matches.empty() && i.sizes.empty() && i.entropies.empty() && i.transforms.empty() && i.buffer == "pkt_data";
  });
}

// The explicit fast_pattern, else the longest positive content (the first one on ties).
std::optional<MatchLocation> choose_fast_pattern(const Signature& sig) {
  std::optional<MatchLocation> best;
  size_t best_length = 0;
  for (size_t b = 0; b < sig.inspections.size(); ++b) {
    const auto& matches = sig.inspections[b].matches;
    for (size_t m = 0; m < matches.size(); ++m) {
      const auto* content = std::get_if<ContentMatch>(&matches[m]);
      if (content == nullptr) continue;
      if (content->fast_pattern) return MatchLocation{b, m};
      if (!content->negated && content->pattern.size() > best_length) {
        best = MatchLocation{b, m};
        best_length = content->pattern.size();
      }
    }
  }
  return best;
}

}  // namespace

RuleResult<void> finish_signature(Signature& signature) {
  if (signature.meta.sid == 0) return rule_error("missing sid", "the rule has no sid");
  if (auto r = check_protocol(signature); !r) return r;
  if (auto r = check_directions(signature); !r) return r;
  drop_empty_inspections(signature);
  signature.fast_pattern = choose_fast_pattern(signature);
  return {};
}

}  // namespace rampart::detect
