#pragma once
// Test helpers for the HTTP/1 parser: a sink that keeps copies of the logged
// transactions, their EVE text and the anomalies.
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.hpp"
#include "proto/http1/http_connection.hpp"
#include "proto/http1/http_eve.hpp"

namespace rampart::proto::http1::testing {

class RecordingSink final : public EventSink {
 public:
  std::vector<HttpTransaction> txs;
  std::vector<std::string> eve;  // {"http":{...}}
  std::vector<std::string> anomalies;
  std::vector<uint64_t> requests_done;  // side_complete(ToServer) per transaction id, with its uri then
  std::vector<std::string> requests_done_uri;
  bool defer_requests = false;  // defers_side(ToServer): request rules wait for inspect_deferred

  bool defers_side(Direction side) const override { return defer_requests && side == Direction::ToServer; }

  void transaction(std::string_view event_type, uint64_t tx_id, LogDirection, const EveFields& fields) override {
    EXPECT_EQ(event_type, "http");
    const auto& record = dynamic_cast<const HttpEveRecord&>(fields);
    EXPECT_EQ(tx_id, record.transaction().id);
    txs.push_back(record.transaction());
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    fields.write(w);
    w.end_object();
    eve.push_back(text);
  }
  void side_complete(std::string_view event_type, uint64_t tx_id, Direction side, const EveFields& fields) override {
    EXPECT_EQ(event_type, "http");
    EXPECT_EQ(side, Direction::ToServer);
    requests_done.push_back(tx_id);
    requests_done_uri.push_back(dynamic_cast<const HttpEveRecord&>(fields).transaction().request.uri_raw);
  }
  void anomaly(std::string_view event) override { anomalies.emplace_back(event); }

  bool has_anomaly(std::string_view event) const {
    return std::find(anomalies.begin(), anomalies.end(), event) != anomalies.end();
  }
};

inline std::span<const uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline bool to_server(HttpConnection& c, std::string_view s, EventSink& sink) {
  return c.parse(Direction::ToServer, bytes(s), sink);
}

inline bool to_client(HttpConnection& c, std::string_view s, EventSink& sink) {
  return c.parse(Direction::ToClient, bytes(s), sink);
}

// One GET answered by `response`, then the connection closes.
inline RecordingSink answer_get(std::string_view response) {
  HttpConnection c;
  RecordingSink sink;
  EXPECT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  EXPECT_TRUE(to_client(c, response, sink));
  c.finish(sink);
  return sink;
}

}  // namespace rampart::proto::http1::testing
