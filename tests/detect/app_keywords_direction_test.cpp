// Keywords of the TLS and DNS families that are more than a registry buffer:
// tls.random* (the hello the rule's direction picks), tls.subject / tls.issuerdn
// (value keywords on the certificate), the DNS number buffers, and one-way
// transactions (a DNS message), which rules see only from their packet's side.
#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

using Buffers = NamedBuffers;

struct Hit {
  uint32_t sid;
  PacketDirection direction;
};

// What alerts on tx, carried by a packet to the server (or to the client; or by
// no packet, at the flow's end, seen from that side).
std::vector<Hit> alerts_on(const std::vector<std::string>& rules, std::string_view app_proto, const Buffers& tx,
                           bool to_server = true, bool at_flow_end = false) {
  Detector d;
  EXPECT_TRUE(d.use(rule_set(rules)).has_value());
  FlowVars vars;
  auto p = to_server ? packet("", "10.0.0.1", 40000, "10.0.0.2", 53) : packet("", "10.0.0.2", 53, "10.0.0.1", 40000);
  auto facts = flow_facts(p, vars, to_server);
  facts.app_proto = app_proto;
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{at_flow_end ? nullptr : &p, facts, 0, tx, {}}, out);
  std::vector<Hit> hits;
  for (const Alert& a : out) hits.push_back({a.rule->sig.meta.sid, a.direction});
  return hits;
}

std::vector<uint32_t> sids_on(const std::vector<std::string>& rules, std::string_view app_proto, const Buffers& tx,
                              bool to_server = true) {
  std::vector<uint32_t> out;
  for (const Hit& h : alerts_on(rules, app_proto, tx, to_server)) out.push_back(h.sid);
  return out;
}

TEST(TlsKeywords, RandomFollowsTheRulesDirection) {
  auto client = parse_options("flow:to_server; tls.random_time; content:\"|54 b4 c9 7b|\";");
  ASSERT_TRUE(client.has_value()) << client.error().detail;
  EXPECT_EQ(client->app_protocol, "tls");
  EXPECT_EQ(match_at<ContentMatch>(*client, "tls.random_time.client", 0).pattern, "\x54\xb4\xc9\x7b");
  auto server = parse_options("flow:established,to_client; tls.random; content:\"a\";");
  ASSERT_TRUE(server.has_value()) << server.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*server, "tls.random.server", 0).pattern, "a");
  auto either = parse_options("tls.random_bytes; content:\"b\";");
  ASSERT_TRUE(either.has_value()) << either.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*either, "tls.random_bytes.client", 0).pattern, "b");
}

TEST(TlsKeywords, RandomRulesMatchTheirHello) {
  const std::vector<std::string> rules = {
      "alert tls any any -> any any (flow:to_server; tls.random_time; content:\"CCCC\"; sid:1;)",
      "alert tls any any -> any any (flow:to_client; tls.random_time; content:\"CCCC\"; sid:2;)",
      "alert tls any any -> any any (flow:to_client; tls.random_time; content:\"SSSS\"; sid:3;)",
  };
  Buffers session;
  session.values = {{"tls.random_time.client", "CCCC"}, {"tls.random_time.server", "SSSS"}};
  EXPECT_EQ(sids_on(rules, "tls", session), (std::vector<uint32_t>{1, 3}));
}

TEST(TlsKeywords, SubjectAndIssuerdnHoldWhenTheTextIsContained) {
  auto sig = parse_options("tls.subject:\"CN=SELKS\";");
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  const auto& contains = match_at<ContentMatch>(*sig, "tls.cert_subject", 0);
  EXPECT_EQ(contains.pattern, "CN=SELKS");
  EXPECT_FALSE(contains.negated);
  auto negated = parse_options("tls.issuerdn:!\"O=Stamus\";");
  ASSERT_TRUE(negated.has_value()) << negated.error().detail;
  EXPECT_TRUE(match_at<ContentMatch>(*negated, "tls.cert_issuer", 0).negated);
  EXPECT_FALSE(parse_options("tls.subject:\"\";").has_value());
  EXPECT_FALSE(parse_options("tls.issuerdn;").has_value());

  const std::vector<std::string> rules = {
      "alert tls any any -> any any (tls.subject:\"O=Stamus, CN=SELKS\"; sid:1;)",
      "alert tls any any -> any any (tls.issuerdn:\"CN=Other\"; sid:2;)",
      "alert tls any any -> any any (tls.issuerdn:!\"CN=Other\"; sid:3;)",
  };
  Buffers session;
  session.values = {{"tls.cert_subject", "C=FR, O=Stamus, CN=SELKS"}, {"tls.cert_issuer", "C=FR, CN=CA"}};
  EXPECT_EQ(sids_on(rules, "tls", session), (std::vector<uint32_t>{1, 3}));
}

