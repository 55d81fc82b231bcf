#include "proto/expectation_table.hpp"

#include <algorithm>

namespace rampart::proto {

namespace {

bool same_key(const Expectation& e, const IpAddress& connector, const IpAddress& listener, uint16_t port) {
  return e.port == port && e.connector == connector && e.listener == listener;
}

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

void DataChannel::set_use(std::string command, std::string argument) {
  std::lock_guard lock(mutex_);
  use_ = {std::move(command), std::move(argument)};
}

DataChannel::Use DataChannel::use() const {
  std::lock_guard lock(mutex_);
  return use_;
}

ExpectationTable::ExpectationTable(ExpectationLimits limits) : limits_(limits) {}

ExpectationTable::Shard& ExpectationTable::shard_of(const IpAddress& connector, const IpAddress& listener,
                                                    uint16_t port) {
  uint64_t h = port;
  for (uint8_t b : connector.bytes()) h = mix(h, b);
  for (uint8_t b : listener.bytes()) h = mix(h, b);
  return shards_[h % kShards];
}

void ExpectationTable::sweep(Shard& shard, uint64_t now_usec) {
  auto expired = std::remove_if(shard.entries.begin(), shard.entries.end(),
                                [&](const Entry& e) { return e.expires_usec <= now_usec; });
  auto count = static_cast<uint64_t>(shard.entries.end() - expired);
  shard.entries.erase(expired, shard.entries.end());
  expired_ += count;
  size_ -= count;
}

void ExpectationTable::sweep_all(uint64_t now_usec) {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    sweep(shard, now_usec);
  }
}

bool ExpectationTable::reserve(uint64_t now_usec) {
  // fetch_add first, so that workers adding at once cannot overshoot the cap.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (size_.fetch_add(1) < limits_.capacity) return true;
    --size_;
    if (attempt == 0) sweep_all(now_usec);
  }
  return false;
}

bool ExpectationTable::add(Expectation e, uint64_t now_usec) {
  bool reserved = reserve(now_usec);
  Shard& shard = shard_of(e.connector, e.listener, e.port);
  std::lock_guard lock(shard.mutex);
  sweep(shard, now_usec);
  auto same = std::find_if(shard.entries.begin(), shard.entries.end(), [&](const Entry& entry) {
    return same_key(entry.expectation, e.connector, e.listener, e.port);
  });
  if (same != shard.entries.end()) {
    // A port announced again: the newer announcement wins and takes no new place.
    *same = {std::move(e), now_usec + limits_.timeout_usec};
    if (reserved) --size_;
    ++added_;
    return true;
  }
  if (!reserved) {
    ++refused_;
    return false;
  }
  shard.entries.push_back({std::move(e), now_usec + limits_.timeout_usec});
  ++added_;
  return true;
}

std::optional<Expectation> ExpectationTable::take(const IpAddress& connector, const IpAddress& listener,
                                                  uint16_t port, uint64_t now_usec) {
  Shard& shard = shard_of(connector, listener, port);
  std::lock_guard lock(shard.mutex);
  sweep(shard, now_usec);
  auto found = std::find_if(shard.entries.begin(), shard.entries.end(),
                            [&](const Entry& e) { return same_key(e.expectation, connector, listener, port); });
  if (found == shard.entries.end()) return std::nullopt;
  Expectation taken = std::move(found->expectation);
  shard.entries.erase(found);
  --size_;
  ++taken_;
  return taken;
}

ExpectationStats ExpectationTable::stats() const {
  return {.added = added_, .taken = taken_, .refused = refused_, .expired = expired_, .active = size_};
}

}  // namespace rampart::proto
