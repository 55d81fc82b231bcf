#include "detect/rule_file_loader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "detect/dataset_match.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr std::string_view kActions[] = {"alert", "pass", "drop", "reject", "rejectsrc", "rejectdst", "rejectboth"};

// "# alert tcp ... (...)" is a disabled rule; other comments are prose.
bool is_commented_rule(std::string_view line) {
  line = trim(line.substr(1));
  for (auto action : kActions)
    if (line.starts_with(action) && line.size() > action.size() && (line[action.size()] == ' ' || line[action.size()] == '\t'))
      return line.find('(') != std::string_view::npos && line.back() == ')';
  return false;
}

// The sid as written, for reporting rules that do not parse.
uint32_t scan_sid(std::string_view rule) {
  for (size_t at = rule.find("sid"); at != std::string_view::npos; at = rule.find("sid", at + 3)) {
    if (at > 0 && rule[at - 1] != ' ' && rule[at - 1] != ';' && rule[at - 1] != '(') continue;
    auto rest = trim(rule.substr(at + 3));
    if (!rest.starts_with(':')) continue;
    rest = trim(rest.substr(1));
    auto end = rest.find_first_not_of("0123456789");
    if (auto sid = parse_unsigned(rest.substr(0, end), UINT32_MAX)) return static_cast<uint32_t>(*sid);
  }
  return 0;
}

void load_rule(std::string_view rule, const std::string& name, size_t line, const RuleContext& context, LoadedRules& rules) {
  ++rules.rules_enabled;
  auto parsed = parse_rule(rule, context);
  if (!parsed) {
    RuleError error = std::move(parsed.error());
    error.file = name;
    error.line = line;
    rules.failures.push_back({std::move(error), scan_sid(rule)});
  } else if (auto* skipped = std::get_if<SkippedRule>(&*parsed)) {
    rules.skipped.push_back({name, line, std::move(*skipped)});
  } else {
    auto& sig = rules.signatures.emplace_back(std::get<Signature>(std::move(*parsed)));
    resolve_dataset_paths(sig, name, context.data_dir);
  }
}

}  // namespace

void load_rule_text(std::string_view text, const std::string& name, const RuleContext& context, LoadedRules& rules) {
  std::string pending;
  size_t pending_line = 0;
  size_t line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (pending.empty()) pending_line = line_number;
    if (!line.empty() && line.back() == '\\') {
      pending.append(line.substr(0, line.size() - 1));
      continue;
    }
    pending.append(line);
    auto rule = trim(pending);
    if (!rule.empty() && rule.front() == '#') {
      if (is_commented_rule(rule)) ++rules.rules_disabled;
    } else if (!rule.empty()) {
      load_rule(rule, name, pending_line, context, rules);
    }
    pending.clear();
  }
}

bool load_rule_file(const std::string& path, const RuleContext& context, LoadedRules& rules) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    rules.unreadable_files.push_back(path);
    return false;
  }
  std::ostringstream content;
  content << in.rdbuf();
  ++rules.files_read;
  load_rule_text(content.str(), path, context, rules);
  return true;
}

std::string find_config_beside(const std::string& rule_file, const char* name) {
  auto folder = std::filesystem::path(rule_file).parent_path();
  for (const auto& candidate : {folder / name, folder.parent_path() / name}) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return {};
}

}  // namespace rampart::detect