TEST(DnsKeywords, NumbersCompareLikeDsize) {
  const std::vector<std::string> rules = {
      "alert dns any any -> any any (dns.rcode:3; sid:1;)",
      "alert dns any any -> any any (dns.rcode:!2; sid:2;)",
      "alert dns any any -> any any (dns.opcode:>3; sid:3;)",
      "alert dns any any -> any any (dns.rrtype:28; sid:4;)",
  };
  Buffers response;
  response.values = {{"dns.rcode", std::string("\0\3", 2)}, {"dns.opcode", std::string("\0\0", 2)},
                     {"dns.rrtype", std::string("\0\x1c", 2)}};
  EXPECT_EQ(sids_on(rules, "dns", response), (std::vector<uint32_t>{1, 2, 4}));
  EXPECT_FALSE(parse_options("dns.rcode:abc;").has_value());
}

TEST(DnsKeywords, RcodeTakesSuricatasNames) {
  const std::vector<std::string> rules = {
      "alert dns any any -> any any (dns.rcode:nxdomain; sid:1;)",
      "alert dns any any -> any any (dns.rcode:!SERVFAIL; sid:2;)",
      "alert dns any any -> any any (dns.rcode:noerror; sid:3;)",
      "alert dns any any -> any any (dns.rcode:! nxdomain; sid:4;)",
  };
  Buffers response;
  response.values = {{"dns.rcode", std::string("\0\3", 2)}};
  EXPECT_EQ(sids_on(rules, "dns", response), (std::vector<uint32_t>{1, 2}));
  EXPECT_FALSE(parse_options("dns.rcode:nxdomainx;").has_value());
  EXPECT_FALSE(parse_options("dns.opcode:nxdomain;").has_value()) << "the names are dns.rcode's only";
}

TEST(DnsKeywords, OneWayMessagesAreSeenFromTheirPacketsSide) {
  const std::vector<std::string> rules = {
      "alert dns any any -> any any (dns.queries.rrname; content:\"oisf\"; sid:1;)",
      "alert dns any any -> any any (dns.queries.rrname; content:\"oisf\"; flow:to_server; sid:2;)",
      "alert dns any any -> any any (dns.queries.rrname; content:\"oisf\"; flow:to_client; sid:3;)",
      "alert dns any any -> any any (dns.response.rrname; content:\"oisf\"; sid:4;)",
  };
  Buffers request;
  request.one_way_message = true;
  request.values = {{"dns.queries.rrname", "oisf.net"}};
  EXPECT_EQ(sids_on(rules, "dns", request, true), (std::vector<uint32_t>{1, 2}));
  Buffers response = request;
  response.values["dns.response.rrname"] = "oisf.net";
  EXPECT_EQ(sids_on(rules, "dns", response, false), (std::vector<uint32_t>{1, 3, 4}));
  for (const Hit& h : alerts_on(rules, "dns", response, false))
    EXPECT_EQ(h.direction, PacketDirection::ToClient) << h.sid;

  Buffers at_end = response;
  EXPECT_EQ(sids_on(rules, "dns", at_end, false), (std::vector<uint32_t>{1, 3, 4}));
  auto hits = alerts_on(rules, "dns", at_end, false, true);
  ASSERT_EQ(hits.size(), 3u) << "a side seen at the flow's end (ftp-data) keeps its direction";
  EXPECT_EQ(hits[0].direction, PacketDirection::ToClient);

  Buffers two_way = response;
  two_way.one_way_message = false;
  EXPECT_EQ(sids_on(rules, "dns", two_way, false), (std::vector<uint32_t>{1, 2, 3, 4}))
      << "a two-way transaction holds both sides";
}

