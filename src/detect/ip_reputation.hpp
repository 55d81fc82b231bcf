#pragma once
// IP reputation (Suricata's `iprep` keyword): scores 1..127 per category for
// addresses and CIDR blocks, from a categories file ("id,shortname,description",
// ids 0..60) and reputation files ("ip-or-cidr,category-id,score"). Built once with
// the rule set and read by every worker without locks; a reload builds a new one.
// Where blocks nest, the most specific block listing a category gives its score.
#include <array>
#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "detect/interval_set.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

class IpReputation {
 public:
  static constexpr size_t kMaxCategories = 61;

  // Relative reputation files resolve against base_dir. Errors name file:line.
  static std::expected<std::shared_ptr<const IpReputation>, std::string> load(
      const std::string& categories_file, const std::vector<std::string>& reputation_files, const std::string& base_dir);

  std::optional<uint8_t> category(std::string_view short_name) const;
  // The address's score in a category; 0 when it is not listed there.
  uint8_t score(const IpAddress& address, uint8_t category) const;

 private:
  template <typename T>
  struct Scored {
    T first{}, last{};
    uint8_t score = 0;
  };
  template <typename T>
  using Table = std::vector<Scored<T>>;  // sorted, disjoint

  std::map<std::string, uint8_t, std::less<>> categories_;
  std::array<Table<uint32_t>, kMaxCategories> v4_;
  std::array<Table<Uint128>, kMaxCategories> v6_;

  friend class IpReputationBuilder;
};

// A rule's iprep conditions, compiled against the rule set's reputation data.
struct CompiledIpReputation {
  enum class Side : uint8_t { Source, Destination, Any, Both };
  Side side = Side::Any;
  uint8_t category = 0;
  NumericCondition condition;
  const IpReputation* reputation = nullptr;  // owned by the rule set
};

// Fails (the rule becomes inactive) without reputation data or for an unknown category.
std::expected<std::vector<CompiledIpReputation>, std::string> compile_ip_reputation(const Signature& sig,
                                                                                     const IpReputation* reputation);

// Whether every condition holds for the packet's addresses; an address that is not
// listed in the category never matches, as in Suricata.
bool ip_reputation_holds(std::span<const CompiledIpReputation> conditions, const IpAddress& src, const IpAddress& dst);

// The reputation settings of a YAML config (reputation-categories-file,
// reputation-files, default-reputation-path, relative to the config's directory);
// nullptr when the config names no categories file.
std::expected<std::shared_ptr<const IpReputation>, std::string> load_reputation_config(const std::string& config_file);

}  // namespace rampart::detect
