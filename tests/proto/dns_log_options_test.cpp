// The dns logger's settings applied to DNS transactions: requests/responses
// toggles, the types filter and formats in version 3, and version 2's records
// (one "query" per logged question, one "answer" per response, headed by the
// flow); and the settings' text forms.
#include <gtest/gtest.h>

#include "dns_test_support.hpp"
#include "proto/dns/dns_log_settings.hpp"
#include "proto/dns/dns_parser.hpp"
#include "proto/dns/dns_types.hpp"

namespace rampart::proto::dns {
namespace {

using dns_test::kQueryFlags;
using dns_test::kResponseFlags;
using dns_test::MessageBuilder;

struct Record {
  LogDirection direction;
  nlohmann::json dns;
};

// Writes every record the options make of each transaction.
class OptionsSink final : public EventSink {
 public:
  explicit OptionsSink(RecordOptions options) : options_(std::move(options)) {}
  void transaction(std::string_view, uint64_t, LogDirection direction, const EveFields& fields) override {
    for (size_t part = 0, n = fields.record_count(options_); part < n; ++part) {
      std::string text;
      JsonWriter w(text);
      w.begin_object();
      fields.write_part(w, options_, part);
      w.end_object();
      records.push_back({fields.log_direction(options_, direction), nlohmann::json::parse(text)["dns"]});
    }
  }
  void anomaly(std::string_view) override {}
  std::vector<Record> records;

 private:
  RecordOptions options_;
};

// A query for an A and an MX record, and its answer (a CNAME, then an A).
std::vector<Record> run(const RecordOptions& options, uint16_t query_flags = kQueryFlags) {
  MessageBuilder query;
  query.header(42, query_flags, 2).question("www.test", 1).question("test", 15);
  MessageBuilder response;
  response.header(42, kResponseFlags, 2, 2).question("www.test", 1).question("test", 15);
  response.pointer(12).record_head(5, 30).name("cdn.test").end_rdata();
  response.name("cdn.test").record_head(1, 30).raw({192, 0, 2, 7}).end_rdata();
  DnsParser parser(false);
  OptionsSink sink(options);
  parser.parse(Direction::ToServer, query.bytes(), sink);
  parser.parse(Direction::ToClient, response.bytes(), sink);
  return sink.records;
}

// Record options whose dns settings `set` changed from the defaults.
template <typename Set>
RecordOptions with_dns(Set set) {
  RecordOptions options;
  set(options.dns);
  return options;
}

TEST(DnsLogOptions, DefaultIsOneVersion3RecordPerMessage) {
  auto records = run(RecordOptions{});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].dns["version"], 3);
  EXPECT_EQ(records[0].dns["type"], "request");
  EXPECT_EQ(records[1].dns["type"], "response");
  EXPECT_EQ(records[1].direction, LogDirection::Packet);
  EXPECT_TRUE(records[1].dns.contains("answers"));
  EXPECT_TRUE(records[1].dns.contains("grouped"));
}

TEST(DnsLogOptions, RequestsOrResponsesOff) {
  auto only_responses = run(with_dns([](DnsLogOptions& o) { o.requests = false; }));
  ASSERT_EQ(only_responses.size(), 1u);
  EXPECT_EQ(only_responses[0].dns["type"], "response");
  auto only_requests = run(with_dns([](DnsLogOptions& o) { o.responses = false; }));
  ASSERT_EQ(only_requests.size(), 1u);
  EXPECT_EQ(only_requests[0].dns["type"], "request");
}

TEST(DnsLogOptions, TypesFilterQueriesOfVersion3) {
  auto records = run(with_dns([](DnsLogOptions& o) { o.rrtypes = {15}; }));
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[0].dns["queries"].size(), 1u);
  EXPECT_EQ(records[0].dns["queries"][0]["rrtype"], "MX");
  EXPECT_TRUE(run(with_dns([](DnsLogOptions& o) { o.rrtypes = {28}; })).empty()) << "no question of a logged type";
}