// ssl_version holds when the hello of the side the rule sees carries a listed
// version; a `!` negates the whole list (suricata-verify's ssl_version_negated).
TEST(TlsKeywords, SslVersionListsAndTheirNegation) {
  const std::vector<std::string> rules = {
      "alert tcp any any -> any any (ssl_version:!sslv3; sid:1;)",
      "alert tcp any any -> any any (ssl_version:!tls1.3,tls1.2; sid:2;)",
      "alert tcp any any -> any any (ssl_version:TLS1.0; sid:3;)",
      "alert tcp any any -> any any (ssl_version:!tls1.0; sid:4;)",
      "alert tcp any any -> any any (ssl_version:tls1.1, tls1.0; sid:5;)",
  };
  Buffers side;
  side.one_way_message = true;
  side.values = {{"ssl_version", "tls1.0"}};
  EXPECT_EQ(sids_on(rules, "tls", side), (std::vector<uint32_t>{1, 2, 3, 5}));
  side.values = {{"ssl_version", "tls1.3"}};
  EXPECT_EQ(sids_on(rules, "tls", side), (std::vector<uint32_t>{1, 4}));
  side.values.clear();
  EXPECT_TRUE(sids_on(rules, "tls", side).empty()) << "no hello, no version: nothing holds";
  auto parsed = parse_options("ssl_version:tls1.2;");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
  EXPECT_EQ(parsed->app_protocol, "tls");
  EXPECT_FALSE(parse_options("ssl_version:tls9;").has_value());
}

// ssl_state holds when ((listed & current) ^ negated) is not empty, current being the
// last handshake state of the side the rule sees; "unknown" is never current.
TEST(TlsKeywords, SslStateValuesListsAndNegation) {
  const std::vector<std::string> rules = {
      "alert tcp any any -> any any (ssl_state:client_hello; sid:1;)",
      "alert tcp any any -> any any (ssl_state:server_hello; sid:2;)",
      "alert tcp any any -> any any (ssl_state:client_keyx; sid:3;)",
      "alert tcp any any -> any any (ssl_state:server_keyx; sid:4;)",
      "alert tcp any any -> any any (ssl_state:unknown; sid:5;)",
      "alert tcp any any -> any any (ssl_state:!client_hello; sid:6;)",
      "alert tcp any any -> any any (ssl_state:client_hello|server_hello; sid:7;)",
      "alert tcp any any -> any any (ssl_state:client_keyx | !server_keyx; sid:8;)",
      "alert tcp any any -> any any (ssl_state:!unknown; sid:9;)",
  };
  Buffers side;
  side.one_way_message = true;
  auto on = [&](std::string state) {
    side.values = {{"ssl_state", std::move(state)}};
    return sids_on(rules, "tls", side);
  };
  EXPECT_EQ(on("client_hello"), (std::vector<uint32_t>{1, 7, 8, 9}));
  EXPECT_EQ(on("server_hello"), (std::vector<uint32_t>{2, 6, 7, 8, 9}));
  EXPECT_EQ(on("client_keyx"), (std::vector<uint32_t>{3, 6, 8, 9}));
  EXPECT_EQ(on("server_keyx"), (std::vector<uint32_t>{4, 6, 9}));
  EXPECT_EQ(on("none"), (std::vector<uint32_t>{6, 8, 9}));
  side.values.clear();
  EXPECT_TRUE(sids_on(rules, "tls", side).empty()) << "not a TLS session: nothing holds";
  for (std::string bad : {"server_bye", "client_hello|", "|server_hello", "!"})
    EXPECT_FALSE(parse_options("ssl_state:" + bad + ";").has_value()) << bad;
  auto spaced = parse_options("ssl_state: server_hello ;");
  ASSERT_TRUE(spaced.has_value()) << spaced.error().detail;
  EXPECT_EQ(spaced->app_protocol, "tls");
}

}  // namespace
}  // namespace rampart::detect::testing
