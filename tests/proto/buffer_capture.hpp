#pragma once
// Shared by the *_buffers tests: a sink that reads the rule buffers of every
// logged transaction while its fields are alive, each buffer as the list of
// its values (index 0, 1, ... until the first std::nullopt).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "proto/app_parser.hpp"

namespace rampart::buffer_test {

using Values = std::vector<std::string>;
using Buffers = std::map<std::string, Values, std::less<>>;

// More values than any test transaction has: reaching it means indexing never ends.
inline constexpr size_t kMaxValues = 4096;

// The values of one buffer (seen from `side` when given); every view is copied
// before the next call.
inline Values values_of(const proto::EveFields& fields, std::string_view name,
                        std::optional<proto::Direction> side = std::nullopt) {
  Values values;
  for (size_t i = 0; i < kMaxValues; ++i) {
    auto value = side ? fields.side_buffer(name, i, *side) : fields.buffer(name, i);
    if (!value) return values;
    values.emplace_back(reinterpret_cast<const char*>(value->data()), value->size());
  }
  ADD_FAILURE() << name << " has no end";
  return values;
}

// `bytes` with a few bytes overwritten at random and maybe cut short: input
// the parsers must survive, with every buffer still readable and finite.
inline std::vector<uint8_t> mutated(std::vector<uint8_t> bytes, std::mt19937& rng) {
  if (bytes.empty()) return bytes;
  std::uniform_int_distribution<size_t> position(0, bytes.size() - 1);
  std::uniform_int_distribution<int> value(0, 255), count(1, 4);
  for (int n = count(rng); n > 0; --n) bytes[position(rng)] = static_cast<uint8_t>(value(rng));
  if (value(rng) < 64) bytes.resize(position(rng));
  return bytes;
}

class BufferSink final : public proto::EventSink {
 public:
  explicit BufferSink(std::vector<std::string> names) : names_(std::move(names)) {}

  void transaction(std::string_view event_type, uint64_t, proto::LogDirection, const proto::EveFields& fields) override {
    types.emplace_back(event_type);
    Buffers& buffers = transactions.emplace_back();
    for (const std::string& name : names_) buffers[name] = values_of(fields, name);
    EXPECT_FALSE(fields.buffer("no.such.buffer", 0)) << "unknown names have no value";
    if (!fields.two_sided()) return;
    for (auto side : {proto::Direction::ToServer, proto::Direction::ToClient}) {
      Buffers& seen = sides[static_cast<size_t>(side)].emplace_back();
      for (const std::string& name : names_) seen[name] = values_of(fields, name, side);
    }
  }
  void anomaly(std::string_view event) override { anomalies.emplace_back(event); }

  std::vector<std::string> types;
  std::vector<Buffers> transactions;
  // Of two-sided transactions: the buffers seen from the client's side [0] and the server's [1].
  std::array<std::vector<Buffers>, 2> sides;
  std::vector<std::string> anomalies;

 private:
  std::vector<std::string> names_;
};

}  // namespace rampart::buffer_test
