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
  void reverse_flow() override { ++reversals; }
  std::vector<std::string> records, anomalies;
  int reversals = 0;
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

// As in Suricata, a UDP flow is "failed" from its first unrecognised datagram
// (NetBIOS name service on 137 looks like DNS but is not probed there), counted
// once; a reply that names the protocol still wins.
TEST(AppLayer, AUdpFlowWhoseFirstDatagramIsUnknownIsFailedUntilAReplyIsRecognised) {
  static constexpr char kQuery[] = "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x01" "a\x04test\x00\x00\x01\x00\x01";
  const std::string query(kQuery, sizeof kQuery - 1);
  AppLayerStats stats;
  RecordingSink sink;
  AppLayer netbios(false, 137);
  netbios.on_data(Direction::ToServer, bytes(query), sink, stats);
  netbios.on_data(Direction::ToServer, bytes(query), sink, stats);
  EXPECT_EQ(netbios.app_proto(), "failed");
  netbios.on_data(Direction::ToClient, bytes(std::string(12, '\x07')), sink, stats);
  EXPECT_EQ(netbios.app_proto(), "failed");
  EXPECT_EQ(stats.failed_udp, 1u);

  static constexpr char kDnsResponse[] = "\x12\x34\x81\x80\x00\x01\x00\x00\x00\x00\x00\x00\x01" "a\x04test\x00\x00\x01\x00\x01";
  AppLayer to_53(false, 53);
  to_53.on_data(Direction::ToServer, bytes(std::string(3, '\x07')), sink, stats);
  EXPECT_EQ(to_53.app_proto(), "failed");
  to_53.on_data(Direction::ToClient, bytes(std::string(kDnsResponse, sizeof kDnsResponse - 1)), sink, stats);
  EXPECT_EQ(to_53.app_proto(), "dns");
  EXPECT_EQ(stats.failed_udp, 2u);
}

// app-layer.protocols.dns.detection-ports.dp=5353 puts DNS on 5353 instead of 53.
TEST(AppLayer, ConfiguredDetectionPortsReplaceTheDefaults) {
  static constexpr char kQuery[] = "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x01" "a\x04test\x00\x00\x01\x00\x01";
  const std::string query(kQuery, sizeof kQuery - 1);
  AppLayerSettings settings;
  settings.detection_ports.push_back({"dns", {5353, 0, 0, 0}});
  AppLayerStats stats;
  RecordingSink sink;
  for (auto [port, found] : {std::pair{uint16_t{5353}, true}, std::pair{uint16_t{53}, false}}) {
    AppLayer app(false, port);
    FlowContext context;
    context.settings = &settings;
    app.attach(context, stats);
    app.on_data(Direction::ToServer, bytes(query), sink, stats);
    EXPECT_EQ(app.app_proto() == "dns", found) << port;
  }
}

// As Suricata's detection does, a flow picked up midstream whose initiator sends
// an HTTP reply is turned around: the sensor is asked to reverse it, and the
// reply is parsed as the server's, before and after the reversal.
TEST(AppLayer, AReplyFromTheInitiatorReversesOnlyAMidstreamFlow) {
  for (bool midstream : {true, false}) {
    AppLayer app(true, 54186);
    AppLayerStats stats;
    RecordingSink sink;
    FlowContext context;
    context.client_port = 80;
    context.server_port = 54186;
    context.midstream = midstream;
    app.attach(context, stats);
    app.on_data(Direction::ToServer, bytes(kResponse.substr(0, 20)), sink, stats);
    app.on_data(Direction::ToClient, bytes(kResponse.substr(20)), sink, stats);
    app.finish(sink, stats);
    EXPECT_EQ(sink.reversals, midstream ? 1 : 0);
    EXPECT_EQ(app.app_proto() == "http", midstream);
    bool reply_parsed = sink.records.size() == 1 && sink.records[0].find("\"status\":200") != std::string::npos &&
                        sink.records[0].find("\"length\":2") != std::string::npos;
    EXPECT_EQ(reply_parsed, midstream) << testing::PrintToString(sink.records);
  }
}

