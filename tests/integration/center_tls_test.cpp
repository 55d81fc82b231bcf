// End to end: `rampart center serve` with TLS (--tls-cert/--tls-key, or tls: in
// center.yaml) on a free loopback port, with a certificate made at test time:
// /healthz, authenticated API calls and an ingest over one kept-alive HTTPS
// connection; a plain-HTTP request to the TLS port is closed without an answer
// and the server keeps serving; a missing or mismatched certificate or key stops
// start-up with an error naming the file.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"
#include "integration/test_certificate.hpp"
#include "upload/http_poster.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
constexpr std::chrono::seconds kTimeout{10};

class CenterTls : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / ("rampart-center-tls-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "center");
    store_ = sqlite_store_args(dir_ / "center");
    certificate_ = make_self_signed_certificate(dir_, "center");
    ASSERT_FALSE(certificate_.certificate.empty());
    auto sensor = run_center_cli("sensor add edge-1 " + store_);
    ASSERT_EQ(sensor.exit_code, 0);
    sensor_token_ = sensor.out;
    auto analyst = run_center_cli("user add ana --role analyst " + store_, "s3cret pass\n");
    ASSERT_EQ(analyst.exit_code, 0);
    analyst_token_ = analyst.out;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string tls_args(const fs::path& certificate, const fs::path& key) const {
    return "--tls-cert '" + certificate.string() + "' --tls-key '" + key.string() + "'";
  }

  std::unique_ptr<upload::HttpPoster> https_client(uint16_t port) const {
    auto url = upload::parse_center_url("https://127.0.0.1:" + std::to_string(port));
    auto client = upload::HttpPoster::create(*url, certificate_.certificate.string());
    return client ? std::move(*client) : nullptr;
  }

  fs::path dir_;
  std::string store_;
  TestCertificate certificate_;
  std::string sensor_token_;
  std::string analyst_token_;
};

std::string bearer(const std::string& token) { return "Bearer " + token; }

TEST_F(CenterTls, ServesTheApiOverHttps) {
  CenterServer server(store_, tls_args(certificate_.certificate, certificate_.key));
  ASSERT_TRUE(server.started()) << server.log();
  EXPECT_NE(server.log().find("(https)"), std::string::npos) << server.log();
  auto client = https_client(server.port());
  ASSERT_TRUE(client);
  auto health = client->get("/healthz", {}, kTimeout);
  ASSERT_TRUE(health) << health.error();
  EXPECT_EQ(health->status, 200u);
  std::string event = R"({"timestamp":"2024-01-01T00:00:00Z","event_type":"alert","src_ip":"10.0.0.1",)"
                      R"("dest_ip":"10.0.0.2","alert":{"signature_id":7,"severity":1,"signature":"tls test"}})"
                      "\n";
  auto ingest = client->post("/api/v1/events?batch=tls-1",
                             {{"Authorization", bearer(sensor_token_)}, {"Content-Type", "application/x-ndjson"}},
                             event, kTimeout);
  ASSERT_TRUE(ingest) << ingest.error();
  EXPECT_EQ(ingest->status / 100, 2u) << ingest->body;
  auto unauthenticated = client->get("/api/v1/alerts", {}, kTimeout);
  ASSERT_TRUE(unauthenticated);
  EXPECT_EQ(unauthenticated->status, 401u);
  auto alerts = client->get("/api/v1/alerts", {{"Authorization", bearer(analyst_token_)}}, kTimeout);
  ASSERT_TRUE(alerts) << alerts.error();
  ASSERT_EQ(alerts->status, 200u) << alerts->body;
  auto body = json::parse(alerts->body);
  ASSERT_EQ(body["alerts"].size(), 1u) << alerts->body;
  EXPECT_EQ(body["alerts"][0]["event"]["alert"]["signature"], "tls test");
  // Every exchange above ran on the one connection the client keeps alive.
  auto metrics = client->get("/metrics", {{"Authorization", bearer(analyst_token_)}}, kTimeout);
  ASSERT_TRUE(metrics) << metrics.error();
  EXPECT_NE(metrics->body.find("rampart_center_http_connections_open 1\n"), std::string::npos) << metrics->body;
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_F(CenterTls, APlainHttpRequestIsClosedAndTheServerKeepsServing) {
  CenterServer server(store_, tls_args(certificate_.certificate, certificate_.key));
  ASSERT_TRUE(server.started()) << server.log();
  std::string answer = exchange_raw(server.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  CenterClient plain(server.port());
  EXPECT_FALSE(plain.get("/healthz", ""));
  auto client = https_client(server.port());
  ASSERT_TRUE(client);
  auto health = client->get("/healthz", {}, kTimeout);
  ASSERT_TRUE(health) << health.error();
  EXPECT_EQ(health->status, 200u);
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_F(CenterTls, AnUntrustedClientFailsItsHandshake) {
  CenterServer server(store_, tls_args(certificate_.certificate, certificate_.key));
  ASSERT_TRUE(server.started()) << server.log();
  auto other = make_self_signed_certificate(dir_, "other");
  auto url = upload::parse_center_url("https://127.0.0.1:" + std::to_string(server.port()));
  auto client = upload::HttpPoster::create(*url, other.certificate.string());
  ASSERT_TRUE(client);
  auto health = (*client)->get("/healthz", {}, kTimeout);
  ASSERT_FALSE(health);
  EXPECT_NE(health.error().find("TLS handshake"), std::string::npos) << health.error();
  EXPECT_NE(health.error().find("certificate verify failed"), std::string::npos) << health.error();
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_F(CenterTls, TheConfigFileNamesTheFilesRelativeToItself) {
  std::ofstream(dir_ / "center.yaml") << "tls:\n  certificate: center.crt\n  key: center.key\n";
  CenterServer server(store_, "-c '" + (dir_ / "center.yaml").string() + "'");
  ASSERT_TRUE(server.started()) << server.log();
  auto client = https_client(server.port());
  ASSERT_TRUE(client);
  auto health = client->get("/healthz", {}, kTimeout);
  ASSERT_TRUE(health) << health.error();
  EXPECT_EQ(health->status, 200u);
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_F(CenterTls, BadCertificatesOrKeysStopStartUpNamingTheFile) {
  auto other = make_self_signed_certificate(dir_, "other");
  auto missing = dir_ / "missing.crt";
  struct Case {
    std::string args;
    std::string expected;
  };
  std::ofstream(dir_ / "bad.yaml") << "tls:\n  certificate: center.crt\n";
  std::ofstream(dir_ / "not-pem.crt") << "not a certificate\n";
  for (const auto& [args, expected] : std::vector<Case>{
           {tls_args(missing, certificate_.key), missing.string() + ": cannot read it"},
           {tls_args(dir_ / "not-pem.crt", certificate_.key), (dir_ / "not-pem.crt").string()},
           {tls_args(certificate_.certificate, other.key),
            other.key.string() + " does not match the certificate " + certificate_.certificate.string()},
           {"--tls-cert '" + certificate_.certificate.string() + "'", "the key is missing"},
           {"-c '" + (dir_ / "bad.yaml").string() + "'", "tls.key must name a PEM file"}}) {
    CenterServer server(store_, args);
    EXPECT_FALSE(server.started()) << args;
    EXPECT_NE(server.log().find(expected), std::string::npos) << args << "\n" << server.log();
  }
}

}  // namespace
}  // namespace rampart::testing
