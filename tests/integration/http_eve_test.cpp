// End to end: the EVE "http" records of `rampart sense` over a generated capture
// (tests/tools/make_http_pcaps.py) and over suricata-verify captures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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

// Suricata's http logger option dump-all-headers and the alert logger's
// http-body / http-body-printable.
TEST(HttpEve, HeadersAndBodiesWhenConfigured) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rampart-http-options-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "options.yaml") << "outputs:\n  - eve-log:\n      enabled: yes\n      types:\n"
                                         "        - alert:\n            http-body: yes\n            http-body-printable: yes\n"
                                         "        - http:\n            dump-all-headers: both\n";
  std::ofstream(dir / "body.rules")
      << "alert http any any -> any any (msg:\"form body\"; flow:to_server; http.request_body; content:\"y=2\"; sid:5;)\n";
  auto run = run_sense(data_path("http_pipeline.pcap"),
                       "--workers 1 -c " + (dir / "options.yaml").string() + " -S " + (dir / "body.rules").string());
  fs::remove_all(dir);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto http = run.of_type("http");
  ASSERT_EQ(http.size(), 4u) << run.eve_text();
  auto request_headers = http[0]["http"]["request_headers"];
  ASSERT_EQ(request_headers.size(), 3u) << http[0].dump();
  EXPECT_EQ(request_headers[0], (nlohmann::json{{"name", "Host"}, {"value", "www.example.test"}}));
  EXPECT_EQ(request_headers[2]["name"], "Referer");
  EXPECT_EQ(http[0]["http"]["response_headers"][1]["value"], "text/html; charset=UTF-8");
  EXPECT_FALSE(http[0]["http"].contains("http_request_body"));  // bodies go to alerts only

  auto alerts = run.of_type("alert");
  ASSERT_EQ(alerts.size(), 1u) << run.eve_text();
  EXPECT_EQ(alerts[0]["http"]["http_request_body"], "eD0xJnk9Mg==");  // base64 of x=1&y=2
  EXPECT_EQ(alerts[0]["http"]["http_request_body_printable"], "x=1&y=2");
  EXPECT_EQ(alerts[0]["http"]["request_headers"][0]["name"], "Host");
}

// A response body is a file, and so is a PUT's body: one fileinfo record each,
// with the transaction's http object, the name from the URI's path and the
// decoded size.
TEST(HttpEve, FileinfoForEachResponseBody) {
  auto run = run_sense(data_path("http_pipeline.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto files = run.of_type("fileinfo");
  ASSERT_EQ(files.size(), 4u) << run.eve_text();
  EXPECT_EQ(files[0]["app_proto"], "http");
  EXPECT_EQ(files[0]["tx_id"], 0);
  EXPECT_EQ(files[0]["http"]["url"], "/index.html");
  EXPECT_EQ(files[0]["fileinfo"]["filename"], "/index.html");
  EXPECT_EQ(files[0]["fileinfo"]["size"], 18);
  EXPECT_EQ(files[0]["fileinfo"]["state"], "CLOSED");
  EXPECT_EQ(files[0]["fileinfo"]["gaps"], false);
  EXPECT_EQ(files[1]["fileinfo"]["size"], 5);  // "moved", without the chunk framing
  EXPECT_EQ(files[2]["fileinfo"]["size"], 320);  // inflated from gzip
  EXPECT_EQ(files[2]["fileinfo"]["tx_id"], 2);
  EXPECT_EQ(files[3]["fileinfo"]["filename"], "/upload");  // the PUT on 8081
  EXPECT_EQ(files[3]["fileinfo"]["size"], 3);
  EXPECT_EQ(files[3]["dest_port"], 8081);
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
