// Each record type's EVE form, through the UDP parser.
#include <gtest/gtest.h>

#include "dns_test_support.hpp"
#include "proto/dns/dns_parser.hpp"

namespace rampart::proto::dns {
namespace {

using dns_test::kResponseFlags;
using dns_test::MessageBuilder;
using dns_test::RecordingSink;

// A response to "q.test" carrying one answer built by `rdata`.
template <class Rdata>
nlohmann::json answer_of(uint16_t type, Rdata rdata) {
  MessageBuilder b;
  b.header(7, kResponseFlags, 1, 1).question("q.test", type).pointer(12).record_head(type, 60);
  rdata(b);
  b.end_rdata();
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToClient, b.bytes(), sink);
  EXPECT_EQ(sink.records.size(), 1u);
  return sink.records.empty() ? nlohmann::json{} : sink.records[0].dns;
}

TEST(DnsRecords, A) {
  auto dns = answer_of(1, [](MessageBuilder& b) { b.raw({192, 0, 2, 7}); });
  EXPECT_EQ(dns["answers"][0]["rdata"], "192.0.2.7");
  EXPECT_EQ(dns["answers"][0]["rrname"], "q.test");
  EXPECT_EQ(dns["answers"][0]["rrtype"], "A");
  EXPECT_EQ(dns["answers"][0]["ttl"], 60);
  EXPECT_EQ(dns["grouped"]["A"][0], "192.0.2.7");
}

TEST(DnsRecords, AaaaIsWrittenInFull) {
  auto dns = answer_of(28, [](MessageBuilder& b) { b.raw({0x20, 0x01, 0x48, 0x60, 0, 0, 0x20, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x68}); });
  EXPECT_EQ(dns["answers"][0]["rdata"], "2001:4860:0000:2001:0000:0000:0000:0068");
  EXPECT_EQ(dns["grouped"]["AAAA"][0], "2001:4860:0000:2001:0000:0000:0000:0068");
}

TEST(DnsRecords, NameTypes) {
  for (uint16_t type : {uint16_t{5}, uint16_t{2}, uint16_t{12}}) {
    auto dns = answer_of(type, [](MessageBuilder& b) { b.u8(3).raw("www").pointer(12); });
    EXPECT_EQ(dns["answers"][0]["rdata"], "www.q.test") << type;
  }
  auto mx = answer_of(15, [](MessageBuilder& b) { b.u16(10).name("mail.q.test"); });
  EXPECT_EQ(mx["answers"][0]["rdata"], "mail.q.test");
  EXPECT_EQ(mx["grouped"]["MX"][0], "mail.q.test");
}

TEST(DnsRecords, TxtGivesOneEntryPerString) {
  auto dns = answer_of(16, [](MessageBuilder& b) { b.u8(3).raw("abc").u8(0); });
  ASSERT_EQ(dns["answers"].size(), 2u);
  EXPECT_EQ(dns["answers"][0]["rdata"], "abc");
  EXPECT_EQ(dns["answers"][1]["rdata"], "");
  EXPECT_EQ(dns["grouped"]["TXT"], nlohmann::json::array({"abc", ""}));
}

TEST(DnsRecords, Soa) {
  auto dns = answer_of(6, [](MessageBuilder& b) {
    b.name("ns1.q.test").name("admin.q.test").u32(2024).u32(3600).u32(600).u32(86400).u32(300);
  });
  auto soa = dns["answers"][0]["soa"];
  EXPECT_EQ(soa["mname"], "ns1.q.test");
  EXPECT_EQ(soa["rname"], "admin.q.test");
  EXPECT_EQ(soa["serial"], 2024);
  EXPECT_EQ(soa["minimum"], 300);
  EXPECT_EQ(dns["grouped"]["SOA"][0], soa);
}

TEST(DnsRecords, Srv) {
  auto dns = answer_of(33, [](MessageBuilder& b) { b.u16(10).u16(5).u16(5060).name("sip.q.test"); });
  auto srv = dns["answers"][0]["srv"];
  EXPECT_EQ(srv, (nlohmann::json{{"name", "sip.q.test"}, {"port", 5060}, {"priority", 10}, {"weight", 5}}));
  EXPECT_EQ(dns["grouped"]["SRV"][0], srv);
}

TEST(DnsRecords, Sshfp) {
  auto dns = answer_of(44, [](MessageBuilder& b) { b.u8(1).u8(1).raw({0x19, 0x8c, 0x34}); });
  EXPECT_EQ(dns["answers"][0]["sshfp"], (nlohmann::json{{"algo", 1}, {"type", 1}, {"fingerprint", "19:8c:34"}}));
}

TEST(DnsRecords, NullIsRawText) {
  auto dns = answer_of(10, [](MessageBuilder& b) { b.raw("hello"); });
  EXPECT_EQ(dns["answers"][0]["rdata"], "hello");
  EXPECT_EQ(dns["grouped"]["NULL"][0], "hello");
}

TEST(DnsRecords, HttpsSummary) {
  auto dns = answer_of(65, [](MessageBuilder& b) {
    b.u16(1).name("").u16(1).u16(6).u8(2).raw("h2").u8(2).raw("h3").u16(4).u16(4).raw({1, 2, 3, 4});
  });
  EXPECT_EQ(dns["answers"][0]["rrtype"], "HTTPS");
  EXPECT_EQ(dns["answers"][0]["rdata"], "1 . alpn=h2,h3 ipv4hint=1.2.3.4");
  EXPECT_FALSE(dns["grouped"].contains("HTTPS"));
}

TEST(DnsRecords, CaaDsDnskeyRrsig) {
  auto caa = answer_of(257, [](MessageBuilder& b) { b.u8(0).u8(5).raw("issue").raw("ca.test"); });
  EXPECT_EQ(caa["answers"][0]["rdata"], "0 issue \"ca.test\"");
  auto ds = answer_of(43, [](MessageBuilder& b) { b.u16(2371).u8(13).u8(2).raw({0xab, 0xcd}); });
  EXPECT_EQ(ds["answers"][0]["rdata"], "2371 13 2 abcd");
  auto key = answer_of(48, [](MessageBuilder& b) { b.u16(257).u8(3).u8(13).raw({1, 2, 3}); });
  EXPECT_EQ(key["answers"][0]["rdata"], "257 3 13 key_bytes=3");
  auto sig = answer_of(46, [](MessageBuilder& b) {
    b.u16(1).u8(13).u8(2).u32(300).u32(20).u32(10).u16(2371).name("q.test").raw({9, 9});
  });
  EXPECT_EQ(sig["answers"][0]["rdata"], "A 13 2 300 20 10 2371 q.test");
}

// suricata-verify's dns/v2/dns-udp-null: bytes that are not UTF-8 are written \xNN.
TEST(DnsRecords, NullDataAsTextEscapingWhatIsNotUtf8) {
  auto binary = answer_of(10, [](MessageBuilder& b) { b.raw({'V', 'A', 3, 0xc5, 0xe9, 1}); });
  EXPECT_EQ(binary["answers"][0]["rdata"], "VA\x03\\xc5\\xe9\x01");
  auto utf8 = answer_of(10, [](MessageBuilder& b) { b.raw({'o', 'k', 0xc3, 0xa9}); });
  EXPECT_EQ(utf8["answers"][0]["rdata"], "ok\xc3\xa9");
}

TEST(DnsRecords, UnknownTypeIsHexWithTypeNumber) {
  auto dns = answer_of(65534, [](MessageBuilder& b) { b.raw({0xde, 0xad}); });
  EXPECT_EQ(dns["answers"][0]["rrtype"], "TYPE65534");
  EXPECT_EQ(dns["answers"][0]["rdata"], "dead");
}

TEST(DnsRecords, OptInAdditionals) {
  MessageBuilder b;
  b.header(7, kResponseFlags, 1, 0, 0, 1).question("q.test", 1).name("").record_head(41, 0);
  b.u16(10).u16(2).raw({0xbe, 0xef}).end_rdata();
  DnsParser parser(false);
  RecordingSink sink;
  parser.parse(Direction::ToClient, b.bytes(), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  auto add = sink.records[0].dns["additionals"][0];
  EXPECT_EQ(add["rrname"], "");
  EXPECT_EQ(add["rrtype"], "OPT");
  EXPECT_EQ(add["opt"][0], (nlohmann::json{{"code", 10}, {"data", "beef"}}));
  EXPECT_FALSE(sink.records[0].dns.contains("grouped"));
}

TEST(DnsRecords, BadRdataOmitsRdata) {
  auto dns = answer_of(1, [](MessageBuilder& b) { b.raw({1, 2, 3}); });
  EXPECT_FALSE(dns["answers"][0].contains("rdata"));
  EXPECT_FALSE(dns["grouped"].contains("A"));
}

}  // namespace
}  // namespace rampart::proto::dns
