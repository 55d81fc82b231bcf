#include <gtest/gtest.h>

#include "dns_test_support.hpp"
#include "proto/dns/dns_parser.hpp"
#include "proto/dns/dns_protocol.hpp"

namespace rampart::proto::dns {
namespace {

using dns_test::kQueryFlags;
using dns_test::kResponseFlags;
using dns_test::MessageBuilder;
using dns_test::RecordingSink;

MessageBuilder query(uint16_t id, std::string_view name, uint16_t flags = kQueryFlags) {
  MessageBuilder b;
  b.header(id, flags, 1).question(name, 1);
  return b;
}

MessageBuilder response(uint16_t id, std::string_view name, uint16_t flags = kResponseFlags) {
  MessageBuilder b;
  b.header(id, flags, 1, 1).question(name, 1).pointer(12).record_head(1, 300).raw({10, 0, 0, 1}).end_rdata();
  return b;
}

TEST(DnsParser, RequestRecordLayout) {
  DnsParser parser(false);
  RecordingSink sink;
  EXPECT_TRUE(parser.parse(Direction::ToServer, query(28243, "google.com").bytes(), sink));
  ASSERT_EQ(sink.records.size(), 1u);
  auto dns = sink.records[0].dns;
  EXPECT_EQ(dns, nlohmann::json::parse(R"({"version":3,"type":"request","tx_id":0,"id":28243,"flags":"100",
      "rd":true,"opcode":0,"rcode":"NOERROR","queries":[{"rrname":"google.com","rrtype":"A"}]})"));
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST(DnsParser, ResponseRecordLayoutAndTxIdsInArrivalOrder) {
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToServer, query(1, "a.test").bytes(), sink);
  parser.parse(Direction::ToClient, response(1, "a.test").bytes(), sink);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[1].tx_id, 1u);
  auto dns = sink.records[1].dns;
  EXPECT_EQ(dns["type"], "response");
  EXPECT_EQ(dns["tx_id"], 1);
  EXPECT_EQ(dns["flags"], "8180");
  EXPECT_EQ(dns["qr"], true);
  EXPECT_EQ(dns["ra"], true);
  EXPECT_EQ(dns["queries"][0]["rrname"], "a.test");
  EXPECT_EQ(dns["answers"][0]["rdata"], "10.0.0.1");
  EXPECT_EQ(dns["grouped"]["A"][0], "10.0.0.1");
}

TEST(DnsParser, HeaderBitsAndRcode) {
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToClient, response(9, "x.test", 0x8783).bytes(), sink);  // QR AA TC RD RA NXDOMAIN
  ASSERT_EQ(sink.records.size(), 1u);
  auto dns = sink.records[0].dns;
  EXPECT_EQ(dns["flags"], "8783");
  EXPECT_EQ(dns["aa"], true);
  EXPECT_EQ(dns["tc"], true);
  EXPECT_EQ(dns["rcode"], "NXDOMAIN");
  EXPECT_FALSE(dns.contains("z"));
}

TEST(DnsParser, ZFlagAndInvalidOpcodeAreReportedAndLogged) {
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToServer, query(1, "z.test", 0x0140).bytes(), sink);
  parser.parse(Direction::ToServer, query(2, "o.test", 0x4800).bytes(), sink);  // opcode 9
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0].dns["z"], true);
  EXPECT_EQ(sink.records[1].dns["opcode"], 9);
  EXPECT_EQ(sink.anomalies, (std::vector<std::string>{"z_flag_set", "invalid_opcode"}));
  using Event = std::pair<std::string, uint64_t>;
  EXPECT_EQ(sink.transaction_events, (std::vector<Event>{{"z_flag_set", 0}, {"invalid_opcode", 1}}))
      << "events of a logged message belong to its transaction";
}

TEST(DnsParser, WrongDirectionIsNotLogged) {
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToServer, response(1, "a.test").bytes(), sink);
  parser.parse(Direction::ToClient, query(1, "a.test").bytes(), sink);
  EXPECT_TRUE(sink.records.empty());
  EXPECT_EQ(sink.anomalies, (std::vector<std::string>{"not_request", "not_response"}));
  EXPECT_TRUE(sink.transaction_events.empty()) << "a message that is not logged has no transaction";
}

TEST(DnsParser, TruncatedDatagramIsMalformedAndTheFlowGoesOn) {
  auto full = response(1, "a.test").bytes();
  DnsParser parser(false);
  RecordingSink sink;
  for (size_t cut = MessageBuilder().header(0, 0, 0).size() + 8; cut < full.size(); ++cut)
    EXPECT_TRUE(parser.parse(Direction::ToClient, std::span(full).first(cut), sink));
  EXPECT_TRUE(sink.records.empty());
  for (const auto& a : sink.anomalies) EXPECT_EQ(a, "malformed_data");
  parser.parse(Direction::ToClient, full, sink);
  EXPECT_EQ(sink.records.size(), 1u);
}

TEST(DnsParser, GarbageDatagramIsSkippedSilently) {
  DnsParser parser(false);
  RecordingSink sink;
  const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_TRUE(parser.parse(Direction::ToServer, garbage, sink));
  EXPECT_TRUE(sink.records.empty());
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST(DnsParser, PointerLoopInQuestionRaisesInfiniteLoop) {
  MessageBuilder b;
  b.header(3, kQueryFlags, 1).u8(1).raw("a").pointer(12).u16(1).u16(1);
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToServer, b.bytes(), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"infinite_loop"});
}

