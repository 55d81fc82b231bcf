#include "detect/dataset_store.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>

#include "detect/inspect_base64.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

// What an entry costs beyond its bytes: the node, its hash and the bucket pointer.
constexpr uint64_t kEntryOverhead = 64;

std::optional<std::string> parse_hex(std::string_view text, size_t bytes) {
  if (text.size() != bytes * 2) return std::nullopt;
  std::string out(bytes, '\0');
  for (size_t i = 0; i < bytes; ++i) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, value, 16);
    if (ec != std::errc() || end != text.data() + 2 * i + 2) return std::nullopt;
    out[i] = static_cast<char>(value);
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

std::string to_base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  std::string out(text.size(), '\0');
  auto n = decode_base64({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, Base64Mode::Strict,
                         reinterpret_cast<uint8_t*>(out.data()));
  if (!n) return std::nullopt;
  out.resize(*n);
  return out;
}

// 16 bytes of an IPv6 address, IPv4 as ::ffff:a.b.c.d (Suricata's ip sets hold both).
std::string v4_mapped(std::span<const uint8_t> v4) {
  std::string out(16, '\0');
  out[10] = out[11] = static_cast<char>(0xff);
  std::copy(v4.begin(), v4.end(), out.begin() + 12);
  return out;
}

std::optional<std::string> parse_address(std::string_view text, bool v6_allowed) {
  std::string z(text);
  std::array<uint8_t, 16> raw{};
  if (inet_pton(AF_INET, z.c_str(), raw.data()) == 1)
    return v6_allowed ? v4_mapped(std::span(raw).first(4)) : std::string(reinterpret_cast<const char*>(raw.data()), 4);
  if (v6_allowed && inet_pton(AF_INET6, z.c_str(), raw.data()) == 1)
    return std::string(reinterpret_cast<const char*>(raw.data()), 16);
  return std::nullopt;
}

std::string format_address(std::string_view key) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  bool mapped = key.size() == 16 && key.substr(0, 12) == std::string_view("\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
  if (key.size() == 4 || mapped) inet_ntop(AF_INET, key.data() + (mapped ? 12 : 0), text.data(), text.size());
  else inet_ntop(AF_INET6, key.data(), text.data(), text.size());
  return text.data();
}

}  // namespace

std::optional<DatasetType> dataset_type_of(std::string_view name) {
  if (name == "string") return DatasetType::String;
  if (name == "md5") return DatasetType::Md5;
  if (name == "sha1") return DatasetType::Sha1;
  if (name == "sha256") return DatasetType::Sha256;
  if (name == "ipv4") return DatasetType::Ipv4;
  if (name == "ip" || name == "ipv6") return DatasetType::Ip;
  return std::nullopt;
}

std::string_view dataset_type_name(DatasetType type) {
  switch (type) {
    case DatasetType::String: return "string";
    case DatasetType::Md5: return "md5";
    case DatasetType::Sha1: return "sha1";
    case DatasetType::Sha256: return "sha256";
    case DatasetType::Ipv4: return "ipv4";
    case DatasetType::Ip: return "ip";
  }
  return "string";
}

Dataset::Dataset(std::string name, DatasetType type, uint64_t memcap)
    : name_(std::move(name)), type_(type), memcap_(memcap == 0 ? kDefaultMemcap : memcap) {}

