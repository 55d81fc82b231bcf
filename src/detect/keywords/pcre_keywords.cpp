// pcre: "/regex/flags" with Suricata's flags. The regex flags map to PCRE2 options;
// the buffer flags (U, H, P ...) put the match into an HTTP buffer. Each regex is
// compiled with PCRE2 (JIT when the platform has it) so errors surface at load time.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <fmt/format.h>
#include <pcre2.h>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

struct PcreFlag {
  char letter;
  uint32_t option;          // PCRE2 compile option, or 0
  std::string_view buffer;  // sticky buffer the flag selects, or empty
};

constexpr PcreFlag kFlags[] = {
    {'i', PCRE2_CASELESS, ""},     {'s', PCRE2_DOTALL, ""},          {'m', PCRE2_MULTILINE, ""},
    {'x', PCRE2_EXTENDED, ""},     {'A', PCRE2_ANCHORED, ""},        {'E', PCRE2_DOLLAR_ENDONLY, ""},
    {'G', PCRE2_UNGREEDY, ""},     {'R', 0, ""},                     {'O', 0, ""},
    {'B', 0, ""},                  {'U', 0, "http.uri"},             {'I', 0, "http.uri.raw"},
    {'P', 0, "http.request_body"}, {'Q', 0, "file.data"},   {'H', 0, "http.header"},
    {'D', 0, "http.header.raw"},   {'M', 0, "http.method"},          {'C', 0, "http.cookie"},
    {'S', 0, "http.stat_code"},    {'Y', 0, "http.stat_msg"},        {'V', 0, "http.user_agent"},
    {'W', 0, "http.host"},         {'Z', 0, "http.host.raw"},
};

const PcreFlag* find_flag(char letter) {
  for (const auto& flag : kFlags)
    if (flag.letter == letter) return &flag;
  return nullptr;
}

struct PcreFlags {
  uint32_t options = 0;
  bool relative = false;
  std::string_view buffer;
};

RuleResult<PcreFlags> parse_flags(std::string_view keyword, std::string_view letters) {
  PcreFlags flags;
  for (char letter : letters) {
    const PcreFlag* flag = find_flag(letter);
    if (flag == nullptr) return invalid_value(keyword, fmt::format("unknown pcre modifier '{}'", letter));
    flags.options |= flag->option;
    if (letter == 'R') flags.relative = true;
    if (flag->buffer.empty()) continue;
    if (!flags.buffer.empty() && flags.buffer != flag->buffer)
      return invalid_value(keyword, fmt::format("pcre modifiers select two buffers ({} and {})", flags.buffer, flag->buffer));
    flags.buffer = flag->buffer;
  }
  return flags;
}

RuleResult<size_t> target_inspection(RuleBuilder& b, std::string_view keyword, std::string_view buffer) {
  if (b.has_selected_buffer() && b.current_inspection().buffer != buffer)
    return rule_error("conflicting modifiers", fmt::format("{}: modifier for {} used in sticky buffer {}", keyword, buffer,
                                                           b.current_inspection().buffer));
  return b.inspection_for(*BufferRegistry::builtin().find(buffer));
}

bool has_previous_match(RuleBuilder& b, size_t inspection) {
  return !b.signature().inspections[inspection].matches.empty();
}

RuleResult<void> add_pcre(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  PcreMatch pcre;
  value = trim(value);
  if (!value.empty() && value.front() == '!') {
    pcre.negated = true;
    value = trim(value.substr(1));
  }
  if (is_quoted(value)) value = value.substr(1, value.size() - 2);
  auto close = value.rfind('/');
  if (value.size() < 2 || value.front() != '/' || close == 0)
    return invalid_value(keyword, fmt::format("'{}' is not \"/regex/flags\"", value));
  pcre.expression = std::string(value.substr(1, close - 1));
  pcre.flags = std::string(value.substr(close + 1));
  auto flags = parse_flags(keyword, pcre.flags);
  if (!flags) return std::unexpected(flags.error());
  pcre.relative = flags->relative;
  pcre.nocase = (flags->options & PCRE2_CASELESS) != 0;
  auto regex = CompiledRegex::compile(pcre.expression, flags->options);
  if (!regex) return rule_error("invalid pcre", fmt::format("pcre /{}/ does not compile: {}", pcre.expression, regex.error()));
  pcre.regex = std::move(*regex);
  size_t inspection = 0;
  if (flags->buffer.empty()) {
    inspection = pcre.relative ? b.relative_inspection_index() : b.current_inspection_index();
  } else {
    auto target = target_inspection(b, keyword, flags->buffer);
    if (!target) return std::unexpected(target.error());
    inspection = *target;
  }
  if (pcre.relative && !has_previous_match(b, inspection))
    return rule_error("relative pcre without previous match", "pcre with /R needs a preceding match in the same buffer");
  b.add_match_to(inspection, std::move(pcre));
  return {};
}

}  // namespace

void register_pcre_keywords(KeywordRegistry& registry) { registry.add({"pcre", ValueUse::Required, add_pcre}); }

}  // namespace rampart::detect
