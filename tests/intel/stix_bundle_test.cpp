#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "intel/sensor_indicator.hpp"
#include "intel/stix_object.hpp"
#include "intel/stix_samples.hpp"
#include "intel/tlp.hpp"

namespace rampart::intel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string read_bundle(const std::string& name) {
  std::ifstream in(std::string(RAMPART_TEST_DATA) + "/stix/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name << " missing: run tests/tools/make_stix_bundles.py";
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(StixBundle, ValidBundleHoldsEveryTypeAndItsTlpMarkings) {
  auto bundle = parse_stix_bundle(read_bundle("valid_bundle.json"));
  ASSERT_TRUE(bundle) << bundle.error()[0].to_string();
  for (const auto& rejected : bundle->rejected) ADD_FAILURE() << test::error_texts(rejected.errors)[0];
  std::map<std::string, int> types;
  for (const auto& object : bundle->objects) ++types[object.type];
  for (auto type : test::validated_types()) EXPECT_GE(types[std::string(type)], 1) << type;
  EXPECT_EQ(types["marking-definition"], 5);

  std::map<TlpLevel, int> marked;
  for (const auto& object : bundle->objects) {
    for (const auto& ref : object.json.value("object_marking_refs", Json::array())) {
      if (auto tlp = find_tlp_marking(ref.get<std::string>())) ++marked[tlp->level];
    }
  }
  EXPECT_EQ(marked[TlpLevel::Red], 1);
  EXPECT_EQ(marked[TlpLevel::AmberStrict], 1);
  EXPECT_EQ(marked[TlpLevel::Amber], 2);
}

TEST(StixBundle, KeepsCustomPropertiesOfMembers) {
  auto bundle = parse_stix_bundle(read_bundle("valid_bundle.json"));
  ASSERT_TRUE(bundle);
  bool found = false;
  for (const auto& object : bundle->objects) {
    if (object.type == "malware") found = object.to_json_text().find("\"x_rampart_family_score\":90") != std::string::npos;
  }
  EXPECT_TRUE(found);
}

TEST(StixBundle, SeparatesInvalidMembersAndNamesTheirPaths) {
  auto bundle = parse_stix_bundle(read_bundle("mixed_bundle.json"));
  ASSERT_TRUE(bundle);
  ASSERT_EQ(bundle->objects.size(), 3u);
  EXPECT_EQ(bundle->objects[0].type, "identity");
  EXPECT_EQ(bundle->objects[2].type, "ipv6-addr");
  ASSERT_EQ(bundle->rejected.size(), 3u);
  EXPECT_EQ(bundle->rejected[0].index, 1u);
  EXPECT_THAT(test::error_texts(bundle->rejected[0].errors),
              ElementsAre("objects[1].pattern: byte 28: expected ']', found the end of the pattern"));
  EXPECT_EQ(bundle->rejected[1].index, 3u);
  EXPECT_EQ(bundle->rejected[1].id, "");
  EXPECT_THAT(test::error_texts(bundle->rejected[1].errors), ElementsAre("objects[3]: not a JSON object"));
  EXPECT_EQ(bundle->rejected[2].index, 4u);
  EXPECT_THAT(bundle->rejected[2].id, HasSubstr("malware--"));
  EXPECT_THAT(test::error_texts(bundle->rejected[2].errors),
              ElementsAre(HasSubstr("objects[4].created: not an RFC 3339 timestamp"),
                          "objects[4].name: required property is missing"));
}

TEST(StixBundle, CompilesAFeedOfIndicatorsForSensors) {
  auto bundle = parse_stix_bundle(read_bundle("indicators_bundle.json"));
  ASSERT_TRUE(bundle);
  ASSERT_TRUE(bundle->rejected.empty());
  ASSERT_EQ(bundle->objects.size(), 2000u);
  size_t deployed = 0, refused = 0, indicators = 0;
  for (const auto& object : bundle->objects) {
    auto compiled = compile_for_sensors(object);
    if (compiled) {
      ++deployed;
      indicators += compiled->size();
    } else {
      ++refused;
      EXPECT_EQ(compiled.error(), "not deployable to sensors: FOLLOWEDBY");
    }
  }
  EXPECT_EQ(deployed, 1800u);
  EXPECT_EQ(refused, 200u);
  EXPECT_EQ(indicators, 2334u);
}

TEST(StixBundle, RejectsDocumentsThatAreNotBundles) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"[]", "not a JSON object"},
      {"{\"type\": \"bundle\"", "byte 17: invalid JSON"},
      {R"({"type":"indicator","id":"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"})", "type: must be \"bundle\""},
      {R"({"type":"bundle"})", "id: required property is missing"},
      {R"({"type":"bundle","id":"report--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"})", "id: identifier prefix must be 'bundle'"},
      {R"({"type":"bundle","id":"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","objects":{}})", "objects: not a list"},
  };
  for (const auto& c : cases) {
    auto bundle = parse_stix_bundle(c.text);
    ASSERT_FALSE(bundle) << c.text;
    EXPECT_THAT(test::error_texts(bundle.error()), ::testing::Contains(c.error)) << c.text;
  }
}

TEST(StixBundle, EmptyBundleIsValid) {
  auto bundle = parse_stix_bundle(R"({"type":"bundle","id":"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"})");
  ASSERT_TRUE(bundle);
  EXPECT_TRUE(bundle->objects.empty());
}

}  // namespace
}  // namespace rampart::intel
