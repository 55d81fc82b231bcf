#include "detect/dataset_match.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace rampart::detect {

namespace {

std::optional<CompiledDataset::Op> dataset_op(std::string_view command) {
  if (command == "set") return CompiledDataset::Op::Set;
  if (command == "isset") return CompiledDataset::Op::IsSet;
  if (command == "isnotset") return CompiledDataset::Op::IsNotSet;
  if (command == "unset") return CompiledDataset::Op::Unset;
  return std::nullopt;
}

bool holds(const CompiledDataset& d, std::span<const uint8_t> content) {
  auto key = d.set->key_of(content);
  using Op = CompiledDataset::Op;
  if (!key) return d.op == Op::IsNotSet;
  switch (d.op) {
    case Op::IsSet: return d.set->contains(*key);
    case Op::IsNotSet: return !d.set->contains(*key);
    case Op::Set: return d.set->add(std::move(*key)) == Dataset::AddResult::Added;
    case Op::Unset: return d.set->remove(*key);
  }
  return false;
}

std::string beside(const std::filesystem::path& folder, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (folder / path).lexically_normal().string();
}

}  // namespace

std::expected<std::vector<CompiledDataset>, std::string> compile_datasets(const Signature& sig,
                                                                          DatasetRegistry& registry) {
  std::vector<CompiledDataset> out;
  for (const auto& condition : sig.datasets) {
    auto op = dataset_op(condition.command);
    auto type = dataset_type_of(condition.type);
    if (!op || (!type && !condition.type.empty()))
      return std::unexpected(fmt::format("dataset {}: unsupported command or type", condition.name));
    auto set = type ? registry.open({condition.name, *type, condition.load, condition.save, condition.memcap})
                    : registry.find(condition.name);
    if (!set) return std::unexpected(set.error());
    out.push_back({*op, std::move(*set), condition.inspection});
  }
  return out;
}

bool dataset_conditions_hold(std::span<const CompiledDataset> datasets, size_t inspection,
                             std::span<const uint8_t> content) {
  return std::all_of(datasets.begin(), datasets.end(), [&](const CompiledDataset& d) {
    return d.inspection != inspection || holds(d, content);
  });
}

void resolve_dataset_paths(Signature& sig, const std::string& rule_file, const std::string& data_dir) {
  auto folder = std::filesystem::path(rule_file).parent_path();
  auto written = data_dir.empty() ? folder : std::filesystem::path(data_dir);
  for (auto& d : sig.datasets) {
    bool state = !d.save.empty() && d.load == d.save;  // state FILE: read at start, written at the end
    d.save = beside(written, d.save);
    d.load = state ? d.save : beside(folder, d.load);
    if (d.name.starts_with(kFileHashListPrefix)) d.name = std::string(kFileHashListPrefix) + d.load;
  }
}

}  // namespace rampart::detect
