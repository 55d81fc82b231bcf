// End to end: the EVE "http" records of `rampart sense` over a generated capture
// (tests/tools/make_http_pcaps.py) and over suricata-verify captures.
#include <gtest/gtest.h>

#include <filesystem>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

TEST(HttpEve, PipelinedSessionGivesOneRecordPerTransaction) {
  auto run = run_sense(data_path("http_pipeline.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto http = run.of_type("http");
  ASSERT_EQ(http.size(), 4u) << run.eve_text();

  const auto& first = http[0];
  EXPECT_EQ(first["src_ip"], "192.168.7.10");
  EXPECT_EQ(first["dest_port"], 80);
  EXPECT_EQ(first["tx_id"], 0);
  EXPECT_EQ(first["http"]["hostname"], "www.example.test");
  EXPECT_EQ(first["http"]["url"], "/index.html");
  EXPECT_EQ(first["http"]["http_user_agent"], "rampart-test/1.0");
  EXPECT_EQ(first["http"]["http_content_type"], "text/html");
  EXPECT_EQ(first["http"]["http_refer"], "http://ref.example.test/");
  EXPECT_EQ(first["http"]["http_method"], "GET");
  EXPECT_EQ(first["http"]["protocol"], "HTTP/1.1");
  EXPECT_EQ(first["http"]["status"], 200);
  EXPECT_EQ(first["http"]["length"], 18);
  EXPECT_FALSE(first["http"].contains("http_port"));

  const auto& post = http[1];
  EXPECT_EQ(post["tx_id"], 1);
  EXPECT_EQ(post["http"]["http_port"], 8080);
  EXPECT_EQ(post["http"]["url"], "/submit?a=1");
  EXPECT_EQ(post["http"]["http_method"], "POST");
  EXPECT_EQ(post["http"]["status"], 302);
  EXPECT_EQ(post["http"]["redirect"], "/done");
  EXPECT_EQ(post["http"]["length"], 15);  // chunk framing included, as libhtp counts

  const auto& json = http[2];
  EXPECT_EQ(json["tx_id"], 2);
  EXPECT_EQ(json["http"]["url"], "/files/../data.json");
  EXPECT_EQ(json["http"]["http_content_type"], "application/json");

  // Found by content on a port HTTP is not registered for, never answered:
  // logged when the flow ends.
  const auto& put = http[3];
  EXPECT_EQ(put["dest_port"], 8081);
  EXPECT_EQ(put["tx_id"], 0);
  EXPECT_EQ(put["http"]["http_method"], "PUT");
  EXPECT_EQ(put["http"]["protocol"], "HTTP/1.0");
  EXPECT_FALSE(put["http"].contains("status"));
  EXPECT_EQ(put["http"]["length"], 0);

  EXPECT_TRUE(run.of_type("anomaly").empty()) << run.eve_text();
}

std::filesystem::path sv_test(const std::string& name) {
  return shared_dir() / "conformance" / "suricata-verify" / "tests" / name;
}

// http-not09/test.yaml: one http record with the user agent, and the anomaly
// REQUEST_LINE_MISSING_PROTOCOL (a request line without protocol followed by headers).
TEST(HttpEve, SuricataVerifyNot09) {
  auto dir = sv_test("http-not09");
  if (!std::filesystem::exists(dir / "input.pcap")) GTEST_SKIP() << "no suricata-verify tests in RAMPART_SHARED_DIR";
  auto run = run_sense((dir / "input.pcap").string(), "--workers 1 -k none");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto http = run.of_type("http");
  ASSERT_EQ(http.size(), 1u) << run.eve_text();
  EXPECT_EQ(http[0]["http"]["http_user_agent"], "myscript");
  size_t missing_protocol = 0;
  for (const auto& a : run.of_type("anomaly"))
    if (a["anomaly"]["event"] == "REQUEST_LINE_MISSING_PROTOCOL") ++missing_protocol;
  EXPECT_EQ(missing_protocol, 1u) << run.eve_text();
}

// http-protocol-nodup/test.yaml: 40 http records, each with protocol HTTP/1.1.
TEST(HttpEve, SuricataVerifyProtocolNoDup) {
  auto dir = sv_test("http-protocol-nodup");
  if (!std::filesystem::exists(dir / "input.pcap")) GTEST_SKIP() << "no suricata-verify tests in RAMPART_SHARED_DIR";
  auto run = run_sense((dir / "input.pcap").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto http = run.of_type("http");
  size_t with_protocol = 0;
  for (const auto& h : http)
    if (h["http"].value("protocol", "") == "HTTP/1.1") ++with_protocol;
  EXPECT_EQ(with_protocol, 40u) << run.eve_text().substr(0, 4000);
}

}  // namespace
}  // namespace rampart::testing
