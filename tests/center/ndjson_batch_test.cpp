// Parsing ingest bodies: alerts indexed, other events counted, bad lines named.
#include <gtest/gtest.h>

#include "center/ingest/ndjson_batch.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using testing::alert_line;

TEST(NdjsonBatch, AlertsAreIndexedAndOtherEventsCounted) {
  std::string body = alert_line("2024-01-02T03:04:05.123456+0000", 2001, 1, "10.0.0.1", "10.0.0.2") + "\n" +
                     R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"flow"})" + "\r\n\n" +
                     R"({"timestamp":"2024-01-02T03:04:07Z","event_type":"flow"})";
  auto batch = parse_ndjson_batch(body);
  ASSERT_TRUE(batch) << batch.error().detail;
  ASSERT_EQ(batch->alerts.size(), 1u);
  const auto& alert = batch->alerts[0];
  EXPECT_EQ(alert.signature_id, 2001);
  EXPECT_EQ(alert.severity, 1);
  EXPECT_EQ(alert.signature, "sig 2001");
  EXPECT_EQ(alert.src_ip, "10.0.0.1");
  EXPECT_EQ(alert.dest_ip, "10.0.0.2");
  EXPECT_EQ(alert.time_us, 1704164645123456);
  EXPECT_EQ(alert.eve_json, alert_line("2024-01-02T03:04:05.123456+0000", 2001, 1, "10.0.0.1", "10.0.0.2"));
  EXPECT_EQ(batch->other_events.at("flow"), 2u);
  EXPECT_EQ(batch->other_event_total(), 2u);
}

TEST(NdjsonBatch, AlertFieldsAreUnescapedAndCategoryKept) {
  std::string line =
      R"({"timestamp":"2024-01-02T03:04:05Z","event_type":"alert","src_ip":"2001:db8::1","dest_ip":"10.0.0.2",)"
      R"("alert":{"signature_id":18446744073709551615,"severity":2,"signature":"ET \"quoted\" \u00e9\ttab",)"
      R"("category":"A Network Trojan was detected"},"extra":[1,2.5e3,{"deep":[null,true]}]})";
  auto batch = parse_ndjson_batch(line);
  ASSERT_FALSE(batch) << "a signature id beyond int64 is out of range";
  EXPECT_NE(batch.error().detail.find("signature_id"), std::string::npos) << batch.error().detail;

  line.replace(line.find("18446744073709551615"), 20, "9223372036854775807");
  batch = parse_ndjson_batch(line);
  ASSERT_TRUE(batch) << batch.error().detail;
  const auto& alert = batch->alerts.at(0);
  EXPECT_EQ(alert.signature_id, 9223372036854775807);
  EXPECT_EQ(alert.signature, "ET \"quoted\" \xc3\xa9\ttab");
  EXPECT_EQ(alert.category, "A Network Trojan was detected");
  EXPECT_EQ(alert.src_ip, "2001:db8::1");
  EXPECT_EQ(alert.eve_json, line);
}

struct BadBody {
  const char* name;
  std::string body;
  size_t line;
  const char* detail_part;
};

class NdjsonBadBody : public ::testing::TestWithParam<BadBody> {};

TEST_P(NdjsonBadBody, FailsNamingTheLine) {
  auto batch = parse_ndjson_batch(GetParam().body);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().line, GetParam().line);
  EXPECT_NE(batch.error().detail.find(GetParam().detail_part), std::string::npos) << batch.error().detail;
}

const std::string kFlow = R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"flow"})";

INSTANTIATE_TEST_SUITE_P(
    Cases, NdjsonBadBody,
    ::testing::Values(
        BadBody{"BrokenJson", kFlow + "\n" + kFlow + "\n{\"timestamp\":", 3, "invalid JSON"},
        BadBody{"NotAnObject", "[1,2]", 1, "not a JSON object"},
        BadBody{"NumberOverflow", kFlow + "\n" + R"({"ts":421e4606})", 2, "out of range"},
        BadBody{"NoEventType", R"({"timestamp":"2024-01-02T03:04:06Z"})", 1, "event_type"},
        BadBody{"NoTimestamp", R"({"event_type":"flow"})", 1, "timestamp"},
        BadBody{"BadTimestamp", R"({"timestamp":"yesterday","event_type":"flow"})", 1, "bad timestamp"},
        BadBody{"AlertWithoutAlert", R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"alert"})", 1, "alert"},
        BadBody{"SidNotInteger",
                R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"alert","alert":{"signature_id":"1","severity":1}})",
                1, "signature_id"},
        BadBody{"SeverityOutOfRange",
                R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"alert","alert":{"signature_id":1,"severity":900}})",
                1, "out of range"},
        BadBody{"AddressNotString",
                kFlow + "\n" +
                    R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"alert","src_ip":5,"alert":{"signature_id":1,"severity":1}})",
                2, "src_ip"},
        BadBody{"BrokenAfterTheReadFields",
                kFlow + "\n" + R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"flow","flow":{"age":1,}})", 2,
                "invalid JSON"},
        BadBody{"BadUtf8", "{\"timestamp\":\"2024-01-02T03:04:06Z\",\"event_type\":\"flow\",\"x\":\"\xff\"}", 1,
                "invalid JSON"},
        BadBody{"CategoryNotString",
                R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"alert","alert":{"signature_id":1,"severity":1,"category":7}})",
                1, "alert.category"},
        BadBody{"NulInSignature",
                R"({"timestamp":"2024-01-02T03:04:06Z","event_type":"alert","alert":{"signature_id":1,"severity":1,"signature":"a\u0000b"}})",
                1, "NUL"},
        BadBody{"Empty", "\n \n", 0, "no events"}),
    [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace rampart::center
