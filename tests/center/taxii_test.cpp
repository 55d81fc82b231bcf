// The TAXII pieces without sockets: media types, HTTP Basic credentials, query
// parameters and the envelope parser (validation, versions, TLP levels).
#include <gtest/gtest.h>

#include "center/taxii/taxii_http.hpp"
#include "center/taxii/taxii_objects.hpp"
#include "center/taxii/taxii_query.hpp"

namespace rampart::center::taxii {
namespace {

TEST(TaxiiMedia, AcceptAndContentType) {
  EXPECT_TRUE(accepts_taxii(""));
  EXPECT_TRUE(accepts_taxii("application/taxii+json;version=2.1"));
  EXPECT_TRUE(accepts_taxii("application/taxii+json; version=2.1"));
  EXPECT_TRUE(accepts_taxii("Application/TAXII+json"));
  EXPECT_TRUE(accepts_taxii("text/html, */*;q=0.1"));
  EXPECT_FALSE(accepts_taxii("application/json"));
  EXPECT_FALSE(accepts_taxii("application/taxii+json;version=2.0"));
  EXPECT_TRUE(is_taxii_content("application/taxii+json;version=2.1"));
  EXPECT_FALSE(is_taxii_content("*/*"));
  EXPECT_FALSE(is_taxii_content("application/stix+json;version=2.1"));
}

TEST(TaxiiAuth, BasicCredentials) {
  auto credentials = basic_credentials("Basic YWxpY2U6YWxpY2UgcGFzcw==");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->user, "alice");
  EXPECT_EQ(credentials->password, "alice pass");
  auto colon_in_password = basic_credentials("basic YTpiOmM=");  // a:b:c
  ASSERT_TRUE(colon_in_password);
  EXPECT_EQ(colon_in_password->password, "b:c");
  EXPECT_FALSE(basic_credentials("Bearer rpt_00"));
  EXPECT_FALSE(basic_credentials("Basic !!!!"));
  EXPECT_FALSE(basic_credentials("Basic YWxpY2U="));  // no colon
  EXPECT_FALSE(basic_credentials("Basic abc"));
  EXPECT_FALSE(basic_credentials("Basic "));
}

TEST(TaxiiQuery, ParsesEveryParameter) {
  TaxiiObjectQuery query;
  std::map<std::string, std::string> params{{"added_after", "2024-01-01T00:00:00.5Z"},
                                            {"limit", "20"},
                                            {"next", "17-4"},
                                            {"match[id]", "a,b"},
                                            {"match[type]", "indicator"},
                                            {"match[version]", "2024-01-01T00:00:00Z,2024-01-02T00:00:00.000Z"},
                                            {"match[spec_version]", "2.1"}};
  ASSERT_TRUE(parse_object_query(params, 127, query));
  EXPECT_EQ(query.added_after_us, 1704067200500000);
  EXPECT_EQ(query.limit, 20u);
  ASSERT_TRUE(query.after);
  EXPECT_EQ(query.after->date_added_us, 17);
  EXPECT_EQ(query.after->row_id, 4);
  EXPECT_EQ(query.ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(query.version_match, VersionMatch::at);
  EXPECT_EQ(query.versions_ns, (std::vector<int64_t>{1704067200000000000, 1704153600000000000}));
  EXPECT_EQ(encode_next({17, 4}), "17-4");
}

TEST(TaxiiQuery, RefusesBadValuesAndParameters) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"limit", "0"}, {"limit", "1001"}, {"limit", "1e3"}, {"limit", ""}, {"next", "x"}, {"next", "1-2-3"},
           {"next", "-1-2"}, {"added_after", "2024-01-01"}, {"match[version]", "latest"}, {"match[id]", "a,,b"},
           {"match[version]", "1969-12-31T23:59:59Z"}, {"unknown", "1"}}) {
    TaxiiObjectQuery query;
    EXPECT_FALSE(parse_object_query({{name, value}}, 127, query)) << name << "=" << value;
  }
  TaxiiObjectQuery query;
  EXPECT_FALSE(parse_object_query({{"match[id]", "a"}}, kLimit, query));
  EXPECT_TRUE(parse_object_query({}, 0, query));
  EXPECT_EQ(query.limit, kDefaultPageSize);
  EXPECT_EQ(query.version_match, VersionMatch::last);
}

constexpr const char* kRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
constexpr const char* kGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

std::string indicator(const std::string& markings) {
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000001",)"
         R"("created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:01.000Z","pattern_type":"stix",)"
         R"("pattern":"[ipv4-addr:value = '10.0.0.1']","valid_from":"2024-03-01T00:00:00Z")" +
         (markings.empty() ? "" : R"(,"object_marking_refs":[)" + markings + "]") + "}";
}

TEST(TaxiiEnvelope, ValidatesAndClassifiesObjects) {
  auto incoming = parse_envelope(R"({"objects":[)" + indicator("") + "," + indicator(std::string("\"") + kGreen + "\",\"" +
                                                                                    kRed + "\"") +
                                 "," + indicator("\"" + std::string(kGreen) + "\"") + R"(,{"type":"indicator"},7]})");
  ASSERT_TRUE(incoming) << incoming.error();
  ASSERT_EQ(incoming->objects.size(), 3u);
  EXPECT_EQ(incoming->objects[0].tlp, StoredTlp::amber);
  EXPECT_EQ(incoming->objects[1].tlp, StoredTlp::red);
  EXPECT_EQ(incoming->objects[2].tlp, StoredTlp::green);
  EXPECT_EQ(incoming->objects[0].version, "2024-03-01T10:00:01.000Z");
  EXPECT_EQ(incoming->objects[0].version_ns, 1709287201000000000);
  EXPECT_EQ(incoming->objects[0].spec_version, "2.1");
  ASSERT_EQ(incoming->failures.size(), 2u);
  EXPECT_EQ(incoming->failures[0].index, 3u);
  EXPECT_EQ(incoming->failures[1].index, 4u);
  EXPECT_EQ(incoming->failures[0].message.rfind("objects[3].", 0), 0u) << incoming->failures[0].message;
  EXPECT_EQ(incoming->failures[1].message.rfind("objects[4]: ", 0), 0u) << incoming->failures[1].message;
  EXPECT_TRUE(parse_envelope("{}")->objects.empty());
  EXPECT_FALSE(parse_envelope("{\"objects\":{}}"));
  EXPECT_FALSE(parse_envelope("[1]"));
  EXPECT_FALSE(parse_envelope("{"));
  EXPECT_FALSE(parse_bundle(R"({"objects":[]})"));  // not a bundle
}

}  // namespace
}  // namespace rampart::center::taxii