TEST(DnsParser, ForwardPointerQuestionsParse) {
  // Question 1 points forward at question 2's name.
  MessageBuilder b;
  b.header(36356, kQueryFlags, 2).pointer(18).u16(1).u16(1).question("codemonkey.net", 1);
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToServer, b.bytes(), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].dns["queries"][0]["rrname"], "codemonkey.net");
  EXPECT_EQ(sink.records[0].dns["queries"][1]["rrname"], "codemonkey.net");
}

TEST(DnsParser, LongNameIsTruncatedWithEvent) {
  MessageBuilder b;
  b.header(3, kQueryFlags, 1);
  for (int i = 0; i < 5; ++i) b.u8(63).raw(std::string(63, 'x'));
  b.u8(0).u16(1).u16(1);
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToServer, b.bytes(), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].dns["queries"][0]["rrname_truncated"], true);
  EXPECT_EQ(sink.records[0].dns["queries"][0]["rrname"].get<std::string>().size(), 255u);
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"name_too_long"});
}

TEST(DnsParser, BrokenAdditionalsKeepTheResponse) {
  auto b = response(5, "s.test");
  std::vector<uint8_t> bytes = b.bytes();
  bytes[11] = 1;  // one additional record that is not there
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToClient, bytes, sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"invalid_additionals"});
}

std::vector<uint8_t> two_message_stream() {
  auto first = query(1, "one.test").framed();
  auto second = query(2, "two.test").framed();
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

TEST(DnsParser, TcpTwoMessagesInOneSegment) {
  DnsParser parser(true);
  RecordingSink sink;
  EXPECT_TRUE(parser.parse(Direction::ToServer, two_message_stream(), sink));
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[1].dns["queries"][0]["rrname"], "two.test");
}

TEST(DnsParser, TcpSplitAtEveryOffset) {
  auto stream = two_message_stream();
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    DnsParser parser(true);
    RecordingSink sink;
    auto bytes = std::span<const uint8_t>(stream);
    EXPECT_TRUE(parser.parse(Direction::ToServer, bytes.first(cut), sink));
    EXPECT_TRUE(parser.parse(Direction::ToServer, bytes.subspan(cut), sink));
    ASSERT_EQ(sink.records.size(), 2u) << "cut at " << cut;
    EXPECT_EQ(sink.records[0].dns["id"], 1);
    EXPECT_EQ(sink.records[1].dns["id"], 2);
    EXPECT_EQ(sink.records[1].tx_id, 1u);
  }
}

TEST(DnsParser, TcpByteAtATime) {
  auto stream = two_message_stream();
  DnsParser parser(true);
  RecordingSink sink;
  for (uint8_t byte : stream) EXPECT_TRUE(parser.parse(Direction::ToServer, std::span(&byte, 1), sink));
  EXPECT_EQ(sink.records.size(), 2u);
}

TEST(DnsParser, TcpGarbageStopsTheParser) {
  DnsParser parser(true);
  RecordingSink sink;
  const uint8_t garbage[] = {0x00, 0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0};
  EXPECT_FALSE(parser.parse(Direction::ToServer, garbage, sink));
  EXPECT_TRUE(sink.records.empty());
}

TEST(DnsParser, TcpMalformedMessageStopsWithEvent) {
  auto bytes = query(1, "a.test").bytes();
  bytes.pop_back();  // the question's class is cut
  MessageBuilder framed;
  framed.u16(static_cast<uint16_t>(bytes.size())).raw(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  DnsParser parser(true);
  RecordingSink sink;
  EXPECT_FALSE(parser.parse(Direction::ToServer, framed.bytes(), sink));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"malformed_data"});
}

TEST(DnsParser, TcpResynchronisesAfterGap) {
  auto stream = two_message_stream();
  auto third = query(3, "three.test").framed();
  DnsParser parser(true);
  RecordingSink sink;
  parser.parse(Direction::ToServer, std::span(stream).first(5), sink);
  parser.gap(Direction::ToServer, 10, sink);
  EXPECT_TRUE(parser.parse(Direction::ToServer, std::span(stream).subspan(15, 8), sink));  // inside a message
  EXPECT_TRUE(parser.parse(Direction::ToServer, third, sink));
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].dns["id"], 3);
}

TEST(DnsProbe, DatagramAndStream) {
  Protocol dns = dns_protocol();
  auto q = query(1, "a.test");
  EXPECT_EQ(dns.probe(Direction::ToServer, q.bytes()), ProbeResult::Match);
  auto framed = q.framed();
  EXPECT_EQ(dns.probe(Direction::ToServer, framed), ProbeResult::Match);
  EXPECT_EQ(dns.probe(Direction::ToServer, std::span(framed).first(framed.size() - 3)), ProbeResult::NeedMore);
  EXPECT_EQ(dns.probe(Direction::ToServer, std::span(framed).first(1)), ProbeResult::NeedMore);
  MessageBuilder text;
  text.raw("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(dns.probe(Direction::ToServer, text.bytes()), ProbeResult::NoMatch);
  // A query to the client, or a response to the server, is the other direction's.
  EXPECT_EQ(dns.probe(Direction::ToClient, q.bytes()), ProbeResult::NoMatch);
  EXPECT_EQ(dns.probe(Direction::ToClient, framed), ProbeResult::NoMatch);
  MessageBuilder r;
  r.header(1, 0x8180, 1).question("a.test", 1);
  EXPECT_EQ(dns.probe(Direction::ToServer, r.bytes()), ProbeResult::NoMatch);
  EXPECT_EQ(dns.probe(Direction::ToClient, r.bytes()), ProbeResult::Match);
  EXPECT_EQ(dns.name, "dns");
  EXPECT_TRUE(dns.port_required);
}

}  // namespace
}  // namespace rampart::proto::dns
