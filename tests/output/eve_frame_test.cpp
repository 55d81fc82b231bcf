// Frames in EVE: the frame object (as Suricata 8 writes it, payload cut at 256 bytes
// in records and 4 KiB in alerts, gaps marked, incomplete frames), frame records, and
// FrameFields as rules and alerts see it.
#include "output/eve_frame.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "output/eve_records.hpp"

namespace rampart::output {
namespace {

std::span<const uint8_t> span_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

nlohmann::json object_of(const proto::EveFields& fields) {
  std::string text;
  JsonWriter w(text);
  fields.write(w.begin_object());
  w.end_object();
  return nlohmann::json::parse(text);
}

struct SshLike final : proto::EveFields {
  void write(JsonWriter& w) const override {
    w.begin_object("ssh");
    w.field("proto", "2.0");
    w.end_object();
  }
};

TEST(EveFrame, ObjectAsSuricataWritesIt) {
  const proto::Frame frame{"http1.request", proto::Direction::ToServer, 2, 0, span_of("GET / HTTP/1.0\r\n\r\n"), 0};
  const auto json = object_of(FrameFields(frame, nullptr))["frame"];
  EXPECT_EQ(json["type"], "request");
  EXPECT_EQ(json["id"], 2);
  EXPECT_EQ(json["direction"], "toserver");
  EXPECT_EQ(json["stream_offset"], 0);
  EXPECT_EQ(json["length"], 18);
  EXPECT_EQ(json["complete"], true);
  EXPECT_EQ(json["payload"], "R0VUIC8gSFRUUC8xLjANCg0K");
  EXPECT_EQ(json["payload_printable"], "GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(json["tx_id"], 0);
}

TEST(EveFrame, DatagramFramesHaveNoOffsetAndAlertsCutLongPayloadsAt4KiB) {
  const std::string big(5000, 'x');
  proto::Frame frame{"dns.pdu", proto::Direction::ToClient, 1, std::nullopt, span_of(big), std::nullopt};
  frame.whole_length = 6000;
  const auto json = object_of(FrameFields(frame, nullptr))["frame"];
  EXPECT_FALSE(json.contains("stream_offset"));
  EXPECT_FALSE(json.contains("tx_id"));
  EXPECT_EQ(json["direction"], "toclient");
  EXPECT_EQ(json["length"], 6000);
  EXPECT_EQ(json["complete"], false);
  EXPECT_EQ(json["payload_printable"], std::string(4096, 'x'));
}

TEST(EveFrame, GapsShowAsBytesMissing) {
  const proto::FrameGap gaps[] = {{0, 3}, {4, 14}, {8, 20}};
  const proto::Frame frame{"http1.stream", proto::Direction::ToClient, 1, 0, span_of("AAAABBBB"), std::nullopt,
                           45, gaps};
  const auto json = object_of(FrameFields(frame, nullptr))["frame"];
  EXPECT_EQ(json["payload_printable"], "[3 bytes missing]AAAA[14 bytes missing]BBBB[20 bytes missing]");
  EXPECT_EQ(json["payload"], "WzMgYnl0ZXMgbWlzc2luZ11BQUFBWzE0IGJ5dGVzIG1pc3NpbmddQkJCQlsyMCBieXRlcyBtaXNzaW5nXQ==");
  EXPECT_EQ(json["complete"], false);
  ASSERT_TRUE(FrameFields(frame, nullptr).buffer("http1.stream", 1).has_value());
  EXPECT_EQ(FrameFields(frame, nullptr).buffer("http1.stream", 1)->size(), 4u) << "the parts between gaps";
  EXPECT_FALSE(FrameFields(frame, nullptr).buffer("http1.stream", 2).has_value());
}

TEST(EveFrame, FieldsServeTheFrameAndCarryTheTransaction) {
  const proto::Frame frame{"ssh.record.hdr", proto::Direction::ToServer, 5, 100, span_of(std::string_view("\x00\x00\x00\x0c\x0a\x15", 6)), 0};
  const SshLike ssh;
  const FrameFields fields(frame, &ssh);
  ASSERT_TRUE(fields.buffer("ssh.record.hdr", 0).has_value());
  EXPECT_EQ(fields.buffer("ssh.record.hdr", 0)->size(), 6u);
  EXPECT_FALSE(fields.buffer("ssh.record.pdu", 0).has_value());
  EXPECT_FALSE(fields.buffer("ssh.record.hdr", 1).has_value());
  EXPECT_TRUE(fields.one_way());
  const auto json = object_of(fields);
  EXPECT_EQ(json["ssh"]["proto"], "2.0");
  EXPECT_EQ(json["frame"]["type"], "record.hdr");
}

TEST(EveFrame, RecordHeadedByItsPacket) {
  flow::Flow f;
  f.flow_id = 42;
  decode::Packet pkt;
  pkt.ip_version = 4;
  pkt.src = *IpAddress::parse("10.0.0.1");
  pkt.dst = *IpAddress::parse("10.0.0.2");
  pkt.l4 = decode::L4Proto::Tcp;
  pkt.src_port = 1234;
  pkt.dst_port = 22;
  const proto::Frame frame{"ssh.record.pdu", proto::Direction::ToServer, 1, 30, span_of("abc"), 0};
  EveRecordWriter writer;
  std::string out;
  writer.frame_record(out, f, pkt, frame);
  const auto json = nlohmann::json::parse(out);
  EXPECT_EQ(json["event_type"], "frame");
  EXPECT_EQ(json["flow_id"], 42);
  EXPECT_EQ(json["dest_port"], 22);
  EXPECT_EQ(json["frame"]["type"], "record.pdu");
  EXPECT_EQ(json["frame"]["stream_offset"], 30);
}

TEST(EveFrame, RecordsCutPayloadsAt256Bytes) {
  flow::Flow f;
  decode::Packet pkt;
  const std::string big(300, 'x');
  const proto::FrameGap late[] = {{280, 5}};
  const proto::Frame frame{"tls.pdu", proto::Direction::ToServer, 1, 0, span_of(big), 0, 305, late};
  EveRecordWriter writer;
  std::string out;
  writer.frame_record(out, f, pkt, frame);
  EXPECT_EQ(nlohmann::json::parse(out)["frame"]["payload_printable"], std::string(256, 'x'));
}

}  // namespace
}  // namespace rampart::output
