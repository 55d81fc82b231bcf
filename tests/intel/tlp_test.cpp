#include "intel/tlp.hpp"

#include <gtest/gtest.h>

#include "intel/stix_object.hpp"

namespace rampart::intel {
namespace {

TEST(Tlp, FindsTheTlp2MarkingsByTheirPublishedIds) {
  struct Expected {
    const char* id;
    TlpLevel level;
    const char* name;
  };
  const Expected expected[] = {
      {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", TlpLevel::Clear, "TLP:CLEAR"},
      {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", TlpLevel::Green, "TLP:GREEN"},
      {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", TlpLevel::Amber, "TLP:AMBER"},
      {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", TlpLevel::AmberStrict, "TLP:AMBER+STRICT"},
      {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", TlpLevel::Red, "TLP:RED"},
  };
  for (const auto& e : expected) {
    auto marking = find_tlp_marking(e.id);
    ASSERT_TRUE(marking) << e.id;
    EXPECT_EQ(marking->level, e.level);
    EXPECT_EQ(marking->name, e.name);
    EXPECT_EQ(marking->tlp_version, 2);
    EXPECT_EQ(tlp2_marking(e.level).id, e.id);
  }
}

TEST(Tlp, ReadsTheTlp1MarkingsOfOlderData) {
  EXPECT_EQ(find_tlp_marking("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9")->level, TlpLevel::Clear);
  EXPECT_EQ(find_tlp_marking("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")->level, TlpLevel::Green);
  EXPECT_EQ(find_tlp_marking("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82")->level, TlpLevel::Amber);
  EXPECT_EQ(find_tlp_marking("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed")->level, TlpLevel::Red);
  EXPECT_EQ(find_tlp_marking("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed")->tlp_version, 1);
  EXPECT_FALSE(find_tlp_marking("marking-definition--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
  EXPECT_EQ(tlp_markings().size(), 9u);
}

TEST(Tlp, LevelsOrderFromLeastToMostRestrictive) {
  EXPECT_LT(TlpLevel::Clear, TlpLevel::Green);
  EXPECT_LT(TlpLevel::Amber, TlpLevel::AmberStrict);
  EXPECT_LT(TlpLevel::AmberStrict, TlpLevel::Red);
}

TEST(Tlp, PublishedTlp2MarkingDefinitionsValidate) {
  for (const auto& marking : tlp_markings()) {
    Json object{{"type", "marking-definition"}, {"spec_version", "2.1"}, {"id", marking.id},
                {"created", marking.tlp_version == 2 ? "2022-10-01T00:00:00.000Z" : "2017-01-20T00:00:00.000Z"},
                {"name", marking.name}};
    if (marking.tlp_version == 2) {
      object["extensions"] = {{std::string(kTlp2ExtensionId),
                               {{"extension_type", "property-extension"}, {"tlp_2_0", marking.value}}}};
    } else {
      object["definition_type"] = "tlp";
      object["definition"] = {{"tlp", marking.value}};
    }
    auto parsed = parse_stix_object(object.dump());
    EXPECT_TRUE(parsed) << marking.name << " v" << marking.tlp_version << ": "
                        << (parsed ? "" : parsed.error()[0].to_string());
  }
}

}  // namespace
}  // namespace rampart::intel
