#include "detect/ip_reputation.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "detect/address_set.hpp"
#include "detect/ip_only_index.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr uint8_t kMaxScore = 127;

template <typename T>
struct Block {
  T first{}, last{};
  uint8_t score = 0;
  size_t order = 0;  // line order, so that a later line for the same block wins
};

Uint128 width(uint32_t first, uint32_t last) { return {0, uint64_t{last} - first}; }
Uint128 width(Uint128 first, Uint128 last) {
  uint64_t low = last.low - first.low;
  uint64_t borrow = last.low < first.low ? 1 : 0;
  return {last.high - first.high - borrow, low};
}

// Paints [first, last] with score over disjoint intervals (keyed by first).
template <typename T>
void paint(std::map<T, std::pair<T, uint8_t>>& map, const Block<T>& b) {
  using Traits = IntervalTraits<T>;
  auto it = map.lower_bound(b.first);
  if (it != map.begin()) {
    auto previous = std::prev(it);
    if (previous->second.first >= b.first) {
      auto old = previous->second;
      previous->second.first = Traits::previous(b.first);
      if (old.first > b.last) map[Traits::next(b.last)] = old;
    }
  }
  for (it = map.lower_bound(b.first); it != map.end() && it->first <= b.last;) {
    if (it->second.first > b.last) {
      auto tail = it->second;
      map.erase(it);
      map[Traits::next(b.last)] = tail;
      break;
    }
    it = map.erase(it);
  }
  map[b.first] = {b.last, b.score};
}

// Wider blocks are painted first, so that nested, more specific ones override them.
template <typename T, typename Table>
void build_table(std::vector<Block<T>> blocks, Table& out) {
  std::stable_sort(blocks.begin(), blocks.end(), [](const Block<T>& a, const Block<T>& b) {
    auto wa = width(a.first, a.last), wb = width(b.first, b.last);
    return wa != wb ? wa > wb : a.order < b.order;
  });
  std::map<T, std::pair<T, uint8_t>> painted;
  for (const auto& b : blocks) paint(painted, b);
  for (const auto& [first, rest] : painted)
    if (rest.second > 0) out.push_back({first, rest.first, rest.second});
}

template <typename Table, typename T>
uint8_t find_score(const Table& table, T value) {
  auto it = std::upper_bound(table.begin(), table.end(), value, [](const T& v, const auto& s) { return v < s.first; });
  if (it == table.begin()) return 0;
  --it;
  return value <= it->last ? it->score : 0;
}

std::expected<std::vector<std::string_view>, std::string> fields_of(std::string_view line, size_t count,
                                                                    const std::string& where) {
  auto fields = split_trimmed(line, ',');
  if (fields.size() < count) return std::unexpected(fmt::format("{}: expected {} comma-separated fields", where, count));
  return fields;
}

std::string resolve(const std::filesystem::path& folder, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (folder / path).lexically_normal().string();
}

}  // namespace

// Reads the files into per-category blocks, then flattens them into tables.
class IpReputationBuilder {
 public:
  std::expected<void, std::string> read_categories(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::unexpected(fmt::format("{}: cannot read reputation categories file", path));
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
      auto text = trim(line);
      if (text.empty() || text.front() == '#') continue;
      auto where = fmt::format("{}:{}", path, number);
      auto fields = fields_of(text, 2, where);
      if (!fields) return std::unexpected(fields.error());
      auto id = parse_unsigned((*fields)[0], IpReputation::kMaxCategories - 1);
      if (!id || (*fields)[1].empty())
        return std::unexpected(fmt::format("{}: expected id (0-{}),shortname,description", where, IpReputation::kMaxCategories - 1));
      out_->categories_[std::string((*fields)[1])] = static_cast<uint8_t>(*id);
      defined_[*id] = true;
    }
    return {};
  }

  std::expected<void, std::string> read_reputation(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::unexpected(fmt::format("{}: cannot read reputation file", path));
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
      auto text = trim(line);
      if (text.empty() || text.front() == '#') continue;
      if (auto added = add_line(text, fmt::format("{}:{}", path, number)); !added) return added;
    }
    return {};
  }

  std::shared_ptr<const IpReputation> finish() {
    for (size_t c = 0; c < IpReputation::kMaxCategories; ++c) {
      build_table(std::move(v4_[c]), out_->v4_[c]);
      build_table(std::move(v6_[c]), out_->v6_[c]);
    }
    return std::move(out_);
  }

 private:
  std::expected<void, std::string> add_line(std::string_view text, const std::string& where) {
    auto fields = fields_of(text, 3, where);
    if (!fields) return std::unexpected(fields.error());
    auto address = (*fields)[0];
    auto category = parse_unsigned((*fields)[1], IpReputation::kMaxCategories - 1);
    auto score = parse_unsigned((*fields)[2], kMaxScore);
    if (!category || !defined_[*category]) return std::unexpected(fmt::format("{}: category '{}' is not defined", where, (*fields)[1]));
    if (!score) return std::unexpected(fmt::format("{}: score '{}' is not 0-{}", where, (*fields)[2], kMaxScore));
    bool plain = address.find_first_of("$![], ") == std::string_view::npos && address != "any";
    auto set = parse_address_set(address, RuleVariables{});
    if (!plain || !set) return std::unexpected(fmt::format("{}: '{}' is not an address or CIDR block", where, address));
    auto s = static_cast<uint8_t>(*score);
    for (const auto& i : set->v4.intervals()) v4_[*category].push_back({i.first, i.last, s, order_++});
    for (const auto& i : set->v6.intervals()) v6_[*category].push_back({i.first, i.last, s, order_++});
    return {};
  }

  std::shared_ptr<IpReputation> out_ = std::make_shared<IpReputation>();
  std::array<bool, IpReputation::kMaxCategories> defined_{};
  std::array<std::vector<Block<uint32_t>>, IpReputation::kMaxCategories> v4_;
  std::array<std::vector<Block<Uint128>>, IpReputation::kMaxCategories> v6_;
  size_t order_ = 0;
};

