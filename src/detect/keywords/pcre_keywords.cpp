// pcre: "/regex/flags" with Suricata's flags. The regex flags map to PCRE2 options;
// the buffer flags (U, H, P ...) put the match into an HTTP buffer. Each regex is
// compiled with PCRE2 (JIT when the platform has it) so errors surface at load time.
// Captures (a "flow:NAME, pkt:NAME, alert:NAME" list after the flags, or named groups
// flow_NAME, pkt_NAME, alert_NAME) are kept when the rule matches (rule_matcher).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <fmt/format.h>
#include <pcre2.h>

#include <algorithm>
#include <cctype>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"
#include "detect/variable_names.hpp"

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

// Suricata's DETECT_PCRE_CAPTURE_MAX; the match data holds this many groups.
constexpr size_t kMaxCaptures = 16;

std::optional<CaptureScope> capture_scope(std::string_view type) {
  if (type == "flow") return CaptureScope::Flow;
  if (type == "pkt") return CaptureScope::Packet;
  if (type == "alert") return CaptureScope::Alert;
  return std::nullopt;
}

bool is_capture_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
  });
}

// "flow:NAME, pkt:NAME, alert:NAME" after the flags names the groups 1, 2 ... in order.
RuleResult<void> add_listed_captures(std::string_view keyword, std::string_view list, std::vector<PcreCapture>& out) {
  if (trim(list).empty()) return {};
  auto items = split_trimmed(list, ',');
  for (size_t i = 0; i < items.size(); ++i) {
    auto colon = items[i].find(':');
    auto scope = colon == std::string_view::npos ? std::nullopt : capture_scope(trim(items[i].substr(0, colon)));
    std::string_view name = colon == std::string_view::npos ? std::string_view{} : trim(items[i].substr(colon + 1));
    if (!scope || !is_capture_name(name))
      return invalid_value(keyword, fmt::format("capture '{}' is not flow:NAME, pkt:NAME or alert:NAME", items[i]));
    out.push_back({static_cast<uint32_t>(i + 1), *scope, std::string(name)});
  }
  return {};
}

// Named groups (?P<flow_NAME>...), (?P<pkt_NAME>...), (?P<alert_NAME>...), in group order.
void add_named_captures(const CompiledRegex& regex, std::vector<PcreCapture>& out) {
  auto groups = regex.named_groups();
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  for (const auto& [name, group] : groups) {
    auto underscore = name.find('_');
    if (underscore == std::string::npos || underscore + 1 == name.size()) continue;
    if (auto scope = capture_scope(std::string_view(name).substr(0, underscore)))
      out.push_back({group, *scope, name.substr(underscore + 1)});
  }
}

// pkt:key followed by pkt:value: one pktvar named by the first capture (as Suricata).
void mark_key_value_pairs(std::vector<PcreCapture>& captures) {
  for (size_t i = 0; i + 1 < captures.size(); ++i) {
    auto& key = captures[i];
    auto& value = captures[i + 1];
    if (key.scope == CaptureScope::Packet && key.name == "key" && value.scope == CaptureScope::Packet &&
        value.name == "value") {
      key.scope = CaptureScope::PacketKey;
      value.scope = CaptureScope::PacketValue;
    }
  }
}

RuleResult<void> add_captures(std::string_view keyword, std::string_view list, PcreMatch& pcre) {
  if (auto listed = add_listed_captures(keyword, list, pcre.captures); !listed) return listed;
  add_named_captures(*pcre.regex, pcre.captures);
  mark_key_value_pairs(pcre.captures);
  for (auto& capture : pcre.captures)
    if (capture.scope == CaptureScope::Flow) capture.flow_var = intern_variable_name(capture.name);
  if (pcre.captures.size() > kMaxCaptures)
    return invalid_value(keyword, fmt::format("{} captures, at most {}", pcre.captures.size(), kMaxCaptures));
  const uint32_t groups = pcre.regex->capture_count();
  for (const auto& capture : pcre.captures)
    if (capture.group > groups || capture.group > kMaxCaptures)
      return invalid_value(keyword, fmt::format("capture {} names group {}, the regex has {}", capture.name,
                                                capture.group, groups));
  return {};
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
  std::string_view rest = value.substr(close + 1);
  std::string_view capture_list;
  if (auto comma = rest.find(','); comma != std::string_view::npos) {
    capture_list = rest.substr(comma + 1);
    rest = rest.substr(0, comma);
  }
  pcre.flags = std::string(trim(rest));
  auto flags = parse_flags(keyword, pcre.flags);
  if (!flags) return std::unexpected(flags.error());
  pcre.relative = flags->relative;
  pcre.nocase = (flags->options & PCRE2_CASELESS) != 0;
  auto regex = CompiledRegex::compile(pcre.expression, flags->options);
  if (!regex) return rule_error("invalid pcre", fmt::format("pcre /{}/ does not compile: {}", pcre.expression, regex.error()));
  pcre.regex = std::move(*regex);
  if (auto captures = add_captures(keyword, capture_list, pcre); !captures) return std::unexpected(captures.error());
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
