#pragma once
// A rule's dataset conditions, compiled against the shared sets, and their check on
// the content of the sticky buffer each follows (after its transforms), as Suricata:
// isset holds when the value is in the set, isnotset when it is not, set adds the
// value and holds when it was not there yet, unset removes it and holds when it was.
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detect/dataset_store.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

struct CompiledDataset {
  enum class Op : uint8_t { Set, IsSet, IsNotSet, Unset };
  Op op = Op::IsSet;
  std::shared_ptr<Dataset> set;
  size_t inspection = 0;
};

// The name prefix of the sets filemd5 / filesha1 / filesha256 load from their list
// files (one set per list file, its resolved path after the prefix).
inline constexpr std::string_view kFileHashListPrefix = "file hash list ";

// Opens the signature's sets in registry; an error (unknown type, unreadable load file,
// a name already used with another type) makes the rule inactive.
std::expected<std::vector<CompiledDataset>, std::string> compile_datasets(const Signature& sig,
                                                                          DatasetRegistry& registry);

// Whether the conditions of `inspection` hold for its buffer content.
bool dataset_conditions_hold(std::span<const CompiledDataset> datasets, size_t inspection,
                             std::span<const uint8_t> content);

// Makes the relative paths of sig's datasets absolute: a file the rule only reads
// (load) is beside the rule file; a file it writes (save, state) is in data_dir, as
// Suricata keeps them in its --data-dir, or beside the rule file without one. A
// file hash list's set is named after its resolved path.
void resolve_dataset_paths(Signature& sig, const std::string& rule_file, const std::string& data_dir = "");

}  // namespace rampart::detect
