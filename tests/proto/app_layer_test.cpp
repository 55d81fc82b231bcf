// Protocol detection and hand-over to the parser (src/proto/app_layer.cpp), with
// the protocols registered in src/proto/registry.cpp.
#include "proto/app_layer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::proto {
namespace {

class RecordingSink final : public EventSink {
 public:
  void transaction(std::string_view event_type, uint64_t, LogDirection, const EveFields& fields) override {
    std::string json;
    JsonWriter w(json);
    w.begin_object();
    fields.write(w);
    w.end_object();
    records.push_back(std::string(event_type) + " " + json);
  }
  void anomaly(std::string_view event) override { anomalies.emplace_back(event); }
  std::vector<std::string> records, anomalies;
};

std::span<const uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

const std::string kRequest = "GET /a HTTP/1.1\r\nHost: x.test\r\n\r\n";
const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

TEST(AppLayer, DetectsHttpOnANonStandardPortByContent) {
  AppLayer app(true, 12345);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes(kRequest), sink, stats);
  EXPECT_EQ(app.app_proto(), "http");
  app.on_data(Direction::ToClient, bytes(kResponse), sink, stats);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_NE(sink.records[0].find("\"url\":\"/a\""), std::string::npos) << sink.records[0];
}

TEST(AppLayer, WaitsForMoreBytesAndReplaysThemToTheParser) {
  AppLayer app(true, 80);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes(kRequest.substr(0, 2)), sink, stats);
  EXPECT_EQ(app.app_proto(), "");
  app.on_data(Direction::ToServer, bytes(kRequest.substr(2)), sink, stats);
  EXPECT_EQ(app.app_proto(), "http");
  app.on_data(Direction::ToClient, bytes(kResponse), sink, stats);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_NE(sink.records[0].find("\"hostname\":\"x.test\""), std::string::npos) << sink.records[0];
}

TEST(AppLayer, GivesUpOnUnrecognisedTcpDataInBothDirections) {
  AppLayer app(true, 7777);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes(std::string(64, '\x01')), sink, stats);
  EXPECT_EQ(app.app_proto(), "");
  app.on_data(Direction::ToClient, bytes(std::string(64, '\x02')), sink, stats);
  EXPECT_EQ(app.app_proto(), "failed");
  EXPECT_EQ(stats.failed_tcp, 1u);
}

TEST(AppLayer, UnfinishedDetectionOfTcpDataCountsAsFailedAtFlowEnd) {
  AppLayer app(true, 7777);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes("GE"), sink, stats);
  app.finish(sink, stats);
  EXPECT_EQ(app.app_proto(), "failed");
}

TEST(AppLayer, ADisabledProtocolIsNeitherDetectedNorParsed) {
  const auto& protocols = registered_protocols();
  uint64_t all_but_http = ~0ULL;
  for (size_t i = 0; i < protocols.size(); ++i)
    if (protocols[i].name == "http") all_but_http &= ~(1ULL << i);
  AppLayer app(true, 80, all_but_http);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes(kRequest), sink, stats);
  app.on_data(Direction::ToClient, bytes(kResponse), sink, stats);
  EXPECT_EQ(app.app_proto(), "failed");
  EXPECT_TRUE(sink.records.empty());
}

TEST(AppLayer, DnsIsOnlyProbedOnItsPort) {
  // A well-formed query: id 0x1234, RD, one question for a.test IN A.
  static constexpr char kQuery[] = "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x01" "a\x04test\x00\x00\x01\x00\x01";
  const std::string query(kQuery, sizeof kQuery - 1);
  AppLayerStats stats;
  RecordingSink sink;
  AppLayer on_53(false, 53);
  on_53.on_data(Direction::ToServer, bytes(query), sink, stats);
  EXPECT_EQ(on_53.app_proto(), "dns");
  EXPECT_EQ(sink.records.size(), 1u);
  AppLayer elsewhere(false, 5353);
  elsewhere.on_data(Direction::ToServer, bytes(query), sink, stats);
  EXPECT_NE(elsewhere.app_proto(), "dns");
}

}  // namespace
}  // namespace rampart::proto