std::optional<std::string> Dataset::key_of(std::span<const uint8_t> buffer) const {
  std::string bytes(reinterpret_cast<const char*>(buffer.data()), buffer.size());
  switch (type_) {
    case DatasetType::String: return bytes;
    case DatasetType::Md5: return buffer.size() == 16 ? std::optional(bytes) : std::nullopt;
    case DatasetType::Sha1: return buffer.size() == 20 ? std::optional(bytes) : std::nullopt;
    case DatasetType::Sha256: return buffer.size() == 32 ? std::optional(bytes) : std::nullopt;
    case DatasetType::Ipv4: return buffer.size() == 4 ? std::optional(bytes) : std::nullopt;
    case DatasetType::Ip:
      if (buffer.size() == 4) return v4_mapped(buffer);
      return buffer.size() == 16 ? std::optional(bytes) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> Dataset::parse_line(std::string_view line) const {
  switch (type_) {
    // A string line may carry ",reputation" (datarep files); the value is the first field.
    case DatasetType::String: return from_base64(line.substr(0, line.find(',')));
    case DatasetType::Md5: return parse_hex(line.substr(0, line.find(',')), 16);
    case DatasetType::Sha1: return parse_hex(line.substr(0, line.find(',')), 20);
    case DatasetType::Sha256: return parse_hex(line.substr(0, line.find(',')), 32);
    case DatasetType::Ipv4: return parse_address(line.substr(0, line.find(',')), false);
    case DatasetType::Ip: return parse_address(line.substr(0, line.find(',')), true);
  }
  return std::nullopt;
}

std::string Dataset::format_key(std::string_view key) const {
  switch (type_) {
    case DatasetType::String: return to_base64(key);
    case DatasetType::Md5:
    case DatasetType::Sha1:
    case DatasetType::Sha256: return to_hex(key);
    case DatasetType::Ipv4:
    case DatasetType::Ip: return format_address(key);
  }
  return {};
}

Dataset::Shard& Dataset::shard_of(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

uint64_t Dataset::cost_of(std::string_view key) { return key.size() + kEntryOverhead; }

bool Dataset::contains(std::string_view key) const {
  auto& shard = shard_of(key);
  std::shared_lock lock(shard.lock);
  return shard.keys.find(std::string(key)) != shard.keys.end();
}

Dataset::AddResult Dataset::add(std::string key) {
  auto& shard = shard_of(key);
  uint64_t cost = cost_of(key);
  std::unique_lock lock(shard.lock);
  if (shard.keys.contains(key)) return AddResult::Present;
  // Reserve the memory first, so that concurrent adds to other shards cannot pass the cap together.
  if (memory_.fetch_add(cost) + cost > memcap_) {
    memory_.fetch_sub(cost);
    ++overflows_;
    return AddResult::Overflow;
  }
  shard.keys.insert(std::move(key));
  return AddResult::Added;
}

bool Dataset::remove(std::string_view key) {
  auto& shard = shard_of(key);
  std::unique_lock lock(shard.lock);
  if (shard.keys.erase(std::string(key)) == 0) return false;
  memory_.fetch_sub(cost_of(key));
  return true;
}

DatasetStats Dataset::stats() const {
  DatasetStats s;
  for (auto& shard : shards_) {
    std::shared_lock lock(shard.lock);
    s.entries += shard.keys.size();
  }
  s.memory = memory_.load();
  s.overflows = overflows_.load();
  return s;
}

std::expected<void, std::string> Dataset::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("{}: cannot read dataset file", path));
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    auto text = trim(line);
    // Comments, as file hash lists have them (no value of a set starts with '#').
    if (text.empty() || text.starts_with('#')) continue;
    auto key = parse_line(text);
    if (!key)
      return std::unexpected(fmt::format("{}:{}: not a {} value: '{}'", path, number, dataset_type_name(type_), text));
    if (add(std::move(*key)) == AddResult::Overflow)
      return std::unexpected(fmt::format("{}:{}: dataset {} is over its memcap", path, number, name_));
  }
  return {};
}

std::expected<void, std::string> Dataset::save(const std::string& path) const {
  std::vector<std::string> lines;
  for (auto& shard : shards_) {
    std::shared_lock lock(shard.lock);
    for (const auto& key : shard.keys) lines.push_back(format_key(key));
  }
  std::sort(lines.begin(), lines.end());
  // Written beside and renamed, so a crash never leaves half a state file.
  std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    for (const auto& l : lines) out << l << '\n';
    if (!out.flush()) return std::unexpected(fmt::format("{}: cannot write dataset file", partial));
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return std::unexpected(fmt::format("{}: cannot write dataset file: {}", path, ec.message()));
  return {};
}

DatasetRegistry& DatasetRegistry::process() {
  static DatasetRegistry registry;
  return registry;
}

std::expected<std::shared_ptr<Dataset>, std::string> DatasetRegistry::open(const DatasetOptions& options) {
  std::lock_guard lock(lock_);
  if (auto it = sets_.find(options.name); it != sets_.end()) {
    if (it->second.set->type() != options.type)
      return std::unexpected(fmt::format("dataset {} is of type {}, not {}", options.name,
                                         dataset_type_name(it->second.set->type()), dataset_type_name(options.type)));
    if (it->second.save.empty()) it->second.save = options.save;
    return it->second.set;
  }
  auto set = std::make_shared<Dataset>(options.name, options.type, options.memcap);
  if (!options.load.empty()) {
    std::error_code ec;
    bool state_file = options.load == options.save;
    if (!(state_file && !std::filesystem::exists(options.load, ec)))
      if (auto loaded = set->load(options.load); !loaded) return std::unexpected(loaded.error());
  }
  sets_.emplace(options.name, Entry{set, options.save});
  return set;
}

std::expected<std::shared_ptr<Dataset>, std::string> DatasetRegistry::find(std::string_view name) const {
  std::lock_guard lock(lock_);
  auto it = sets_.find(name);
  if (it == sets_.end()) return std::unexpected(fmt::format("dataset {} has no type and is not declared in the config", name));
  return it->second.set;
}

std::expected<void, std::string> DatasetRegistry::save_all() const {
  std::lock_guard lock(lock_);
  std::expected<void, std::string> result;
  for (const auto& [name, entry] : sets_) {
    if (entry.save.empty()) continue;
    if (auto saved = entry.set->save(entry.save); !saved && result) result = saved;
  }
  return result;
}

std::vector<std::shared_ptr<const Dataset>> DatasetRegistry::sets() const {
  std::lock_guard lock(lock_);
  std::vector<std::shared_ptr<const Dataset>> out;
  for (const auto& [name, entry] : sets_) out.push_back(entry.set);
  return out;
}

std::optional<uint64_t> parse_dataset_size(std::string_view text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string unit = to_lower(trim(std::string_view(end, static_cast<size_t>(text.data() + text.size() - end))));
  uint64_t scale = unit.empty() || unit == "b" ? 1
                   : unit == "kb" || unit == "kib" ? 1ULL << 10
                   : unit == "mb" || unit == "mib" ? 1ULL << 20
                   : unit == "gb" || unit == "gib" ? 1ULL << 30
                                                   : 0;
  if (scale == 0) return std::nullopt;
  return n * scale;
}

}  // namespace rampart::detect
