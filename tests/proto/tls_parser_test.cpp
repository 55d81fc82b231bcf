// The TLS parser on generated handshakes (tests/tools/make_tls_pcaps.py): the
// logged record, its fingerprints and certificate fields, record and message
// splitting at every offset, resumption, TLS 1.3 and malformed input.
#include "proto/tls/tls_parser.hpp"

#include "proto/tls/tls_eve.hpp"
#include "proto/tls/tls_log_settings.hpp"
#include "proto/tls/tls_protocol.hpp"

#include "tls_test_support.hpp"

namespace rampart::tls_test {
namespace {

using proto::Direction;

// Feeds each side's bytes in two pieces cut at `cut` (clamped), client first.
RecordingSink run(const Bytes& client, const Bytes& server, size_t cut = 0, bool finish = true) {
  return run_split(proto::tls::tls_protocol(), Direction::ToServer, client, server, cut, finish);
}

TEST(TlsParser, FullHandshakeRecord) {
  auto sink = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"), 0, false);
  ASSERT_EQ(sink.records.size(), 1u) << "logged when both sides finished, before finish()";
  EXPECT_EQ(sink.types[0], "tls");
  EXPECT_TRUE(sink.anomalies.empty());
  const auto& tls = sink.records[0]["tls"];
  EXPECT_EQ(tls["version"], "TLS 1.2");
  EXPECT_EQ(tls["sni"], expect_value("tls12.sni"));
  EXPECT_EQ(tls["ja3"]["string"], expect_value("tls12.ja3.string"));
  EXPECT_EQ(tls["ja3"]["hash"], expect_value("tls12.ja3.hash"));
  EXPECT_EQ(tls["ja3s"]["string"], expect_value("tls12.ja3s.string"));
  EXPECT_EQ(tls["ja3s"]["hash"], expect_value("tls12.ja3s.hash"));
  EXPECT_EQ(tls["ja4"], expect_value("tls12.ja4"));
  EXPECT_EQ(tls["client_alpns"], nlohmann::json({"h2", "http/1.1"}));
  EXPECT_EQ(tls["server_alpns"], nlohmann::json({"http/1.1"}));
  EXPECT_FALSE(tls.contains("session_resumed"));
}

TEST(TlsParser, CertificateFields) {
  auto sink = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  ASSERT_EQ(sink.records.size(), 1u);
  const auto& tls = sink.records[0]["tls"];
  for (const char* key : {"subject", "issuerdn", "serial", "fingerprint", "notbefore", "notafter"})
    EXPECT_EQ(tls[key], expect_value(std::string("cert.") + key)) << key;
  EXPECT_EQ(tls["subjectaltname"], nlohmann::json({expect_value("cert.san0"), expect_value("cert.san1")}));
}

TEST(TlsParser, SameRecordWhereverTheStreamsAreSplit) {
  Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  auto whole = run(client, server).records;
  ASSERT_EQ(whole.size(), 1u);
  for (size_t cut = 1; cut < std::max(client.size(), server.size()); ++cut) {
    auto sink = run(client, server, cut);
    ASSERT_EQ(sink.records.size(), 1u) << cut;
    EXPECT_EQ(sink.records[0], whole[0]) << cut;
    EXPECT_TRUE(sink.anomalies.empty()) << cut;
  }
}

TEST(TlsParser, ByteByByte) {
  Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  for (size_t i = 0; i < client.size(); ++i) ASSERT_TRUE(parser->parse(Direction::ToServer, part(client, i, i + 1), sink));
  for (size_t i = 0; i < server.size(); ++i) ASSERT_TRUE(parser->parse(Direction::ToClient, part(server, i, i + 1), sink));
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0], run(client, server).records[0]);
}

// Suricata's encryption-handling acts from the first application data record.
TEST(TlsParser, EncryptedFromTheFirstApplicationDataRecord) {
  Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  const size_t last_record = server.size() - (5 + 64);  // the server's application data
  for (size_t cut = last_record - 50; cut < server.size(); ++cut) {
    RecordingSink sink;
    auto parser = proto::tls::make_tls_parser(true);
    ASSERT_TRUE(parser->parse(Direction::ToServer, client, sink));
    ASSERT_TRUE(parser->parse(Direction::ToClient, part(server, 0, cut), sink));
    EXPECT_FALSE(parser->encrypted()) << cut;  // the record is not complete yet
    ASSERT_TRUE(parser->parse(Direction::ToClient, part(server, cut, server.size()), sink));
    EXPECT_TRUE(parser->encrypted()) << cut;
  }
}

