// The rule buffers of DNS messages (dns.query, dns.queries.rrname,
// dns.answers.rrname and the other sections', dns.response.rrname, and the
// numbers dns.opcode, dns.rcode, dns.rrtype) read from the parser's transactions
// after it was fed query and response bytes, over UDP and over TCP in pieces.
#include <gtest/gtest.h>

#include "buffer_capture.hpp"
#include "dns_test_support.hpp"
#include "proto/dns/dns_parser.hpp"

namespace rampart::proto::dns {
namespace {

using buffer_test::BufferSink;
using buffer_test::Values;
using dns_test::kQueryFlags;
using dns_test::kResponseFlags;
using dns_test::MessageBuilder;

const std::vector<std::string> kNames = {"dns.query",
                                         "dns.queries.rrname",
                                         "dns.answer.name",
                                         "dns.answers.rrname",
                                         "dns.authorities.rrname",
                                         "dns.additionals.rrname",
                                         "dns.response.rrname",
                                         "dns.opcode",
                                         "dns.rcode",
                                         "dns.rrtype"};

// A 16-bit number buffer's value as its two big-endian bytes.
std::string number(uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)}; }

// Two questions, the second's name ending in a pointer to the first's "example.com".
MessageBuilder two_question_query() {
  MessageBuilder b;
  b.header(7, kQueryFlags, 2).question("www.Example.com", 1);
  b.raw({4, 'm', 'a', 'i', 'l'}).pointer(16).u16(28).u16(1);
  return b;
}

// One question and three answers: the question's name by pointer, a name with
// its own label before a pointer, and the root.
MessageBuilder three_answer_response() {
  MessageBuilder b;
  b.header(7, kResponseFlags, 1, 3).question("a.test", 5);
  b.pointer(12).record_head(5, 60).raw({1, 'b'}).pointer(12).end_rdata();
  b.raw({3, 'c', 'd', 'n'}).pointer(12).record_head(1, 60).raw({192, 0, 2, 1}).end_rdata();
  b.name("").record_head(1, 60).raw({192, 0, 2, 2}).end_rdata();
  return b;
}

BufferSink run_udp(const MessageBuilder& query, const MessageBuilder& response) {
  DnsParser parser(false);
  BufferSink sink(kNames);
  parser.parse(Direction::ToServer, query.bytes(), sink);
  parser.parse(Direction::ToClient, response.bytes(), sink);
  EXPECT_EQ(sink.types, (std::vector<std::string>{"dns", "dns"}));
  return sink;
}

TEST(DnsBuffers, QueryNamesOneValuePerQuestion) {
  BufferSink sink = run_udp(two_question_query(), three_answer_response());
  ASSERT_EQ(sink.transactions.size(), 2u);
  auto& query = sink.transactions[0];
  EXPECT_EQ(query["dns.query"], (Values{"www.Example.com", "mail.Example.com"}));
  EXPECT_EQ(query["dns.queries.rrname"], (Values{"www.Example.com", "mail.Example.com"}));
  EXPECT_EQ(query["dns.answer.name"], Values{}) << "a query has no answers";
}

TEST(DnsBuffers, ResponseHasNoDnsQueryButItsQuestionsAndAnswers) {
  BufferSink sink = run_udp(two_question_query(), three_answer_response());
  ASSERT_EQ(sink.transactions.size(), 2u);
  auto& response = sink.transactions[1];
  EXPECT_EQ(response["dns.query"], Values{});
  EXPECT_EQ(response["dns.queries.rrname"], Values{"a.test"});
  EXPECT_EQ(response["dns.answer.name"], (Values{"a.test", "cdn.a.test", ""}));
}

// An NXDOMAIN-style response: an MX answer, a SOA authority, an A additional.
MessageBuilder sectioned_response() {
  MessageBuilder b;
  b.header(9, kResponseFlags | 3, 1, 1, 1, 1).question("suricata.io", 15);
  b.pointer(12).record_head(15, 60).u16(10).name("mx.suricata.io").end_rdata();
  b.name("io").record_head(6, 60).name("a0.nic.io").name("admin.nic.io");
  b.u32(1).u32(2).u32(3).u32(4).u32(5).end_rdata();
  b.name("a0.nic.io").record_head(1, 60).raw({192, 0, 2, 9}).end_rdata();
  return b;
}

