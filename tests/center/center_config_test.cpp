// center.yaml and the listen address.
#include <gtest/gtest.h>

#include <fstream>

#include "center/center_config.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

std::expected<CenterConfig, std::string> load(const std::string& yaml) {
  testing::TempDir dir;
  auto path = (dir.path() / "center.yaml").string();
  std::ofstream(path) << yaml;
  CenterConfig config;
  if (auto loaded = load_center_config(path, config); !loaded) return std::unexpected(loaded.error());
  return config;
}

TEST(CenterConfig, ReadsEveryKey) {
  auto config = load(
      "listen: 0.0.0.0:9000\ndata: /srv/center\ndb: postgres://r@db/rampart\n"
      "limits:\n  max-body-bytes: 1000\n  max-decompressed-bytes: 5000\n  read-timeout-seconds: 7\n"
      "threads-per-core: 4\n");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->listen, "0.0.0.0:9000");
  EXPECT_EQ(config->data_dir, "/srv/center");
  EXPECT_EQ(config->database_url, "postgres://r@db/rampart");
  EXPECT_EQ(config->max_body_bytes, 1000u);
  EXPECT_EQ(config->max_decompressed_bytes, 5000u);
  EXPECT_EQ(config->read_timeout_seconds, 7u);
  EXPECT_EQ(config->threads_per_core, 4u);
}

TEST(CenterConfig, MissingKeysKeepTheDefaults) {
  auto config = load("data: /srv/center\n");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->listen, "127.0.0.1:8470");
  EXPECT_EQ(config->max_body_bytes, CenterConfig{}.max_body_bytes);
  EXPECT_EQ(config->threads_per_core, 2u);
  EXPECT_TRUE(load("")) << "an empty file is an empty configuration";
}

TEST(CenterConfig, BadFilesAreErrorsNamingTheKey) {
  for (const auto& [yaml, part] : std::vector<std::pair<std::string, std::string>>{
           {"colour: red\n", "colour"},
           {"limits:\n  max-body-bytes: 0\n", "max-body-bytes"},
           {"limits:\n  read-timeout-seconds: soon\n", "read-timeout-seconds"},
           {"limits: 5\n", "limits"},
           {"threads-per-core: 0\n", "threads-per-core"},
           {"threads-per-core: 65\n", "threads-per-core"},
           {"threads-per-core: many\n", "threads-per-core"},
           {"threads-per-core: [2]\n", "threads-per-core"},
           {"listen: [1, 2]\n", "listen"},
           {"- a\n- b\n", "mapping"},
           {"limits: {max-body-bytes: 1\n", "center.yaml"}}) {
    auto config = load(yaml);
    ASSERT_FALSE(config) << yaml;
    EXPECT_NE(config.error().find(part), std::string::npos) << config.error();
  }
}

TEST(CenterConfig, TlsFilesAreRelativeToTheConfigFile) {
  testing::TempDir dir;
  auto path = (dir.path() / "center.yaml").string();
  std::ofstream(path) << "tls:\n  certificate: certs/center.pem\n  key: /etc/rampart/center.key\n";
  CenterConfig config;
  ASSERT_TRUE(load_center_config(path, config));
  EXPECT_TRUE(config.tls.enabled());
  EXPECT_EQ(config.tls.certificate, (dir.path() / "certs/center.pem").string());
  EXPECT_EQ(config.tls.key, "/etc/rampart/center.key");
  EXPECT_FALSE(load("data: x\n")->tls.enabled());
  for (const auto& [yaml, part] : std::vector<std::pair<std::string, std::string>>{
           {"tls: yes\n", "tls must be a mapping"},
           {"tls:\n  certificate: a.pem\n", "tls.key must name a PEM file"},
           {"tls:\n  certificate: a.pem\n  key: b.pem\n  ciphers: x\n", "unknown key tls.ciphers"}}) {
    auto refused = load(yaml);
    ASSERT_FALSE(refused) << yaml;
    EXPECT_NE(refused.error().find(part), std::string::npos) << refused.error();
  }
}

TEST(CenterConfig, Notifications) {
  auto config = load(
      "notifications:\n  webhooks:\n    - url: http://hooks.example:8080/rampart\n      secret: s3cret\n"
      "    - {url: \"http://[::1]/x\"}\n    - {url: \"https://soar.example/in\", ca-file: certs/soar-ca.pem}\n"
      "  max-attempts: 3\n  first-retry-ms: 250\n  queue-capacity: 10\n");
  ASSERT_TRUE(config) << config.error();
  const auto& settings = config->notifications;
  ASSERT_EQ(settings.webhooks.size(), 3u);
  EXPECT_EQ(settings.webhooks[0].url.host, "hooks.example");
  EXPECT_EQ(settings.webhooks[0].url.port, 8080);
  EXPECT_EQ(settings.webhooks[0].secret, "s3cret");
  EXPECT_EQ(settings.webhooks[1].url.target, "/x");
  EXPECT_EQ(settings.webhooks[1].secret, "");
  EXPECT_TRUE(settings.webhooks[2].url.tls);
  EXPECT_TRUE(settings.webhooks[2].ca_file.ends_with("/certs/soar-ca.pem")) << settings.webhooks[2].ca_file;
  EXPECT_TRUE(settings.webhooks[0].ca_file.empty());
  EXPECT_EQ(settings.max_attempts, 3);
  EXPECT_EQ(settings.first_retry, std::chrono::milliseconds(250));
  EXPECT_EQ(settings.queue_capacity, 10u);
  EXPECT_TRUE(load("data: x\n")->notifications.webhooks.empty());
  for (const auto& [yaml, part] : std::vector<std::pair<std::string, std::string>>{
           {"notifications: 5\n", "notifications must be a mapping"},
           {"notifications:\n  webhooks: {url: x}\n", "must be a list"},
           {"notifications:\n  webhooks:\n    - secret: x\n", "webhooks[0]: needs a url"},
           {"notifications:\n  webhooks:\n    - url: ftp://x/\n", "starts with http:// or https://"},
           {"notifications:\n  webhooks:\n    - {url: https://x/, ca-file: \"\"}\n", "ca-file must be a file name"},
           {"notifications:\n  webhooks:\n    - {url: http://x/, colour: red}\n", "unknown key colour"},
           {"notifications:\n  max-attempts: 0\n", "notifications.max-attempts"},
           {"notifications:\n  sms: yes\n", "notifications.sms"}}) {
    auto bad = load(yaml);
    ASSERT_FALSE(bad) << yaml;
    EXPECT_NE(bad.error().find(part), std::string::npos) << bad.error();
  }
}

TEST(CenterConfig, MissingFileIsAnError) {
  CenterConfig config;
  EXPECT_FALSE(load_center_config("/nonexistent/center.yaml", config));
}

TEST(ListenAddress, ParsesHostAndPort) {
  auto v4 = parse_listen_address("127.0.0.1:8470");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8470);
  auto v6 = parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  for (const char* bad : {"127.0.0.1", ":80", "host:", "host:65536", "host:8o"})
    EXPECT_FALSE(parse_listen_address(bad)) << bad;
}

}  // namespace
}  // namespace rampart::center
