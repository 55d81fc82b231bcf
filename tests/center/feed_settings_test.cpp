// The feeds: section of center.yaml: both URL forms, credentials, durations, the CA
// file relative to center.yaml, and errors naming the file, the entry and the key.
#include <gtest/gtest.h>

#include <fstream>

#include "center/center_config.hpp"
#include "temp_dir.hpp"

namespace rampart::center::feeds {
namespace {

struct Loaded {
  std::expected<CenterConfig, std::string> config;
  std::string path;
};

Loaded load(const testing::TempDir& dir, const std::string& yaml) {
  auto path = (dir.path() / "center.yaml").string();
  std::ofstream(path) << yaml;
  CenterConfig config;
  if (auto loaded = load_center_config(path, config); !loaded) return {std::unexpected(loaded.error()), path};
  return {config, path};
}

constexpr const char* kInto = "into_collection: 0a1b2c3d-0000-4000-8000-000000000002\n";

TEST(FeedSettings, ReadsAnObjectsUrlFeedWithEveryKey) {
  testing::TempDir dir;
  auto loaded = load(dir, std::string("feeds:\n- name: cert-peers\n"
                                      "  url: https://taxii.example:8443/api1/collections/abc-1/objects/\n"
                                      "  token: rpt_secret\n  interval: 10m\n  retry: 5s\n  limit: 500\n"
                                      "  org: cert-a\n  ca_file: certs/peers.pem\n  ") + kInto);
  ASSERT_TRUE(loaded.config) << loaded.config.error();
  ASSERT_EQ(loaded.config->feeds.size(), 1u);
  const auto& feed = loaded.config->feeds[0];
  EXPECT_EQ(feed.name, "cert-peers");
  EXPECT_TRUE(feed.objects_url.tls);
  EXPECT_EQ(feed.objects_url.host, "taxii.example");
  EXPECT_EQ(feed.objects_url.port, "8443");
  EXPECT_EQ(feed.objects_url.path_prefix, "/api1/collections/abc-1/objects");
  EXPECT_EQ(feed.token, "rpt_secret");
  EXPECT_EQ(feed.interval, std::chrono::seconds(600));
  EXPECT_EQ(feed.first_retry, std::chrono::seconds(5));
  EXPECT_EQ(feed.limit, 500u);
  EXPECT_EQ(feed.organisation, "cert-a");
  EXPECT_EQ(feed.into_collection, "0a1b2c3d-0000-4000-8000-000000000002");
  EXPECT_EQ(feed.ca_file, (dir.path() / "certs/peers.pem").string());
}

TEST(FeedSettings, AnApiRootWithACollectionIdAndDefaults) {
  testing::TempDir dir;
  auto loaded = load(dir, std::string("feeds:\n- name: a\n  url: http://127.0.0.1:9000/api1/\n  collection: c-1\n"
                                      "  username: ana\n  password: secret\n  ") + kInto);
  ASSERT_TRUE(loaded.config) << loaded.config.error();
  const auto& feed = loaded.config->feeds.at(0);
  EXPECT_FALSE(feed.objects_url.tls);
  EXPECT_EQ(feed.objects_url.path_prefix, "/api1/collections/c-1/objects");
  EXPECT_EQ(feed.username, "ana");
  EXPECT_EQ(feed.password, "secret");
  EXPECT_EQ(feed.interval, std::chrono::seconds(3600));
  EXPECT_EQ(feed.first_retry, std::chrono::seconds(30));
  EXPECT_EQ(feed.organisation, "default");
  EXPECT_FALSE(feed.limit);
  EXPECT_TRUE(feed.ca_file.empty());
}

TEST(FeedSettings, ErrorsNameTheFileTheEntryAndTheKey) {
  testing::TempDir dir;
  const std::string url = "  url: http://h/api1/collections/c/objects/\n";
  struct Case {
    std::string yaml;
    std::string expected;
  };
  for (const auto& bad : std::vector<Case>{
           {"feeds: {name: a}\n", "feeds must be a list"},
           {"feeds:\n- just text\n", "feeds[0]: must be a mapping"},
           {"feeds:\n- name: a\n" + url + "  colour: red\n  " + kInto, "feeds[0]: unknown key \"colour\""},
           {"feeds:\n- url: http://h/api1/collections/c/objects/\n  " + std::string(kInto), "feeds[0].name: is required"},
           {"feeds:\n- name: a b\n" + url + "  " + kInto, "feeds[0].name: use"},
           {"feeds:\n- name: a\n  " + std::string(kInto), "feeds[0].url: is required"},
           {"feeds:\n- name: a\n  url: ftp://h/x/objects/\n  " + std::string(kInto), "feeds[0].url: center URL"},
           {"feeds:\n- name: a\n  url: http://h/api1/\n  " + std::string(kInto), "feeds[0].url: must be a collection's"},
           {"feeds:\n- name: a\n  url: http://h/api1/\n  collection: c/../x\n  " + std::string(kInto),
            "feeds[0].collection"},
           {"feeds:\n- name: a\n" + url, "feeds[0].into_collection: is required"},
           {"feeds:\n- name: a\n" + url + "  token: t\n  username: u\n  password: p\n  " + kInto, "feeds[0].token"},
           {"feeds:\n- name: a\n" + url + "  username: u\n  " + kInto, "feeds[0].username: needs a password"},
           {"feeds:\n- name: a\n" + url + "  interval: soon\n  " + kInto, "feeds[0].interval: \"soon\""},
           {"feeds:\n- name: a\n" + url + "  retry: -3s\n  " + kInto, "feeds[0].retry"},
           {"feeds:\n- name: a\n" + url + "  limit: 0\n  " + kInto, "feeds[0].limit: must be a positive integer"},
           {"feeds:\n- name: a\n" + url + "  " + kInto + "- name: a\n" + url + "  " + kInto,
            "feeds[1].name: \"a\" is used twice"},
       }) {
    auto loaded = load(dir, bad.yaml);
    ASSERT_FALSE(loaded.config) << bad.yaml;
    EXPECT_NE(loaded.config.error().find(loaded.path), std::string::npos) << loaded.config.error();
    EXPECT_NE(loaded.config.error().find(bad.expected), std::string::npos) << loaded.config.error();
  }
}

}  // namespace
}  // namespace rampart::center::feeds
