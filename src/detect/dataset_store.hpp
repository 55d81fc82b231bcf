#pragma once
// Datasets (Suricata's `dataset` keyword and `datasets:` config section): named sets
// of strings, md5/sha256 digests or IP addresses, shared by every worker. Any worker
// may add to a set (`dataset:set`) while others look values up, so a set is split into
// shards, each a hash set under its own reader/writer lock. A set is bounded by a
// memcap: an add that would exceed it is refused and counted as an overflow. Files use
// Suricata's formats (string: base64 per line, digests: hex, IPs: text), are loaded
// when the set is first opened and written by save_all() at shutdown.
// The registry keeps sets by name across rule reloads, as Suricata does.
#include <array>
#include <atomic>
#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace rampart::detect {

enum class DatasetType : uint8_t { String, Md5, Sha1, Sha256, Ipv4, Ip };

// "string", "md5", "sha256", "ipv4", "ip" or "ipv6" (an alias of ip); "sha1" for
// filesha1's lists (the dataset keyword does not offer it, as Suricata's does not).
std::optional<DatasetType> dataset_type_of(std::string_view name);
std::string_view dataset_type_name(DatasetType type);

struct DatasetOptions {
  std::string name;
  DatasetType type = DatasetType::String;
  std::string load;  // read when the set is created; "" none
  std::string save;  // written by save_all(); "" none. state = load and save of one file
  uint64_t memcap = 0;  // 0: kDefaultMemcap
};

struct DatasetStats {
  uint64_t entries = 0;
  uint64_t memory = 0;     // estimated bytes held
  uint64_t overflows = 0;  // adds refused by the memcap
};

class Dataset {
 public:
  static constexpr uint64_t kDefaultMemcap = 16ULL << 20;
  enum class AddResult : uint8_t { Added, Present, Overflow };

  Dataset(std::string name, DatasetType type, uint64_t memcap);

  const std::string& name() const { return name_; }
  DatasetType type() const { return type_; }

  // The key a buffer stands for: the bytes of a string; exactly 16 (md5) or 32
  // (sha256) raw digest bytes; a 4-byte IPv4 or 16-byte IPv6 address. nullopt
  // when the buffer cannot be a member (a digest of the wrong length ...).
  std::optional<std::string> key_of(std::span<const uint8_t> buffer) const;
  // A value as written in a dataset file (base64, hex, address text), as a key.
  std::optional<std::string> parse_line(std::string_view line) const;
  std::string format_key(std::string_view key) const;

  bool contains(std::string_view key) const;
  AddResult add(std::string key);
  bool remove(std::string_view key);
  DatasetStats stats() const;

  // Adds the values of a file; the error names file:line.
  std::expected<void, std::string> load(const std::string& path);
  std::expected<void, std::string> save(const std::string& path) const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::shared_mutex lock;
    std::unordered_set<std::string> keys;
  };
  Shard& shard_of(std::string_view key) const;
  static uint64_t cost_of(std::string_view key);

  std::string name_;
  DatasetType type_;
  uint64_t memcap_;
  mutable std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> memory_{0};
  std::atomic<uint64_t> overflows_{0};
};

class DatasetRegistry {
 public:
  // The sensor's registry: the sets the rules and the config name, for the run.
  static DatasetRegistry& process();

  // The set of that name, created (and its load file read) when new. An existing set
  // of another type is an error; a save file named for the first time is kept.
  // A missing load file is an error unless it is also the save (state) file.
  std::expected<std::shared_ptr<Dataset>, std::string> open(const DatasetOptions& options);
  // An existing set, for a rule that names no type (the config declares the set).
  std::expected<std::shared_ptr<Dataset>, std::string> find(std::string_view name) const;
  // Writes every set that has a save file; the first error is returned, the rest tried.
  std::expected<void, std::string> save_all() const;
  // Every set by name, for statistics.
  std::vector<std::shared_ptr<const Dataset>> sets() const;

 private:
  struct Entry {
    std::shared_ptr<Dataset> set;
    std::string save;
  };
  mutable std::mutex lock_;
  std::map<std::string, Entry, std::less<>> sets_;
};

// `datasets.rules`: which files a rule's dataset may write (Suricata 7.0.3+). Rules
// come from feeds, so by default a save or state file must be a relative path without
// "..": it lands in the data directory, never elsewhere on the sensor.
struct DatasetRulePolicy {
  bool allow_absolute_filenames = false;
  bool allow_write = true;  // false: rules with save or state are refused
};

// The `datasets:` section of a YAML config (name -> type, load, save, state, memcap;
// `defaults:` memcap; `rules:` the policy returned). Relative paths resolve against the
// config file's directory.
std::expected<DatasetRulePolicy, std::string> load_dataset_config(const std::string& config_file,
                                                                  DatasetRegistry& registry);

// Suricata sizes: "4096", "64kb", "10mb", "1gb".
std::optional<uint64_t> parse_dataset_size(std::string_view text);

}  // namespace rampart::detect