TEST(DnsLogOptions, FormatsChooseAnswersAndGrouped) {
  auto grouped = run(with_dns([](DnsLogOptions& o) { o.detailed = false; }));
  EXPECT_FALSE(grouped[1].dns.contains("answers"));
  EXPECT_EQ(grouped[1].dns["grouped"]["A"][0], "192.0.2.7");
  auto detailed = run(with_dns([](DnsLogOptions& o) { o.grouped = false; }));
  EXPECT_FALSE(detailed[1].dns.contains("grouped"));
  EXPECT_EQ(detailed[1].dns["answers"][1]["rdata"], "192.0.2.7");
}

TEST(DnsLogOptions, Version2QueryPerQuestionAndOneAnswer) {
  auto records = run(with_dns([](DnsLogOptions& o) { o.version = 2; }), kQueryFlags | 0x0040);
  ASSERT_EQ(records.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(records[i].dns["version"], 2);
    EXPECT_EQ(records[i].dns["type"], "query");
    EXPECT_EQ(records[i].dns["id"], 42);
    EXPECT_EQ(records[i].dns["tx_id"], 0);
    EXPECT_EQ(records[i].dns["z"], true);
  }
  EXPECT_EQ(records[0].dns["rrname"], "www.test");
  EXPECT_EQ(records[1].dns["rrtype"], "MX");
  const auto& answer = records[2].dns;
  EXPECT_EQ(records[2].direction, LogDirection::Flow);
  EXPECT_EQ(answer["type"], "answer");
  EXPECT_EQ(answer["flags"], "8180");
  EXPECT_EQ(answer["qr"], true);
  EXPECT_EQ(answer["rrname"], "www.test") << "the first question";
  EXPECT_EQ(answer["rrtype"], "A");
  EXPECT_EQ(answer["rcode"], "NOERROR");
  EXPECT_EQ(answer["answers"][0]["rdata"], "cdn.test");
  EXPECT_EQ(answer["grouped"]["CNAME"][0], "cdn.test");
  EXPECT_FALSE(answer.contains("queries"));
}

TEST(DnsLogOptions, Version2TypesFilter) {
  auto records = run(with_dns([](DnsLogOptions& o) { o.version = 2; o.rrtypes = {15}; }));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].dns["rrtype"], "MX");
  EXPECT_EQ(records[1].dns["type"], "answer") << "a response with a question of a logged type";
  EXPECT_TRUE(run(with_dns([](DnsLogOptions& o) { o.version = 2; o.rrtypes = {28}; })).empty());
}

TEST(DnsLogSettings, ParsesValuesAndRejectsOthers) {
  DnsLogOptions o;
  EXPECT_TRUE(set_log_version(o, "2"));
  EXPECT_EQ(o.version, 2);
  EXPECT_FALSE(set_log_version(o, "4"));
  EXPECT_TRUE(set_log_rrtypes(o, "[MX, a,aaaa,]"));
  EXPECT_EQ(o.rrtypes, (std::vector<uint16_t>{1, 15, 28}));
  EXPECT_TRUE(o.logs_rrtype(28));
  EXPECT_FALSE(o.logs_rrtype(16));
  auto bad = set_log_rrtypes(o, "a,bogus");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("bogus"), std::string::npos);
  EXPECT_EQ(o.rrtypes.size(), 3u) << "a bad list changes nothing";
  EXPECT_TRUE(set_log_formats(o, "grouped,"));
  EXPECT_FALSE(o.detailed);
  EXPECT_TRUE(o.grouped);
  EXPECT_FALSE(set_log_formats(o, "fancy"));
}

TEST(DnsTypes, MnemonicsInAnyCase) {
  EXPECT_EQ(rrtype_from_name("https"), 65);
  EXPECT_EQ(rrtype_from_name("SRV"), 33);
  EXPECT_FALSE(rrtype_from_name("TYPE999"));
  EXPECT_FALSE(rrtype_from_name(""));
}

}  // namespace
}  // namespace rampart::proto::dns