size_t index_of(std::string_view name) {
  const auto& protocols = registered_protocols();
  for (size_t i = 0; i < protocols.size(); ++i)
    if (protocols[i].name == name) return i;
  ADD_FAILURE() << name << " is not registered";
  return 0;
}

TEST(AppLayer, ParserErrorsAreCountedPerProtocol) {
  AppLayer app(true, 25);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToClient, bytes("220 mx ESMTP\r\n"), sink, stats);
  app.on_data(Direction::ToServer, bytes("EHLO c\r\n"), sink, stats);
  app.on_data(Direction::ToClient, bytes("not a reply\r\n"), sink, stats);
  EXPECT_EQ(stats.errors_tcp[index_of("smtp")], 1u);
  EXPECT_EQ(stats.errors_tcp[index_of("http")], 0u);
}

// A TLS 1.2 ClientHello record naming `sni`, as a client sends it after STARTTLS.
std::string client_hello(const std::string& sni) {
  auto be16 = [](size_t n) { return std::string{static_cast<char>(n >> 8), static_cast<char>(n & 0xff)}; };
  std::string name_entry = std::string(1, '\0') + be16(sni.size()) + sni;
  std::string server_name = be16(name_entry.size()) + name_entry;
  std::string extensions = be16(0) + be16(server_name.size()) + server_name;
  std::string body = std::string("\x03\x03") + std::string(32, 'r') + std::string(1, '\0') + be16(2) + "\x13\x01" +
                     std::string("\x01\x00", 2) + be16(extensions.size()) + extensions;
  std::string handshake = std::string(1, '\x01') + std::string(1, '\0') + be16(body.size()) + body;
  return std::string("\x16\x03\x01") + be16(handshake.size()) + handshake;
}

