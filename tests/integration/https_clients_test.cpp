// End to end: the https clients of a TLS center (`center serve --tls-cert/--tls-key`,
// a certificate made at test time). The sensor uploads a capture's events with
// --center https://… --center-ca and polls indicators with --indicators-from
// https://…; another center's feed poller reads a TAXII collection of the TLS
// center with its feed's ca_file. With a CA that did not sign the center's
// certificate each fails with a clear error, and the uploader keeps its events in
// the spool.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "integration/center_process.hpp"
#include "integration/run_sense.hpp"
#include "integration/test_certificate.hpp"
#include "upload/http_poster.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
constexpr std::chrono::seconds kTimeout{10};
constexpr const char* kTaxii = "application/taxii+json;version=2.1";

// The events of the spool's files, from the "-nCOUNT" suffix of each batch id.
uint64_t events_in_spool(const fs::path& spool) {
  static const std::regex kBatch(R"(.*-n(\d+)\.ndjson\.gz)");
  uint64_t events = 0;
  for (const auto& entry : fs::directory_iterator(spool)) {
    std::smatch match;
    std::string name = entry.path().filename().string();
    if (std::regex_match(name, match, kBatch)) events += std::stoull(match[1]);
  }
  return events;
}

json indicator(int n, const std::string& name, const std::string& pattern) {
  return json{{"type", "indicator"},
              {"spec_version", "2.1"},
              {"id", fmt::format("indicator--00000000-0000-4000-8000-{:012}", n)},
              {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", "2024-03-01T10:00:00.000Z"},
              {"name", name},
              {"pattern", pattern},
              {"pattern_type", "stix"},
              {"valid_from", "2024-03-01T00:00:00Z"}};
}

class HttpsClients : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / fmt::format("rampart-https-clients-{}-{}", ::getpid(), counter++);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "center");
    store_ = sqlite_store_args(dir_ / "center");
    certificate_ = make_self_signed_certificate(dir_, "center");
    other_ = make_self_signed_certificate(dir_, "other");
    ASSERT_FALSE(certificate_.certificate.empty());
    ASSERT_FALSE(other_.certificate.empty());
    sensor_token_ = cli("sensor add edge-1");
    analyst_token_ = cli("user add ana --role analyst", "s3cret pass\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `rampart center ARGS` on the TLS center's store; its first line of output.
  std::string cli(const std::string& args, const std::string& input = "") {
    auto result = run_center_cli(args + " " + store_, input);
    EXPECT_EQ(result.exit_code, 0) << args << ": " << result.out;
    return result.out.substr(0, result.out.find('\n'));
  }

  std::unique_ptr<CenterServer> start_tls_center() {
    auto server = std::make_unique<CenterServer>(store_, fmt::format("--tls-cert '{}' --tls-key '{}'",
                                                                     certificate_.certificate.string(),
                                                                     certificate_.key.string()));
    EXPECT_TRUE(server->started()) << server->log();
    return server;
  }

  std::string url(const CenterServer& server) const { return fmt::format("https://127.0.0.1:{}", server.port()); }

  // A request to the TLS center as the analyst (or with the given token).
  upload::HttpResponse call(const CenterServer& server, const std::string& method, const std::string& path,
                            const std::string& body = "", const std::string& token = "") const {
    auto client = upload::HttpPoster::create(*upload::parse_center_url(url(server)), certificate_.certificate.string());
    EXPECT_TRUE(client) << client.error();
    upload::HeaderList headers{{"Authorization", "Bearer " + (token.empty() ? analyst_token_ : token)},
                               {"Accept", kTaxii}, {"Content-Type", kTaxii}};
    auto response = method == "GET" ? (*client)->get(path, headers, kTimeout)
                                    : (*client)->post(path, headers, body, kTimeout);
    EXPECT_TRUE(response) << response.error();
    return response ? *response : upload::HttpResponse{};
  }

  size_t stored_alerts(const CenterServer& server) const {
    auto response = call(server, "GET", "/api/v1/alerts?limit=1000");
    EXPECT_EQ(response.status, 200u) << response.body;
    return json::parse(response.body, nullptr, false).value("alerts", json::array()).size();
  }

  SenseRun upload(const CenterServer& server, const TestCertificate& ca) const {
    return run_sense(data_path("alert_session.pcap"),
                     fmt::format("--workers 1 -S '{}' --center {} --center-ca '{}' --token {} "
                                 "--set center.batch-events=4 --set center.drain-timeout=500ms "
                                 "--set center.spool-dir='{}'",
                                 data_path("alert_rules/alert.rules"), url(server), ca.certificate.string(),
                                 sensor_token_, (dir_ / "spool").string()));
  }

  fs::path dir_;
  std::string store_;
  TestCertificate certificate_, other_;
  std::string sensor_token_, analyst_token_;
};

