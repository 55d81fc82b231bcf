#include "detect/host_bits.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace rampart::detect {

namespace {

constexpr uint64_t kUsecPerSecond = 1'000'000;

}  // namespace

size_t HostBitStore::KeyHash::operator()(const Key& k) const {
  const auto& a = k.first.bytes();
  const auto& b = k.second.bytes();
  size_t h = std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(a.data()), a.size()));
  return h ^ (std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(b.data()), b.size())) * 31);
}

HostBitStore& HostBitStore::process() {
  static HostBitStore store;
  return store;
}

HostBitStore::Shard& HostBitStore::shard_of(const Key& key) const { return shards_[KeyHash{}(key) % kShards]; }

bool HostBitStore::is_set(const Key& key, uint32_t bit, uint64_t now_usec) const {
  auto& shard = shard_of(key);
  std::lock_guard lock(shard.lock);
  auto it = shard.bits.find(key);
  if (it == shard.bits.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const Bit& b) { return b.id == bit && b.expires_usec > now_usec; });
}

void HostBitStore::set(const Key& key, uint32_t bit, uint64_t now_usec, uint32_t expire_seconds) {
  auto& shard = shard_of(key);
  std::lock_guard lock(shard.lock);
  if (++shard.sets_since_sweep >= kSweepEvery) sweep(shard, now_usec);
  auto& bits = shard.bits[key];
  uint64_t expires = now_usec + uint64_t{expire_seconds} * kUsecPerSecond;
  for (auto& b : bits)
    if (b.id == bit) {
      b.expires_usec = expires;
      return;
    }
  bits.push_back({bit, expires});
}

void HostBitStore::unset(const Key& key, uint32_t bit) {
  auto& shard = shard_of(key);
  std::lock_guard lock(shard.lock);
  auto it = shard.bits.find(key);
  if (it == shard.bits.end()) return;
  std::erase_if(it->second, [bit](const Bit& b) { return b.id == bit; });
  if (it->second.empty()) shard.bits.erase(it);
}

void HostBitStore::toggle(const Key& key, uint32_t bit, uint64_t now_usec, uint32_t expire_seconds) {
  if (is_set(key, bit, now_usec)) {
    unset(key, bit);
  } else {
    set(key, bit, now_usec, expire_seconds);
  }
}

size_t HostBitStore::keys() const {
  size_t n = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.lock);
    n += shard.bits.size();
  }
  return n;
}

void HostBitStore::sweep(Shard& shard, uint64_t now_usec) {
  shard.sets_since_sweep = 0;
  for (auto it = shard.bits.begin(); it != shard.bits.end();) {
    std::erase_if(it->second, [now_usec](const Bit& b) { return b.expires_usec <= now_usec; });
    it = it->second.empty() ? shard.bits.erase(it) : std::next(it);
  }
}

}  // namespace rampart::detect
