// The rule buffers of TLS sessions read from the parser's record after it was
// fed the generated handshakes of tests/tools/make_tls_pcaps.py: client SNI and
// fingerprints, server fingerprints and leaf certificate fields, each in the
// text form of the EVE record (the expected values come from OpenSSL/hashlib).
#include <algorithm>

#include "buffer_capture.hpp"
#include "proto/tls/digest.hpp"
#include "proto/tls/tls_certificate.hpp"
#include "proto/tls/tls_parser.hpp"
#include "tls_test_support.hpp"

namespace rampart::tls_test {
namespace {

using buffer_test::BufferSink;
using buffer_test::Buffers;
using buffer_test::Values;
using proto::Direction;

const std::vector<std::string> kNames = {
    "tls.sni",   "tls.cert_subject", "tls.cert_issuer", "tls.cert_serial", "tls.cert_fingerprint",
    "tls.certs", "tls.subjectaltname", "ja3.hash", "ja3.string", "ja3s.hash", "ja3s.string", "ja4.hash",
    "tls.alpn", "tls.random.client", "tls.random_time.client", "tls.random_bytes.client",
    "tls.random.server", "tls.random_time.server", "tls.random_bytes.server", "ssl_version", "ssl_state",
};

// Feeds the client's bytes, then the server's, `piece` bytes at a time; the one
// logged record's buffers (seen from `side` when given).
Buffers run(const Bytes& client, const Bytes& server, size_t piece = SIZE_MAX,
            std::optional<Direction> side = std::nullopt) {
  BufferSink sink(kNames);
  auto parser = proto::tls::make_tls_parser(true);
  for (auto [dir, bytes] : {std::pair{Direction::ToServer, &client}, std::pair{Direction::ToClient, &server}}) {
    for (size_t at = 0; at < bytes->size(); at += piece)
      parser->parse(dir, part(*bytes, at, std::min(bytes->size(), at + piece)), sink);
  }
  parser->finish(sink);
  EXPECT_EQ(sink.types, std::vector<std::string>{"tls"});
  const auto& records = side ? sink.sides[static_cast<size_t>(*side)] : sink.transactions;
  return records.empty() ? Buffers{} : records.front();
}

TEST(TlsBuffers, ClientHelloBuffers) {
  Buffers b = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  EXPECT_EQ(b["tls.sni"], Values{expect_value("tls12.sni")});
  EXPECT_EQ(b["ja3.string"], Values{expect_value("tls12.ja3.string")});
  EXPECT_EQ(b["ja3.hash"], Values{expect_value("tls12.ja3.hash")});
  EXPECT_EQ(b["ja4.hash"], Values{expect_value("tls12.ja4")});
}

TEST(TlsBuffers, ServerHelloAndCertificateBuffers) {
  Buffers b = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  EXPECT_EQ(b["ja3s.string"], Values{expect_value("tls12.ja3s.string")});
  EXPECT_EQ(b["ja3s.hash"], Values{expect_value("tls12.ja3s.hash")});
  EXPECT_EQ(b["tls.cert_subject"], Values{expect_value("cert.subject")});
  EXPECT_EQ(b["tls.cert_issuer"], Values{expect_value("cert.issuerdn")});
  EXPECT_EQ(b["tls.cert_serial"], Values{expect_value("cert.serial")});
  EXPECT_EQ(b["tls.cert_fingerprint"], Values{expect_value("cert.fingerprint")});
  EXPECT_EQ(b["tls.subjectaltname"], (Values{expect_value("cert.san0"), expect_value("cert.san1")}));
}

TEST(TlsBuffers, CertsAreTheDerCertificatesOfTheServersChain) {
  Buffers b = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  ASSERT_EQ(b["tls.certs"].size(), 1u) << "the generated chain holds the leaf only";
  const Bytes der(b["tls.certs"][0].begin(), b["tls.certs"][0].end());
  // Its SHA-1 is the fingerprint OpenSSL printed for the certificate it made.
  proto::tls::CertificateInfo info;
  ASSERT_TRUE(proto::tls::decode_certificate(der, info));
  EXPECT_EQ(info.fingerprint, expect_value("cert.fingerprint"));
  Bytes server = read_data("tls12_server.bin");
  EXPECT_NE(std::search(server.begin(), server.end(), der.begin(), der.end()), server.end()) << "bytes as sent";
}

// Decoded certificates are kept per thread and found by their bytes: the same bytes
// give the same fields again, other bytes of the same length are decoded on their own.
TEST(TlsBuffers, CertificatesDecodedAgainGiveTheSameFields) {
  Buffers b = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  ASSERT_EQ(b["tls.certs"].size(), 1u);
  const Bytes der(b["tls.certs"][0].begin(), b["tls.certs"][0].end());
  proto::tls::CertificateInfo first, again, other;
  ASSERT_TRUE(proto::tls::decode_certificate(der, first));
  ASSERT_TRUE(proto::tls::decode_certificate(der, again));
  EXPECT_EQ(again.subject, first.subject);
  EXPECT_EQ(again.issuer, first.issuer);
  EXPECT_EQ(again.serial, first.serial);
  EXPECT_EQ(again.fingerprint, first.fingerprint);
  EXPECT_EQ(again.not_after, first.not_after);
  Bytes changed = der;
  changed.back() ^= 0x01;  // a bit of the signature: still a certificate
  ASSERT_TRUE(proto::tls::decode_certificate(changed, other));
  EXPECT_EQ(other.subject, first.subject);
  EXPECT_NE(other.fingerprint, first.fingerprint);
  const Bytes cut(der.begin(), der.end() - 1);
  EXPECT_FALSE(proto::tls::decode_certificate(cut, other));
}

// A TLS 1.2 record of `type` holding `body`.
Bytes record(uint8_t type, const Bytes& body) {
  Bytes out{type, 3, 3, static_cast<uint8_t>(body.size() >> 8), static_cast<uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// `body` after a length of `width` bytes, as TLS prefixes vectors and messages.
Bytes prefixed(size_t width, const Bytes& body, Bytes head = {}) {
  for (size_t i = width; i > 0; --i) head.push_back(static_cast<uint8_t>(body.size() >> (8 * (i - 1))));
  head.insert(head.end(), body.begin(), body.end());
  return head;
}

TEST(TlsBuffers, CertsOfALongerChainInOrder) {
  Buffers first = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  ASSERT_EQ(first["tls.certs"].size(), 1u);
  const Bytes leaf(first["tls.certs"][0].begin(), first["tls.certs"][0].end());
  const Bytes intermediate{0x30, 0x03, 0x02, 0x01, 0x07};  // kept as sent, whatever it holds
  Bytes hello{3, 3};
  hello.resize(2 + 32, 0x5A);                     // version, random
  hello.insert(hello.end(), {0, 0xC0, 0x2F, 0});  // no session id, cipher, no compression
  Bytes list = prefixed(3, intermediate, prefixed(3, leaf));
  Bytes flight = prefixed(3, hello, {2});                          // ServerHello
  Bytes certificate = prefixed(3, prefixed(3, list), {11});           // Certificate
  flight.insert(flight.end(), certificate.begin(), certificate.end());
  flight.insert(flight.end(), {14, 0, 0, 0});                         // ServerHelloDone
  Buffers b = run(read_data("tls12_client.bin"), record(22, flight));
  EXPECT_EQ(b["tls.certs"], (Values{first["tls.certs"][0], std::string(intermediate.begin(), intermediate.end())}));
  EXPECT_EQ(b["tls.cert_fingerprint"], Values{expect_value("cert.fingerprint")});
}

TEST(TlsBuffers, AlpnsOfferedThenChosen) {
  Buffers b = run(read_data("tls12_client.bin"), read_data("tls12_server.bin"));
  ASSERT_GE(b["tls.alpn"].size(), 2u);
  EXPECT_EQ(b["tls.alpn"][0], "h2");
  EXPECT_EQ(b["tls.alpn"][1], "http/1.1");
}

TEST(TlsBuffers, EachSideSeesItsOwnCertificateAlpnsAndVersion) {
  Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  Buffers from_client = run(client, server, SIZE_MAX, Direction::ToServer);
  Buffers from_server = run(client, server, SIZE_MAX, Direction::ToClient);
  EXPECT_EQ(from_client["tls.cert_subject"], Values{}) << "the client sent no certificate";
  EXPECT_EQ(from_server["tls.cert_subject"], Values{expect_value("cert.subject")});
  EXPECT_EQ(from_server["tls.cert_fingerprint"], Values{expect_value("cert.fingerprint")});
  EXPECT_EQ(from_client["tls.alpn"], (Values{"h2", "http/1.1"}));
  EXPECT_EQ(from_server["tls.alpn"], Values{"http/1.1"});
  EXPECT_EQ(from_client["ssl_version"], Values{"tls1.2"});
  EXPECT_EQ(from_server["ssl_version"], Values{"tls1.2"});
  EXPECT_EQ(from_client["tls.sni"], Values{expect_value("tls12.sni")}) << "one-sided buffers are the same";
  Buffers tls13 = run(read_data("tls13_client.bin"), read_data("tls13_server.bin"), SIZE_MAX, Direction::ToClient);
  EXPECT_EQ(tls13["ssl_version"], Values{"tls1.3"}) << "the server's choice in supported_versions";
}

TEST(TlsBuffers, TheClientsCertificateSeenFromItsSide) {
  BufferSink sink(kNames);
  auto parser = proto::tls::make_tls_parser(true);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client1.bin"), sink);
  parser->parse(Direction::ToClient, read_data("tls12_client_auth_server1.bin"), sink);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client2.bin"), sink);
  parser->finish(sink);
  ASSERT_EQ(sink.sides[0].size(), 1u);
  // The generator sends the same certificate both ways.
  EXPECT_EQ(sink.sides[0][0]["tls.cert_subject"], Values{expect_value("cert.subject")});
  EXPECT_EQ(sink.sides[0][0]["tls.cert_serial"], Values{expect_value("cert.serial")});
  EXPECT_EQ(sink.sides[1][0]["tls.cert_subject"], Values{expect_value("cert.subject")});
}

// ssl_state's pseudo-buffer: the last handshake state of each side when the
// session is inspected (a certificate request clears the server's).
TEST(TlsBuffers, EachSideSeesItsLastHandshakeState) {
  Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  EXPECT_EQ(run(client, server, SIZE_MAX, Direction::ToServer)["ssl_state"], Values{"client_keyx"});
  EXPECT_EQ(run(client, server, SIZE_MAX, Direction::ToClient)["ssl_state"], Values{"server_hello"});
  Bytes hello_only = read_data("tls13_client.bin");
  EXPECT_EQ(run(hello_only, read_data("tls13_server.bin"), SIZE_MAX, Direction::ToServer)["ssl_state"],
            Values{"client_hello"});
  BufferSink sink(kNames);
  auto parser = proto::tls::make_tls_parser(true);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client1.bin"), sink);
  parser->parse(Direction::ToClient, read_data("tls12_client_auth_server1.bin"), sink);
  parser->parse(Direction::ToServer, read_data("tls12_client_auth_client2.bin"), sink);
  ASSERT_EQ(sink.sides[0].size(), 1u);
  EXPECT_EQ(sink.sides[0][0]["ssl_state"], Values{"client_keyx"});
  EXPECT_EQ(sink.sides[1][0]["ssl_state"], Values{"none"});
}

TEST(TlsBuffers, HelloRandomsWholeAndInParts) {
  Bytes client = read_data("tls12_client.bin");
  // Record header (5), handshake header (4) and version (2) come before the random.
  constexpr size_t kRandomAt = 11;
  ASSERT_GT(client.size(), kRandomAt + 32);
  std::string random(client.begin() + kRandomAt, client.begin() + kRandomAt + 32);
  Bytes hello{3, 3};
  hello.resize(2 + 32, 0x5A);
  hello.insert(hello.end(), {0, 0xC0, 0x2F, 0});
  Bytes flight = prefixed(3, hello, {2});
  flight.insert(flight.end(), {14, 0, 0, 0});
  Buffers b = run(client, record(22, flight));
  EXPECT_EQ(b["tls.random.client"], Values{random});
  EXPECT_EQ(b["tls.random_time.client"], Values{random.substr(0, 4)});
  EXPECT_EQ(b["tls.random_bytes.client"], Values{random.substr(4)});
  EXPECT_EQ(b["tls.random.server"], Values{std::string(32, 0x5A)});
  EXPECT_EQ(b["tls.random_time.server"], Values{std::string(4, 0x5A)});
  EXPECT_EQ(b["tls.random_bytes.server"], Values{std::string(28, 0x5A)});
  Buffers client_only = run(client, {});
  EXPECT_EQ(client_only["tls.random.server"], Values{});
}

TEST(TlsBuffers, Tls13HasNoSniAndNoCertificate) {
  Buffers b = run(read_data("tls13_client.bin"), read_data("tls13_server.bin"));
  EXPECT_EQ(b["ja4.hash"], Values{expect_value("tls13.ja4")});
  for (const char* name : {"tls.sni", "tls.cert_subject", "tls.cert_issuer", "tls.cert_serial", "tls.cert_fingerprint",
                           "tls.subjectaltname", "tls.certs"})
    EXPECT_EQ(b[name], Values{}) << name;
  ASSERT_EQ(b["ja3.string"].size(), 1u);
  EXPECT_TRUE(b["ja3.string"][0].starts_with("771,4865-4866-4867,")) << b["ja3.string"][0];
  EXPECT_EQ(b["ja3.hash"], Values{proto::tls::md5_hex(b["ja3.string"][0])});
  ASSERT_EQ(b["ja3s.string"].size(), 1u);
  EXPECT_EQ(b["ja3s.hash"], Values{proto::tls::md5_hex(b["ja3s.string"][0])});
}

TEST(TlsBuffers, ClientHelloAloneHasNoServerBuffers) {
  Buffers b = run(read_data("tls12_client.bin"), {});
  EXPECT_EQ(b["tls.sni"], Values{expect_value("tls12.sni")});
  for (const char* name : {"ja3s.hash", "ja3s.string", "tls.cert_subject", "tls.subjectaltname", "tls.certs"})
    EXPECT_EQ(b[name], Values{}) << name;
}

TEST(TlsBuffers, MutatedHandshakesKeepEveryBufferReadable) {
  std::mt19937 rng(3);
  const Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  size_t records = 0;
  for (int round = 0; round < 300; ++round) {
    BufferSink sink(kNames);
    auto parser = proto::tls::make_tls_parser(true);
    if (parser->parse(Direction::ToServer, buffer_test::mutated(client, rng), sink))
      parser->parse(Direction::ToClient, buffer_test::mutated(server, rng), sink);
    parser->finish(sink);
    records += sink.transactions.size();
  }
  EXPECT_GT(records, 100u) << "many mutated handshakes are still logged";
}

TEST(TlsBuffers, SameBuffersFedByteByByte) {
  Bytes client = read_data("tls12_client.bin"), server = read_data("tls12_server.bin");
  EXPECT_EQ(run(client, server, 1), run(client, server));
}

}  // namespace
}  // namespace rampart::tls_test