// Suricata's app_proto_tc: a TLS client on the SMTPS port meets a server that
// greets in plain SMTP; each side's first data is probed.
TEST(AppLayer, TheOtherSideMayShowAnotherProtocol) {
  AppLayer app(true, 465);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes(client_hello("mail.example")), sink, stats);
  app.on_data(Direction::ToClient, bytes("220 mx ESMTP\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "tls");
  EXPECT_EQ(app.app_proto_of(Direction::ToClient), "smtp");
  EXPECT_EQ(app.app_proto_of(Direction::ToServer), "");
  AppLayer agreeing(true, 80);
  agreeing.on_data(Direction::ToServer, bytes(kRequest), sink, stats);
  agreeing.on_data(Direction::ToClient, bytes(kResponse), sink, stats);
  EXPECT_EQ(agreeing.app_proto_of(Direction::ToClient), "");
}

TEST(AppLayer, SmtpStartTlsHandsTheFlowToTls) {
  AppLayer app(true, 25);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToClient, bytes("220 mx ESMTP\r\n"), sink, stats);
  app.on_data(Direction::ToServer, bytes("EHLO c.example\r\nSTARTTLS\r\n"), sink, stats);
  app.on_data(Direction::ToClient, bytes("250 mx\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "smtp");
  app.on_data(Direction::ToClient, bytes("220 2.0.0 Ready to start TLS\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "tls");
  EXPECT_EQ(app.app_proto_orig(), "smtp");
  app.on_data(Direction::ToServer, bytes(client_hello("mail.example")), sink, stats);
  app.finish(sink, stats);
  ASSERT_EQ(sink.records.size(), 2u) << sink.records.size();
  EXPECT_EQ(sink.records[0].rfind("smtp ", 0), 0u) << sink.records[0];
  EXPECT_EQ(sink.records[1].rfind("tls ", 0), 0u) << sink.records[1];
  EXPECT_NE(sink.records[1].find("mail.example"), std::string::npos) << sink.records[1];
  EXPECT_TRUE(sink.anomalies.empty()) << sink.anomalies[0];
}

TEST(AppLayer, TlsThroughAnHttpConnectTunnelIsDetected) {
  AppLayer app(true, 3128);
  AppLayerStats stats;
  RecordingSink sink;
  // The client sends its ClientHello before the proxy's answer: it waits in the HTTP parser.
  app.on_data(Direction::ToServer, bytes("CONNECT mail.example:443 HTTP/1.1\r\nHost: mail.example:443\r\n\r\n"),
              sink, stats);
  app.on_data(Direction::ToServer, bytes(client_hello("mail.example")), sink, stats);
  EXPECT_EQ(app.app_proto(), "http");
  app.on_data(Direction::ToClient, bytes("HTTP/1.1 200 Connection established\r\n\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "tls");
  EXPECT_EQ(app.app_proto_orig(), "http");
  app.finish(sink, stats);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0].rfind("http ", 0), 0u) << sink.records[0];
  EXPECT_EQ(sink.records[1].rfind("tls ", 0), 0u) << sink.records[1];
  EXPECT_NE(sink.records[1].find("mail.example"), std::string::npos) << sink.records[1];
}

TEST(AppLayer, ATunnelWhoseServerSpeaksFirstIsNoHttp) {
  AppLayer app(true, 3128);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToServer, bytes("CONNECT abc:22 HTTP/1.1\r\n\r\n"), sink, stats);
  app.on_data(Direction::ToClient, bytes("HTTP/1.1 200 OK\r\n\r\nSSH-2.0-OpenSSH_9.2\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "ssh");
  EXPECT_EQ(app.app_proto_orig(), "http");
}

TEST(AppLayer, FtpAuthTlsHandsTheFlowToTls) {
  AppLayer app(true, 21);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToClient, bytes("220 FTP server ready\r\n"), sink, stats);
  app.on_data(Direction::ToServer, bytes("AUTH TLS\r\n"), sink, stats);
  app.on_data(Direction::ToClient, bytes("234 Proceed with negotiation.\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "tls");
  EXPECT_EQ(app.app_proto_orig(), "ftp");
  app.on_data(Direction::ToServer, bytes(client_hello("files.example")), sink, stats);
  app.finish(sink, stats);
  ASSERT_EQ(sink.records.size(), 3u);
  EXPECT_NE(sink.records[1].find("\"command\":\"AUTH\""), std::string::npos) << sink.records[1];
  EXPECT_NE(sink.records[2].find("files.example"), std::string::npos) << sink.records[2];
}

TEST(AppLayer, RefusedStartTlsStaysSmtp) {
  AppLayer app(true, 25);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToClient, bytes("220 mx ESMTP\r\n"), sink, stats);
  app.on_data(Direction::ToServer, bytes("EHLO c\r\nSTARTTLS\r\n"), sink, stats);
  app.on_data(Direction::ToClient, bytes("250 mx\r\n501 5.5.4 Syntax error\r\n"), sink, stats);
  EXPECT_EQ(app.app_proto(), "smtp");
  EXPECT_EQ(app.app_proto_orig(), "");
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"TLS_REJECTED"});
}

// As Suricata counts them: a TLS session is one transaction a flow never adds to.
TEST(AppLayer, TlsTransactionsAreNotCountedSmtpOnesAre) {
  AppLayer app(true, 25);
  AppLayerStats stats;
  RecordingSink sink;
  app.on_data(Direction::ToClient, bytes("220 mx ESMTP\r\n"), sink, stats);
  app.on_data(Direction::ToServer, bytes("EHLO c.example\r\nSTARTTLS\r\n"), sink, stats);
  app.on_data(Direction::ToClient, bytes("250 mx\r\n220 go ahead\r\n"), sink, stats);
  app.on_data(Direction::ToServer, bytes(client_hello("mail.example")), sink, stats);
  app.finish(sink, stats);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(stats.tx_tcp[index_of("smtp")], 1u);
  EXPECT_EQ(stats.tx_tcp[index_of("tls")], 0u);
}

}  // namespace
}  // namespace rampart::proto