TEST_F(HttpsClients, SensorUploadsToATlsCenter) {
  auto server = start_tls_center();
  ASSERT_TRUE(server->started());
  auto run = upload(*server, certificate_);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto alerts = run.of_type("alert").size();
  ASSERT_GT(alerts, 0u);
  EXPECT_EQ(stored_alerts(*server), alerts) << run.stderr_text;
  EXPECT_EQ(events_in_spool(dir_ / "spool"), 0u);
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(HttpsClients, AnUploadUnderTheWrongCaFailsAndStaysInTheSpool) {
  auto server = start_tls_center();
  ASSERT_TRUE(server->started());
  auto run = upload(*server, other_);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("TLS handshake"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("certificate verify failed"), std::string::npos) << run.stderr_text;
  EXPECT_EQ(events_in_spool(dir_ / "spool"), run.events.size());
  EXPECT_EQ(stored_alerts(*server), 0u);
  // With the right CA the next run sends what the first left in the spool too.
  auto retry = upload(*server, certificate_);
  ASSERT_EQ(retry.exit_code, 0) << retry.stderr_text;
  EXPECT_EQ(events_in_spool(dir_ / "spool"), 0u);
  EXPECT_EQ(stored_alerts(*server), run.of_type("alert").size() + retry.of_type("alert").size());
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(HttpsClients, SensorPollsIndicatorsFromATlsCenter) {
  cli("group add own --orgs default");
  auto collection = cli("collection add Indicators --read own --write own");
  json bundle{{"type", "bundle"},
              {"id", "bundle--00000000-0000-4000-8000-000000000099"},
              {"objects", {indicator(1, "server block", "[ipv4-addr:value = '10.7.0.0/16']")}}};
  std::ofstream(dir_ / "bundle.json") << bundle.dump();
  cli(fmt::format("import '{}' --collection {}", (dir_ / "bundle.json").string(), collection));
  auto server = start_tls_center();
  ASSERT_TRUE(server->started());
  auto poll = [&](const TestCertificate& ca) {
    return run_sense(data_path("http_pipeline.pcap"),
                     fmt::format("--workers 1 --indicators-from {} --center-ca '{}' --token {}", url(*server),
                                 ca.certificate.string(), sensor_token_));
  };
  auto intel_alerts = [](const SenseRun& run) {
    size_t n = 0;
    for (const auto& alert : run.of_type("alert")) n += alert["alert"]["signature"] == "Rampart intel: server block";
    return n;
  };
  auto trusted = poll(certificate_);
  ASSERT_EQ(trusted.exit_code, 0) << trusted.stderr_text;
  EXPECT_EQ(intel_alerts(trusted), 2u) << trusted.stderr_text;  // the first packet of each of the two flows
  auto untrusted = poll(other_);
  ASSERT_EQ(untrusted.exit_code, 0) << untrusted.stderr_text;  // the sensor runs on without the center's indicators
  EXPECT_NE(untrusted.stderr_text.find("certificate verify failed"), std::string::npos) << untrusted.stderr_text;
  EXPECT_EQ(intel_alerts(untrusted), 0u);
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(HttpsClients, AFeedPollsATlsCentersCollection) {
  cli("org add cert-a");
  cli("group add peers --orgs cert-a");
  auto collection = cli("collection add Remote --read peers --write peers");
  auto publisher = cli("user add publisher --role analyst --org cert-a", "publisher pass\n");
  auto feeder = cli("user add feeder --role viewer --org cert-a", "feeder pass\n");
  auto server = start_tls_center();
  ASSERT_TRUE(server->started());
  json objects = json::array({indicator(1, "one", "[ipv4-addr:value = '10.1.0.1']"),
                              indicator(2, "two", "[ipv4-addr:value = '10.1.0.2']")});
  auto published = call(*server, "POST", fmt::format("/api1/collections/{}/objects/", collection),
                        json{{"objects", objects}}.dump(), publisher);
  ASSERT_EQ(published.status, 202u) << published.body;

  auto local = dir_ / "local";
  fs::create_directories(local);
  auto local_cli = [&](const std::string& args) { return run_center_cli(args + " " + sqlite_store_args(local)); };
  ASSERT_EQ(local_cli("group add locals --orgs default").exit_code, 0);
  auto into = local_cli("collection add FromPeers --read locals --write locals");
  ASSERT_EQ(into.exit_code, 0);
  auto write_config = [&](const TestCertificate& ca) {
    std::ofstream(local / "center.yaml") << fmt::format(
        "feeds:\n- name: peers\n  url: {}/api1/collections/{}/objects/\n  token: {}\n  into_collection: {}\n"
        "  ca_file: '{}'\n",
        url(*server), collection, feeder, into.out.substr(0, into.out.find('\n')), ca.certificate.string());
    return "feed poll peers -c '" + (local / "center.yaml").string() + "'";
  };
  auto errors = dir_ / "feed-errors.txt";
  auto untrusted = local_cli(write_config(other_) + " 2>'" + errors.string() + "'");
  EXPECT_NE(untrusted.exit_code, 0);
  std::ifstream error_file(errors);
  std::string error_text((std::istreambuf_iterator<char>(error_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(error_text.find("certificate verify failed"), std::string::npos) << error_text;
  auto trusted = local_cli(write_config(certificate_));
  EXPECT_EQ(trusted.exit_code, 0);
  EXPECT_EQ(trusted.out, "feed peers: imported 2 objects, rejected 0 (1 pages)");
  EXPECT_EQ(server->stop(), 0) << server->log();
}

}  // namespace
}  // namespace rampart::testing