TEST(DnsBuffers, SectionsAndTheResponseNamesWithNameData) {
  MessageBuilder query;
  query.header(9, kQueryFlags, 1).question("suricata.io", 15);
  BufferSink sink = run_udp(query, sectioned_response());
  ASSERT_EQ(sink.transactions.size(), 2u);
  auto& response = sink.transactions[1];
  EXPECT_EQ(response["dns.answers.rrname"], Values{"suricata.io"});
  EXPECT_EQ(response["dns.answer.name"], Values{"suricata.io"});
  EXPECT_EQ(response["dns.authorities.rrname"], Values{"io"});
  EXPECT_EQ(response["dns.additionals.rrname"], Values{"a0.nic.io"});
  // Question, then each record's name and, for MX and SOA, the name its data holds.
  EXPECT_EQ(response["dns.response.rrname"],
            (Values{"suricata.io", "suricata.io", "mx.suricata.io", "io", "a0.nic.io", "a0.nic.io"}));
  EXPECT_EQ(sink.transactions[0]["dns.response.rrname"], Values{}) << "only responses";
}

TEST(DnsBuffers, HeaderNumbersAndQuestionTypes) {
  MessageBuilder query;
  query.header(9, kQueryFlags | (4 << 11), 2).question("a.test", 1).question("b.test", 28);
  BufferSink sink = run_udp(query, sectioned_response());
  ASSERT_EQ(sink.transactions.size(), 2u);
  EXPECT_EQ(sink.transactions[0]["dns.opcode"], Values{number(4)});
  EXPECT_EQ(sink.transactions[0]["dns.rcode"], Values{number(0)});
  EXPECT_EQ(sink.transactions[0]["dns.rrtype"], (Values{number(1), number(28)}));
  EXPECT_EQ(sink.transactions[1]["dns.rcode"], Values{number(3)});
  EXPECT_EQ(sink.transactions[1]["dns.rrtype"], Values{number(15)});
}

TEST(DnsBuffers, MessageWithoutQuestions) {
  MessageBuilder query;
  query.header(1, kQueryFlags, 0);
  MessageBuilder response;
  response.header(1, kResponseFlags, 0, 1).name("x.test").record_head(1, 1).raw({10, 0, 0, 1}).end_rdata();
  BufferSink sink = run_udp(query, response);
  ASSERT_EQ(sink.transactions.size(), 2u);
  EXPECT_EQ(sink.transactions[0]["dns.query"], Values{});
  EXPECT_EQ(sink.transactions[0]["dns.queries.rrname"], Values{});
  EXPECT_EQ(sink.transactions[1]["dns.queries.rrname"], Values{});
  EXPECT_EQ(sink.transactions[1]["dns.answer.name"], Values{"x.test"});
}

TEST(DnsBuffers, SameOverTcpFedByteByByte) {
  std::vector<uint8_t> query = two_question_query().framed(), response = three_answer_response().framed();
  DnsParser parser(true);
  BufferSink sink(kNames);
  for (size_t i = 0; i < query.size(); ++i)
    ASSERT_TRUE(parser.parse(Direction::ToServer, std::span(query).subspan(i, 1), sink));
  for (size_t i = 0; i < response.size(); ++i)
    ASSERT_TRUE(parser.parse(Direction::ToClient, std::span(response).subspan(i, 1), sink));
  EXPECT_EQ(sink.transactions, run_udp(two_question_query(), three_answer_response()).transactions);
}

TEST(DnsBuffers, MutatedMessagesKeepEveryBufferReadable) {
  std::mt19937 rng(2);
  size_t transactions = 0;
  for (int round = 0; round < 300; ++round) {
    DnsParser parser(false);
    BufferSink sink(kNames);
    parser.parse(Direction::ToServer, buffer_test::mutated(two_question_query().bytes(), rng), sink);
    parser.parse(Direction::ToClient, buffer_test::mutated(three_answer_response().bytes(), rng), sink);
    transactions += sink.transactions.size();
  }
  EXPECT_GT(transactions, 100u) << "many mutated messages still parse";
}

}  // namespace
}  // namespace rampart::proto::dns
