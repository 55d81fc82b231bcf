#include "common/json_writer.hpp"

#include <gtest/gtest.h>

namespace rampart {
namespace {

TEST(JsonWriter, NestsObjectsArraysAndCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("a", uint64_t{1}).field("b", "x").field("neg", int64_t{-5});
  w.begin_object("o").field("t", true).field("f", false).end_object();
  w.begin_array("l").element(uint64_t{1}).element("two").end_array();
  w.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":"x","neg":-5,"o":{"t":true,"f":false},"l":[1,"two"]})");
}

TEST(JsonWriter, RawMembersJoinWithCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("a", uint64_t{1}).raw_members(R"("dns":{"z":true},"b":2)").raw_members("");
  w.field("c", uint64_t{3}).end_object();
  EXPECT_EQ(out, R"({"a":1,"dns":{"z":true},"b":2,"c":3})");
  out.clear();
  JsonWriter first(out);
  first.begin_object().raw_members(R"("x":1)").end_object();
  EXPECT_EQ(out, R"({"x":1})");
}

TEST(JsonWriter, EscapesControlQuotesAndBackslashes) {
  std::string out;
  append_json_escaped(out, std::string_view("a\"b\\c\n\t\x01\x7f", 9));
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\t\\u0001\x7f");
}

TEST(JsonWriter, KeepsValidUtf8AndEscapesInvalidBytes) {
  std::string out;
  append_json_escaped(out, "caf\xc3\xa9");
  EXPECT_EQ(out, "caf\xc3\xa9");
  out.clear();
  append_json_escaped(out, "\xff\xc3");  // invalid lead byte, truncated sequence
  EXPECT_EQ(out, "\\u00ff\\u00c3");
  out.clear();
  append_json_escaped(out, "\xed\xa0\x80");  // UTF-16 surrogate encoded in UTF-8: invalid
  EXPECT_EQ(out, "\\u00ed\\u00a0\\u0080");
  out.clear();
  append_json_escaped(out, "\xf8\xb5\xb3Y");  // 0xF8 starts no UTF-8 sequence (seen in a DNS TXT record)
  EXPECT_EQ(out, "\\u00f8\\u00b5\\u00b3Y");
}

}  // namespace
}  // namespace rampart