std::expected<std::shared_ptr<const IpReputation>, std::string> IpReputation::load(
    const std::string& categories_file, const std::vector<std::string>& reputation_files, const std::string& base_dir) {
  IpReputationBuilder builder;
  if (auto r = builder.read_categories(categories_file); !r) return std::unexpected(r.error());
  for (const auto& file : reputation_files)
    if (auto r = builder.read_reputation(resolve(base_dir, file)); !r) return std::unexpected(r.error());
  return builder.finish();
}

std::optional<uint8_t> IpReputation::category(std::string_view short_name) const {
  auto it = categories_.find(short_name);
  if (it == categories_.end()) return std::nullopt;
  return it->second;
}

uint8_t IpReputation::score(const IpAddress& address, uint8_t category) const {
  if (category >= kMaxCategories) return 0;
  if (address.is_v4()) return find_score(v4_[category], ipv4_value(address));
  if (address.is_v6()) return find_score(v6_[category], ipv6_value(address));
  return 0;
}

std::expected<std::vector<CompiledIpReputation>, std::string> compile_ip_reputation(const Signature& sig,
                                                                                     const IpReputation* reputation) {
  std::vector<CompiledIpReputation> out;
  for (const auto& c : sig.ip_reputations) {
    if (reputation == nullptr) return std::unexpected("iprep needs reputation-categories-file in the config");
    auto category = reputation->category(c.category);
    if (!category) return std::unexpected(fmt::format("iprep category {} is not in the categories file", c.category));
    using Side = CompiledIpReputation::Side;
    Side side = c.side == "src" ? Side::Source : c.side == "dst" ? Side::Destination : c.side == "both" ? Side::Both : Side::Any;
    out.push_back({side, *category, c.condition, reputation});
  }
  return out;
}

bool ip_reputation_holds(std::span<const CompiledIpReputation> conditions, const IpAddress& src, const IpAddress& dst) {
  return std::all_of(conditions.begin(), conditions.end(), [&](const CompiledIpReputation& c) {
    auto matches = [&](const IpAddress& a) {
      uint8_t score = c.reputation->score(a, c.category);
      return score > 0 && c.condition.matches(score);
    };
    using Side = CompiledIpReputation::Side;
    switch (c.side) {
      case Side::Source: return matches(src);
      case Side::Destination: return matches(dst);
      case Side::Both: return matches(src) && matches(dst);
      case Side::Any: return matches(src) || matches(dst);
    }
    return false;
  });
}

std::expected<std::shared_ptr<const IpReputation>, std::string> load_reputation_config(const std::string& config_file) {
  try {
    YAML::Node root = YAML::LoadFile(config_file);
    if (!root["reputation-categories-file"]) return nullptr;
    auto folder = std::filesystem::path(config_file).parent_path();
    auto categories = resolve(folder, root["reputation-categories-file"].as<std::string>());
    std::string base = folder.string();
    if (root["default-reputation-path"]) base = resolve(folder, root["default-reputation-path"].as<std::string>());
    std::vector<std::string> files;
    if (const auto& list = root["reputation-files"]) {
      if (!list.IsSequence()) return std::unexpected(fmt::format("{}: reputation-files: expected a list of files", config_file));
      for (const auto& f : list) files.push_back(f.as<std::string>());
    }
    return IpReputation::load(categories, files, base);
  } catch (const YAML::Exception& e) {
    return std::unexpected(fmt::format("{}: {}", config_file, e.what()));
  }
}

}  // namespace rampart::detect
