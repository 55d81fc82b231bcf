#include "detect/rule_set_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <optional>
#include <thread>

#include "detect/classification.hpp"
#include "detect/dataset_store.hpp"
#include "detect/ip_reputation.hpp"
#include "detect/reference.hpp"
#include "detect/variables.hpp"

namespace rampart::detect {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::expected<RuleContext, std::string> context_for(const std::vector<std::string>& rule_files,
                                                    const std::string& config_file) {
  RuleContext context;
  if (rule_files.empty()) return context;
  if (auto path = find_config_beside(rule_files.front(), "classification.config"); !path.empty()) {
    auto table = load_classification_config(path);
    if (!table) return std::unexpected(table.error().detail);
    context.classifications = std::move(*table);
    context.classifications_configured = true;
  }
  if (auto path = find_config_beside(rule_files.front(), "reference.config"); !path.empty()) {
    auto table = load_reference_config(path);
    if (!table) return std::unexpected(table.error().detail);
    context.references = std::move(*table);
  }
  if (!config_file.empty()) {
    if (auto r = load_variables_yaml(config_file, context.variables); !r) return std::unexpected(r.error().detail);
    auto policy = load_dataset_config(config_file, DatasetRegistry::process());
    if (!policy) return std::unexpected(policy.error());
    context.dataset_policy = *policy;
  }
  return context;
}

void append(LoadedRules& out, LoadedRules&& file) {
  std::move(file.signatures.begin(), file.signatures.end(), std::back_inserter(out.signatures));
  std::move(file.failures.begin(), file.failures.end(), std::back_inserter(out.failures));
  std::move(file.skipped.begin(), file.skipped.end(), std::back_inserter(out.skipped));
  out.files_read += file.files_read;
  out.rules_enabled += file.rules_enabled;
  out.rules_disabled += file.rules_disabled;
}

// Parses the rule files on all cores, each into a LoadedRules of its own, and joins
// them in file order, so the result does not depend on the thread count. Returns the
// first file that cannot be read.
std::optional<std::string> load_rule_files(const std::vector<std::string>& files, const RuleContext& context,
                                           LoadedRules& out) {
  std::vector<LoadedRules> per_file(files.size());
  std::vector<char> readable(files.size(), 0);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < files.size(); k = next++) readable[k] = load_rule_file(files[k], context, per_file[k]) ? 1 : 0;
  };
  {
    std::vector<std::jthread> pool;
    size_t threads = std::min<size_t>(std::max(std::thread::hardware_concurrency(), 1u), files.size());
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  for (size_t k = 0; k < files.size(); ++k) {
    if (readable[k] == 0) return files[k];
    append(out, std::move(per_file[k]));
  }
  return std::nullopt;
}

}  // namespace

std::expected<std::vector<std::string>, std::string> expand_rule_paths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      if (!fs::exists(path, ec)) return std::unexpected(fmt::format("{}: no such rule file or directory", path));
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".rules") found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::expected<RuleSetLoad, std::string> load_rule_set(const std::vector<std::string>& rule_files,
                                                      const RuleLoadOptions& options) {
  const auto& config_file = options.config_file;
  const auto& threshold_file = options.threshold_file;
  auto context = context_for(rule_files, config_file);
  if (!context) return std::unexpected(context.error());
  context->data_dir = options.data_dir;
  std::shared_ptr<const IpReputation> reputation;
  if (!config_file.empty()) {
    auto loaded = load_reputation_config(config_file);
    if (!loaded) return std::unexpected(loaded.error());
    reputation = std::move(*loaded);
  }
  RuleSetLoad out;
  auto start = std::chrono::steady_clock::now();
  if (auto unreadable = load_rule_files(rule_files, *context, out.parsed))
    return std::unexpected(fmt::format("{}: cannot read rule file", *unreadable));
  if (!threshold_file.empty()) {
    auto thresholds = load_threshold_config(threshold_file, context->variables);
    if (!thresholds) return std::unexpected(thresholds.error());
    out.thresholds = std::move(*thresholds);
    out.threshold_use = apply_threshold_config(out.thresholds, out.parsed.signatures);
  }
  out.parse_seconds = seconds_since(start);
  start = std::chrono::steady_clock::now();
  std::optional<PatternCache> cache;
  if (!options.mpm_cache_dir.empty()) cache.emplace(options.mpm_cache_dir);
  out.rules = RuleSet::build(std::move(out.parsed.signatures), out.inactive, out.parsed.failures.size(),
                             out.parsed.skipped.size(), std::move(reputation), cache ? &*cache : nullptr);
  if (cache) {
    cache->prune();
    out.cache = cache->stats();
  }
  out.parsed.signatures.clear();
  out.compile_seconds = seconds_since(start);
  return out;
}

}  // namespace rampart::detect