TEST(TlsParser, Tls13EncryptedAfterTheServerHelloFlight) {
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  ASSERT_TRUE(parser->parse(Direction::ToServer, read_data("tls13_client.bin"), sink));
  EXPECT_TRUE(parser->encrypted()) << "the client's own application data";
  parser = proto::tls::make_tls_parser(true);
  Bytes client = read_data("tls13_client.bin");
  ASSERT_TRUE(parser->parse(Direction::ToServer, part(client, 0, client.size() - (5 + 50)), sink));
  EXPECT_FALSE(parser->encrypted());
  ASSERT_TRUE(parser->parse(Direction::ToClient, read_data("tls13_server.bin"), sink));
  EXPECT_TRUE(parser->encrypted()) << "records after the ServerHello, in the same bytes";
}

TEST(TlsParser, EarlyDataIsNotTheEndOfTheHandshake) {
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  ASSERT_TRUE(parser->parse(Direction::ToServer, read_data("tls13_early_data_client.bin"), sink));
  EXPECT_FALSE(parser->encrypted());
  ASSERT_TRUE(parser->parse(Direction::ToClient, read_data("tls13_server.bin"), sink));
  EXPECT_TRUE(parser->encrypted());
}

TEST(TlsParser, Tls13) {
  auto sink = run(read_data("tls13_client.bin"), read_data("tls13_server.bin"), 0, false);
  ASSERT_EQ(sink.records.size(), 1u);
  const auto& tls = sink.records[0]["tls"];
  EXPECT_EQ(tls["version"], "TLS 1.3");
  EXPECT_EQ(tls["ja4"], expect_value("tls13.ja4"));
  EXPECT_FALSE(tls.contains("sni"));
  EXPECT_FALSE(tls.contains("subject"));
}

TEST(TlsParser, ResumedSessionLoggedAtTheServersChangeCipherSpec) {
  auto sink = run(read_data("tls12_resumed_client.bin"), read_data("tls12_resumed_server.bin"), 0, false);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["tls"]["session_resumed"], true);
}

TEST(TlsParser, RequestedClientCertificateIsAwaited) {
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client1.bin"), sink);
  parser->parse(Direction::ToClient, read_data("tls12_client_auth_server1.bin"), sink);
  EXPECT_TRUE(sink.records.empty());
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client2.bin"), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  const auto& tls = sink.records[0]["tls"];
  EXPECT_EQ(tls["client"]["subject"], expect_value("cert.subject"));
  EXPECT_EQ(tls["client"]["serial"], expect_value("cert.serial"));
  EXPECT_EQ(tls["client"]["notafter"], expect_value("cert.notafter"));
  EXPECT_EQ(tls["fingerprint"], expect_value("cert.fingerprint"));
}

// The record with eve-log tls custom: [certificate, chain, client_certificate, client_chain].
class CustomFieldsSink final : public proto::EventSink {
 public:
  void transaction(std::string_view, uint64_t, proto::LogDirection, const proto::EveFields& fields) override {
    proto::RecordOptions options;
    EXPECT_TRUE(proto::tls::set_log_custom(options.tls, "[subject, certificate, chain, client, client_certificate, client_chain]"));
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    fields.write_with(w, options);
    w.end_object();
    records.push_back(nlohmann::json::parse(text));
  }
  void anomaly(std::string_view) override {}
  std::vector<nlohmann::json> records;
};

TEST(TlsParser, CustomFieldsAddTheCertificatesOfBothSides) {
  CustomFieldsSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client1.bin"), sink);
  parser->parse(Direction::ToClient, read_data("tls12_client_auth_server1.bin"), sink);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client2.bin"), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  const auto& tls = sink.records[0]["tls"];
  ASSERT_TRUE(tls.contains("certificate")) << tls.dump();
  EXPECT_EQ(tls["chain"], nlohmann::json::array({tls["certificate"]})) << "a chain of one";
  EXPECT_TRUE(tls["certificate"].get<std::string>().starts_with("MII")) << "base64 of a DER SEQUENCE";
  EXPECT_EQ(tls["client"]["certificate"], tls["certificate"]) << "the generator sends one certificate both ways";
  EXPECT_EQ(tls["client"]["chain"], tls["chain"]);
  proto::TlsLogOptions options;
  EXPECT_FALSE(proto::tls::set_log_custom(options, "[certificate, nonsense]"));
}

