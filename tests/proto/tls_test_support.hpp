#pragma once
// Shared by the TLS and SSH tests: the generated inputs of
// tests/tools/make_tls_pcaps.py with their expected values, and a sink that
// keeps each record rendered to JSON and each anomaly by name.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "common/json_writer.hpp"
#include "proto/app_parser.hpp"
#include "proto/protocol.hpp"

namespace rampart::tls_test {

using Bytes = std::vector<uint8_t>;

inline Bytes read_data(const std::string& name) {
  std::ifstream in(std::string(RAMPART_TEST_DATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// tls_expected.txt: one key=value a line.
inline const std::map<std::string, std::string>& expected() {
  static const std::map<std::string, std::string> values = [] {
    std::map<std::string, std::string> out;
    std::ifstream in(std::string(RAMPART_TEST_DATA) + "/tls_expected.txt");
    for (std::string line; std::getline(in, line);)
      if (auto eq = line.find('='); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    return out;
  }();
  return values;
}

inline std::string expect_value(const std::string& key) {
  auto it = expected().find(key);
  EXPECT_NE(it, expected().end()) << key;
  return it == expected().end() ? std::string() : it->second;
}

// An anomaly of a transaction, with the transaction's record as it was then.
struct TransactionEvent {
  std::string event;
  uint64_t tx_id = 0;
  nlohmann::json record;
};

inline nlohmann::json record_of(const proto::EveFields& fields) {
  std::string text;
  JsonWriter w(text);
  w.begin_object();
  fields.write(w);
  w.end_object();
  return nlohmann::json::parse(text);
}

class RecordingSink final : public proto::EventSink {
 public:
  void transaction(std::string_view event_type, uint64_t tx_id, proto::LogDirection,
                   const proto::EveFields& fields) override {
    types.emplace_back(event_type);
    tx_ids.push_back(tx_id);
    records.push_back(record_of(fields));
  }
  void anomaly(std::string_view event) override { anomalies.emplace_back(event); }
  void transaction_anomaly(std::string_view event, uint64_t tx_id, const proto::EveFields& tx) override {
    anomalies.emplace_back(event);
    transaction_events.push_back({std::string(event), tx_id, record_of(tx)});
  }
  void file(uint64_t, const proto::EveFields& fields) override { files.push_back(record_of(fields)); }

  std::vector<std::string> types;
  std::vector<uint64_t> tx_ids;
  std::vector<nlohmann::json> records;
  std::vector<nlohmann::json> files;  // fileinfo records
  std::vector<std::string> anomalies;  // all of them, the transactions' included
  std::vector<TransactionEvent> transaction_events;
};

inline std::span<const uint8_t> part(const Bytes& bytes, size_t from, size_t to) {
  return std::span<const uint8_t>(bytes).subspan(from, to - from);
}

// Feeds two sides of a session to a new parser, the side that speaks first
// first, each in two pieces cut at `cut` (clamped); finish() at the end if asked.
inline RecordingSink run_split(const proto::Protocol& protocol, proto::Direction first_dir, const Bytes& first,
                               const Bytes& second, size_t cut, bool finish) {
  RecordingSink sink;
  auto parser = protocol.make_parser(true);
  auto second_dir = first_dir == proto::Direction::ToServer ? proto::Direction::ToClient : proto::Direction::ToServer;
  for (auto [dir, bytes] : {std::pair{first_dir, &first}, std::pair{second_dir, &second}}) {
    size_t at = std::min(cut, bytes->size());
    if (at > 0) parser->parse(dir, part(*bytes, 0, at), sink);
    if (at < bytes->size()) parser->parse(dir, part(*bytes, at, bytes->size()), sink);
  }
  if (finish) parser->finish(sink);
  return sink;
}

}  // namespace rampart::tls_test
