// The alert page writer must give the bytes the DOM serialiser gave before it (the
// reference below): same keys in the same order, same escaping of quotes, backslashes
// and control bytes, invalid UTF-8 replaced by U+FFFD the same way, the event as is.
#include "center/api/alert_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "center/ingest/eve_time.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

std::string reference(const StoredAlert& stored) {
  json fields{{"id", stored.id},
              {"time", format_utc_time(stored.alert.time_us)},
              {"sensor", stored.sensor},
              {"signature_id", stored.alert.signature_id},
              {"signature", stored.alert.signature},
              {"severity", stored.alert.severity},
              {"src_ip", stored.alert.src_ip},
              {"dest_ip", stored.alert.dest_ip}};
  std::string text = fields.dump(-1, ' ', false, json::error_handler_t::replace);
  text.pop_back();
  return text + ",\"event\":" + (stored.alert.eve_json.empty() ? "null" : stored.alert.eve_json) + "}";
}

StoredAlert alert_with(const std::string& text) {
  return StoredAlert{42, "edge-" + text,
                     IngestedAlert{1'709'600'000'123'456, 2'010'935, 2, "ET " + text, text, "10.0.0." + text,
                                   R"({"event_type":"alert","x":"\u00e9"})", ""}};
}

std::string written(const StoredAlert& stored) {
  std::string out;
  append_alert_json(out, stored);
  return out;
}

TEST(AlertJson, EscapesLikeTheDomSerialiser) {
  const std::vector<std::string> texts = {
      "plain",          "quote \" and \\ backslash", "tab\tnew\nline\rcr\bbs\fff", std::string("nul\0byte", 8),
      "\x01\x1f\x7f",   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",  "bad \xff byte",   "cut \xe2\x82",
      "cut at end \xe2", "overlong \xc0\xaf",          "surrogate \xed\xa0\x80 x",   "\xf4\x90\x80\x80 above",
      "\xe2\x28\xa1",   "",                              "\x80\x80\xc3"};
  for (const auto& text : texts) EXPECT_EQ(written(alert_with(text)), reference(alert_with(text))) << text;
}

TEST(AlertJson, RandomBytesMatchTheDomSerialiser) {
  std::mt19937 random(5);
  for (int round = 0; round < 3000; ++round) {
    std::string text(random() % 12, '\0');
    for (auto& c : text) c = static_cast<char>(round % 2 ? random() % 256 : 0x60 + random() % 0x30);
    ASSERT_EQ(written(alert_with(text)), reference(alert_with(text))) << "round " << round;
  }
}

TEST(AlertJson, EmptyEventIsNullAndThePageParses) {
  StoredAlert stored = alert_with("x");
  stored.alert.eve_json.clear();
  EXPECT_EQ(written(stored), reference(stored));
  auto parsed = json::parse(written(alert_with("a\"b")));
  EXPECT_EQ(parsed["signature"], "ET a\"b");
  EXPECT_EQ(parsed["time"], "2024-03-05T00:53:20.123456Z");
  EXPECT_EQ(parsed["event"]["x"], "\xc3\xa9");
}

TEST(AlertJson, StringsOnTheirOwn) {
  std::string out;
  append_json_string(out, "a\x01");
  append_json_string(out, "ok");
  EXPECT_EQ(out, R"("a\u0001""ok")");
}

}  // namespace
}  // namespace rampart::center
