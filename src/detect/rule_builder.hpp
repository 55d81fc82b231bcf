#pragma once
// The state of one rule while its options are parsed in order: the signature being
// built, the sticky buffer subsequent matches go to, and the last content match that
// modifiers (nocase, depth, http_uri ...) apply to.
#include <optional>
#include <string_view>

#include "detect/buffer_registry.hpp"
#include "detect/rule_context.hpp"
#include "detect/rule_error.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

class RuleBuilder {
 public:
  explicit RuleBuilder(const RuleContext& context) : context_(context) {}

  const RuleContext& context() const { return context_; }
  Signature& signature() { return signature_; }
  Signature take_signature() { return std::move(signature_); }

  // Makes buffer the target of the matches that follow (a sticky buffer keyword).
  // side: the direction a "=>" rule named for a buffer both directions have.
  RuleResult<void> select_buffer(const BufferSpec& buffer, std::optional<FlowDirection> side = std::nullopt);
  // Adds a match to the selected buffer (pkt_data when none was selected).
  MatchLocation add_match(PayloadMatch match);
  // Adds a match that is relative to the previous one. Without a sticky buffer it goes
  // into the buffer of the previous match, which a Snort-style modifier (http_uri ...)
  // may have moved out of pkt_data.
  MatchLocation add_relative_match(PayloadMatch match);
  // The buffer a relative match without a buffer of its own belongs to.
  size_t relative_inspection_index();
  // Adds a match to another buffer without selecting it (pcre's /U, /H ... flags).
  MatchLocation add_match_to(size_t inspection, PayloadMatch match);
  // Adds a pcre match of expression (no flags) to buffer without selecting it: a
  // value keyword compiled to a regex over a pseudo-buffer (ssl_version, ssl_state).
  RuleResult<void> add_regex_match_to(const BufferSpec& buffer, std::string expression, bool negated = false);
  bool has_selected_buffer() const { return buffer_selected_; }
  PayloadMatch& match_at(MatchLocation at) { return signature_.inspections[at.buffer].matches[at.match]; }
  BufferInspection& current_inspection() { return signature_.inspections[current_inspection_index()]; }
  // The index of the selected buffer's inspection; selects pkt_data when none was.
  size_t current_inspection_index();
  // Starts a second inspection of the selected buffer, with its transforms so far,
  // for a transform that follows matches (Suricata 8: the matches after it see the
  // transformed buffer, the ones before it the buffer as it was).
  BufferInspection& split_current_inspection();
  // The side `value` names ("to_client" or "to_server") for `buffer`, which only a
  // "=>" rule may name, and only for a buffer both directions have.
  RuleResult<FlowDirection> transaction_side(std::string_view keyword, const BufferSpec& buffer, std::string_view value) const;
  // The inspection for buffer, created if the rule has none yet.
  RuleResult<size_t> inspection_for(const BufferSpec& buffer, std::optional<FlowDirection> side = std::nullopt);

  // The last content match, for content modifiers; an error naming keyword when none.
  RuleResult<ContentMatch*> last_content(std::string_view keyword);
  // Moves the last content into another buffer (Snort's http_uri, http_header ...).
  RuleResult<void> move_last_content(const BufferSpec& buffer, std::string_view modifier);

  // Names defined by byte_extract / byte_math so later keywords can use them as values.
  void define_variable(std::string name) { variables_.push_back(std::move(name)); }
  bool has_variable(std::string_view name) const;

  // When a rule's `requires` is not met, parsing stops and the rule is skipped with this reason.
  void set_unmet_requirement(std::string reason) { unmet_requirement_ = std::move(reason); }
  const std::optional<std::string>& unmet_requirement() const { return unmet_requirement_; }

 private:
  const RuleContext& context_;
  Signature signature_;
  std::optional<size_t> current_buffer_;
  bool buffer_selected_ = false;
  std::optional<MatchLocation> last_content_;
  std::optional<MatchLocation> last_match_;
  std::vector<std::string> variables_;
  std::optional<std::string> unmet_requirement_;
};

// Parses a position value: a signed number in [min, max] or a byte_extract variable name.
RuleResult<PositionValue> parse_position(RuleBuilder& builder, std::string_view keyword, std::string_view text,
                                         int64_t min, int64_t max);

}  // namespace rampart::detect
