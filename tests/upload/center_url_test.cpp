#include "upload/center_url.hpp"

#include <gtest/gtest.h>

namespace rampart::upload {
namespace {

TEST(CenterUrl, SchemesPortsAndPrefixes) {
  auto plain = parse_center_url("http://127.0.0.1:8470");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "8470");
  EXPECT_EQ(plain->path_prefix, "");
  auto secure = parse_center_url("https://center.example/rampart/");
  ASSERT_TRUE(secure) << secure.error();
  EXPECT_TRUE(secure->tls);
  EXPECT_EQ(secure->port, "443");
  EXPECT_EQ(secure->path_prefix, "/rampart");
  auto v6 = parse_center_url("http://[::1]:9000/");
  ASSERT_TRUE(v6) << v6.error();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "9000");
  EXPECT_EQ(parse_center_url("http://h")->port, "80");
}

TEST(CenterUrl, BadUrlsSayWhy) {
  EXPECT_NE(parse_center_url("ftp://h").error().find("http:// or https://"), std::string::npos);
  EXPECT_NE(parse_center_url("http://:80").error().find("no host"), std::string::npos);
  EXPECT_NE(parse_center_url("http://h:0").error().find("port"), std::string::npos);
  EXPECT_NE(parse_center_url("http://h:99999").error().find("port"), std::string::npos);
  EXPECT_NE(parse_center_url("http://u:p@h").error().find("--token"), std::string::npos);
  EXPECT_NE(parse_center_url("http://h/x?y=1").error().find("query"), std::string::npos);
  EXPECT_FALSE(parse_center_url("http://[::1"));
}

}  // namespace
}  // namespace rampart::upload