// custom: [client_handshake, server_handshake]: the hellos' parameters as
// Suricata 8 logs them, GREASE values left out, the client's highest version.
TEST(TlsEve, HandshakeObjects) {
  proto::tls::TlsSession session;
  auto& client = session.client_hello.emplace();
  client.legacy_version = 0x0303;
  client.supported_versions = {0x3a3a, 0x0304, 0x0303};
  client.ciphers = {0x2a2a, 0x1301, 0xc02c};
  client.extensions = {0x0a0a, 0, 43};
  client.signature_algorithms = {0x0403};
  auto& server = session.server_hello.emplace();
  server.version = 0x0303;
  server.cipher = 0xc030;
  server.extensions = {0xff01, 11};
  auto render = [&](std::string_view custom) {
    proto::RecordOptions options;
    EXPECT_TRUE(proto::tls::set_log_custom(options.tls, custom));
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    proto::tls::TlsFields(session).write_with(w, options);
    w.end_object();
    return nlohmann::json::parse(text)["tls"];
  };
  auto tls = render("[client_handshake, server_handshake]");
  EXPECT_EQ(tls["client_handshake"], (nlohmann::json{{"version", "TLS 1.3"},
                                                     {"ciphers", {0x1301, 0xc02c}},
                                                     {"exts", {0, 43}},
                                                     {"sig_algs", {0x0403}}}));
  EXPECT_EQ(tls["server_handshake"], (nlohmann::json{{"version", "TLS 1.2"}, {"cipher", 0xc030}, {"exts", {0xff01, 11}}}));
  EXPECT_FALSE(render("[sni]").contains("client_handshake"));
}

TEST(TlsParser, Sslv2FramedClientHello) {
  // RFC 5246 E.2: msg_type 1, version 3.1, 3-byte cipher specs, no session id,
  // a 16-byte challenge.
  Bytes hello{0x80, 0x1c, 1, 3, 1, 0, 3, 0, 0, 0, 16, 0, 0, 0x2f};
  hello.resize(hello.size() + 16, 0xAA);
  EXPECT_EQ(proto::tls::tls_protocol().probe(Direction::ToServer, hello), proto::ProbeResult::Match);
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  EXPECT_TRUE(parser->parse(Direction::ToServer, hello, sink));
  parser->finish(sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["tls"]["version"], "TLSv1");
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST(TlsParser, NothingLoggedWithoutAHello) {
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  parser->finish(sink);
  EXPECT_TRUE(sink.records.empty());
}

Bytes record(uint8_t type, uint16_t version, const Bytes& body) {
  Bytes out{type, static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version), static_cast<uint8_t>(body.size() >> 8),
            static_cast<uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes handshake(uint8_t type, const Bytes& body) {
  Bytes out{type, static_cast<uint8_t>(body.size() >> 16), static_cast<uint8_t>(body.size() >> 8),
            static_cast<uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

struct Malformed {
  const char* name;
  Bytes bytes;
  Direction dir;
  const char* event;
  bool stops;
};

// Keeps GoogleTest from printing the case as raw bytes (pointer values would make
// the test names ctest discovers differ from run to run).
void PrintTo(const Malformed& m, std::ostream* os) { *os << m.name; }

class TlsMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(TlsMalformed, ReportsSuricatasEvent) {
  const Malformed& m = GetParam();
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  EXPECT_EQ(parser->parse(m.dir, m.bytes, sink), !m.stops);
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{m.event});
}

INSTANTIATE_TEST_SUITE_P(
    Events, TlsMalformed,
    ::testing::Values(
        Malformed{"type", record(99, 0x0303, {1, 2}), Direction::ToServer, "INVALID_RECORD_TYPE", true},
        Malformed{"version", record(22, 0x0403, {1, 2}), Direction::ToServer, "INVALID_RECORD_VERSION", true},
        Malformed{"length", Bytes{22, 3, 3, 0x48, 0x01}, Direction::ToServer, "INVALID_RECORD_LENGTH", true},
        Malformed{"handshake_type", record(22, 0x0303, handshake(99, {0})), Direction::ToServer,
                  "INVALID_HANDSHAKE_MESSAGE", false},
        Malformed{"truncated_hello", record(22, 0x0303, handshake(1, {3, 3, 0})), Direction::ToServer,
                  "HANDSHAKE_INVALID_LENGTH", false},
        Malformed{"certificate_der", record(22, 0x0303, handshake(11, {0, 0, 5, 0, 0, 2, 0x30, 0x00})),
                  Direction::ToClient, "INVALID_CERTIFICATE", false},
        Malformed{"certificate_length", record(22, 0x0303, handshake(11, {0, 0, 9, 0, 0, 2, 0x30})),
                  Direction::ToClient, "CERTIFICATE_INVALID_LENGTH", false},
        Malformed{"heartbeat", record(24, 0x0303, {1, 0, 0}), Direction::ToServer, "HEARTBEAT_MESSAGE", false}),
    [](const ::testing::TestParamInfo<Malformed>& p) { return std::string(p.param.name); });

TEST(TlsParser, OversizedHandshakeMessageStopsTheDirection) {
  RecordingSink sink;
  auto parser = proto::tls::make_tls_parser(true);
  EXPECT_TRUE(parser->parse(Direction::ToClient, record(22, 0x0303, {11, 0x10, 0, 0}), sink));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"HANDSHAKE_INVALID_LENGTH"});
}

}  // namespace
}  // namespace rampart::tls_test
