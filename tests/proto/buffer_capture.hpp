#pragma once
// Shared by the *_buffers tests: a sink that reads the rule buffers of every
// logged transaction while its fields are alive, each buffer as the list of
// its values (index 0, 1, ... until the first std::nullopt).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "proto/app_parser.hpp"

namespace rampart::buffer_test {

using Values = std::vector<std::string>;
using Buffers = std::map<std::string, Values, std::less<>>;

// More values than any test transaction has: reaching it means indexing never ends.
inline constexpr size_t kMaxValues = 64;

// The values of one buffer; every view is copied before the next call.
inline Values values_of(const proto::EveFields& fields, std::string_view name) {
  Values values;
  for (size_t i = 0; i < kMaxValues; ++i) {
    auto value = fields.buffer(name, i);
    if (!value) return values;
    values.emplace_back(reinterpret_cast<const char*>(value->data()), value->size());
  }
  ADD_FAILURE() << name << " has no end";
  return values;
}

class BufferSink final : public proto::EventSink {
 public:
  explicit BufferSink(std::vector<std::string> names) : names_(std::move(names)) {}

  void transaction(std::string_view event_type, uint64_t, proto::LogDirection, const proto::EveFields& fields) override {
    types.emplace_back(event_type);
    Buffers& buffers = transactions.emplace_back();
    for (const std::string& name : names_) buffers[name] = values_of(fields, name);
    EXPECT_FALSE(fields.buffer("no.such.buffer", 0)) << "unknown names have no value";
  }
  void anomaly(std::string_view event) override { anomalies.emplace_back(event); }

  std::vector<std::string> types;
  std::vector<Buffers> transactions;
  std::vector<std::string> anomalies;

 private:
  std::vector<std::string> names_;
};

}  // namespace rampart::buffer_test
