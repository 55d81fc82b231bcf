#include "intel/stix_object.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "intel/stix_samples.hpp"

namespace rampart::intel {
namespace {

using test::id_of;
using test::sample;
using test::with;
using ::testing::Contains;
using ::testing::HasSubstr;

class ValidObject : public ::testing::TestWithParam<std::string_view> {};

TEST_P(ValidObject, ParsesAndKeepsItsIdentity) {
  const Json object = sample(GetParam());
  auto parsed = parse_stix_object(object.dump());
  ASSERT_TRUE(parsed) << ::testing::PrintToString(test::error_texts(parsed.error()));
  EXPECT_EQ(parsed->type, GetParam());
  EXPECT_EQ(parsed->id, object["id"]);
  EXPECT_EQ(parsed->to_json_text(), object.dump());
}

INSTANTIATE_TEST_SUITE_P(EveryType, ValidObject, ::testing::ValuesIn(test::validated_types()),
                         [](const auto& test_info) {
                           std::string name(test_info.param);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

struct InvalidCase {
  const char* name;
  const char* type;
  Json patch;  // merged into the valid sample; null removes a property
  const char* expected_error;
};

void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.name; }

class InvalidObject : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidObject, ReportsTheBrokenRuleWithItsPath) {
  const InvalidCase& c = GetParam();
  const Json object = with(sample(c.type), c.patch);
  auto parsed = parse_stix_object(object.dump());
  ASSERT_FALSE(parsed) << object.dump();
  EXPECT_THAT(test::error_texts(parsed.error()), Contains(HasSubstr(c.expected_error))) << object.dump();
}

const std::string kTs = "2024-01-02T03:04:05.000Z";
const std::string kBig = "999999999";

const InvalidCase kInvalidCases[] = {
    // Common properties.
    {"type_missing", "indicator", {{"type", nullptr}}, "type: required property is missing"},
    {"type_syntax", "indicator", {{"type", "Indicator"}}, "type: not a valid STIX type name"},
    {"type_double_hyphen", "indicator", {{"type", "x--y"}}, "type: not a valid STIX type name"},
    {"id_missing", "indicator", {{"id", nullptr}}, "id: required property is missing"},
    {"id_shape", "indicator", {{"id", "indicator-8e2e2d2b"}}, "id: not an identifier of the form type--UUID"},
    {"id_uuid", "indicator", {{"id", "indicator--1234"}}, "id: identifier does not end in a UUID"},
    {"id_variant", "indicator", {{"id", "indicator--8e2e2d2b-17d4-4cbf-738f-98ee46b3cd3f"}}, "id: identifier UUID is not an RFC 4122 UUID"},
    {"id_prefix", "indicator", {{"id", id_of("malware")}}, "id: identifier prefix 'malware' does not match type 'indicator'"},
    {"sdo_id_not_v4", "malware", {{"id", id_of("malware", test::kUuid5)}}, "id: identifier UUID must be version 4"},
    {"sco_id_not_v4_or_v5", "url", {{"id", id_of("url", test::kUuid1)}}, "id: identifier UUID must be version 4 or 5"},
    {"spec_version_missing", "campaign", {{"spec_version", nullptr}}, "spec_version: required property is missing"},
    {"spec_version_20", "campaign", {{"spec_version", "2.0"}}, "spec_version: must be \"2.1\""},
    {"sco_spec_version_20", "url", {{"spec_version", "2.0"}}, "spec_version: must be \"2.1\""},
    {"created_missing", "identity", {{"created", nullptr}}, "created: required property is missing"},
    {"modified_missing", "identity", {{"modified", nullptr}}, "modified: required property is missing"},
    {"created_not_rfc3339", "identity", {{"created", "2024-01-02 03:04:05.000Z"}}, "created: not an RFC 3339 timestamp"},
    {"created_offset_not_z", "identity", {{"created", "2024-01-02T03:04:05.000+00:00"}}, "created: not an RFC 3339 timestamp"},
    {"created_bad_date", "identity", {{"created", "2023-02-29T03:04:05.000Z"}}, "created: not an RFC 3339 timestamp"},
    {"created_not_a_string", "identity", {{"created", 1700000000}}, "created: not an RFC 3339 timestamp"},
    {"created_second_precision", "identity", {{"created", "2024-01-02T03:04:05Z"}}, "created: must be precise to at least the millisecond"},
    {"modified_second_precision", "identity", {{"modified", "2024-01-02T03:04:05.1Z"}}, "modified: must be precise to at least the millisecond"},
    {"modified_before_created", "identity", {{"modified", "2024-01-02T03:04:04.999Z"}}, "modified: must not be earlier than created"},
    {"created_by_ref_type", "malware", {{"created_by_ref", id_of("malware")}}, "created_by_ref: must reference an object of type identity, not malware"},
    {"revoked_not_bool", "malware", {{"revoked", "yes"}}, "revoked: not a boolean"},
    {"labels_not_list", "malware", {{"labels", "apt"}}, "labels: not a non-empty list"},
    {"labels_item", "malware", {{"labels", {"apt", 3}}}, "labels[1]: not a string"},
    {"confidence_high", "malware", {{"confidence", 101}}, "confidence: must be an integer from 0 to 100"},
    {"confidence_negative", "malware", {{"confidence", -1}}, "confidence: must be an integer from 0 to 100"},
    {"confidence_not_integer", "malware", {{"confidence", "50"}}, "confidence: not an integer"},
    {"lang", "malware", {{"lang", "en us"}}, "lang: not an RFC 5646 language tag"},
    {"external_reference_source", "attack-pattern", {{"external_references", {{{"url", "https://attack.mitre.org/techniques/T1566"}}}}}, "external_references[0].source_name: required property is missing"},
    {"external_reference_content", "attack-pattern", {{"external_references", {{{"source_name", "mitre-attack"}}}}}, "external_references[0]: needs at least one of description, url, external_id"},
    {"external_references_not_list", "attack-pattern", {{"external_references", "T1566"}}, "external_references: not a non-empty list"},
    {"object_marking_ref_type", "malware", {{"object_marking_refs", {id_of("identity")}}}, "object_marking_refs[0]: must reference an object of type marking-definition, not identity"},
    {"object_marking_ref_shape", "url", {{"object_marking_refs", {"TLP:RED"}}}, "object_marking_refs[0]: not an identifier"},
    {"granular_marking_selectors", "malware", {{"granular_markings", {{{"marking_ref", id_of("marking-definition")}}}}}, "granular_markings[0].selectors: required property is missing"},
    {"granular_marking_ref_type", "malware", {{"granular_markings", {{{"selectors", {"name"}}, {"marking_ref", id_of("identity")}}}}}, "granular_markings[0].marking_ref: must reference an object of type marking-definition"},
    {"granular_marking_ref_and_lang", "malware", {{"granular_markings", {{{"selectors", {"name"}}, {"marking_ref", id_of("marking-definition")}, {"lang", "en"}}}}}, "granular_markings[0]: needs exactly one of marking_ref and lang"},
    {"property_name_charset", "malware", {{"x-vendor-score", 3}}, "x-vendor-score: property names may only hold ASCII letters, digits and '_'"},
    {"custom_property_short", "malware", {{"x_", 3}}, "x_: custom property names must be 3 to 250 characters long"},
    {"extensions_not_object", "malware", {{"extensions", "none"}}, "extensions: not a non-empty dictionary"},
    // indicator
    {"indicator_pattern", "indicator", {{"pattern", nullptr}}, "pattern: required property is missing"},
    {"indicator_pattern_type", "indicator", {{"pattern_type", nullptr}}, "pattern_type: required property is missing"},
    {"indicator_valid_from", "indicator", {{"valid_from", nullptr}}, "valid_from: required property is missing"},
    {"indicator_valid_from_format", "indicator", {{"valid_from", "yesterday"}}, "valid_from: not an RFC 3339 timestamp"},
    {"indicator_valid_until_order", "indicator", {{"valid_until", "2024-01-01T00:00:00Z"}}, "valid_until: must be later than valid_from"},
    {"indicator_pattern_syntax", "indicator", {{"pattern", "[ipv4-addr:value = '1.2.3.4'"}}, "pattern: byte 28: expected ']', found the end of the pattern"},
    {"indicator_pattern_version", "indicator", {{"pattern_version", 2.1}}, "pattern_version: not a string"},
    {"indicator_kill_chain", "indicator", {{"kill_chain_phases", {{{"phase_name", "delivery"}}}}}, "kill_chain_phases[0].kill_chain_name: required property is missing"},
    // malware
    {"malware_is_family", "malware", {{"is_family", nullptr}}, "is_family: required property is missing"},
    {"malware_is_family_type", "malware", {{"is_family", "true"}}, "is_family: not a boolean"},
    {"malware_family_name", "malware", {{"name", nullptr}}, "name: required property is missing"},
    {"malware_seen_order", "malware", {{"first_seen", "2024-01-02T00:00:00Z"}, {"last_seen", "2024-01-01T00:00:00Z"}}, "last_seen: must not be earlier than first_seen"},
    // named SDOs
    {"threat_actor_name", "threat-actor", {{"name", nullptr}}, "name: required property is missing"},
    {"intrusion_set_name", "intrusion-set", {{"name", nullptr}}, "name: required property is missing"},
    {"campaign_name", "campaign", {{"name", nullptr}}, "name: required property is missing"},
    {"campaign_seen_order", "campaign", {{"first_seen", "2024-01-02T00:00:00Z"}, {"last_seen", "2024-01-01T00:00:00Z"}}, "last_seen: must not be earlier than first_seen"},
    {"attack_pattern_name", "attack-pattern", {{"name", nullptr}}, "name: required property is missing"},
    {"vulnerability_name", "vulnerability", {{"name", ""}}, "name: must not be empty"},
    {"identity_name", "identity", {{"name", nullptr}}, "name: required property is missing"},
    // sighting
    {"sighting_of_ref", "sighting", {{"sighting_of_ref", nullptr}}, "sighting_of_ref: required property is missing"},
    {"sighting_of_ref_shape", "sighting", {{"sighting_of_ref", "indicator"}}, "sighting_of_ref: not an identifier"},
    {"sighting_count", "sighting", {{"count", 1000000000}}, "count: must be an integer from 0 to 999999999"},
    {"sighting_where", "sighting", {{"where_sighted_refs", {id_of("malware")}}}, "where_sighted_refs[0]: must reference an object of type identity or location"},
    {"sighting_observed_data", "sighting", {{"observed_data_refs", {id_of("indicator")}}}, "observed_data_refs[0]: must reference an object of type observed-data"},
    // relationship
    {"relationship_type", "relationship", {{"relationship_type", nullptr}}, "relationship_type: required property is missing"},
    {"relationship_source", "relationship", {{"source_ref", nullptr}}, "source_ref: required property is missing"},
    {"relationship_target", "relationship", {{"target_ref", nullptr}}, "target_ref: required property is missing"},
    {"relationship_target_shape", "relationship", {{"target_ref", "malware--42"}}, "target_ref: identifier does not end in a UUID"},
    {"relationship_times", "relationship", {{"start_time", "2024-01-02T00:00:00Z"}, {"stop_time", "2024-01-02T00:00:00Z"}}, "stop_time: must be later than start_time"},
    {"sighting_of_ref_category", "sighting", {{"sighting_of_ref", id_of("url", test::kUuid5)}}, "sighting_of_ref: must reference a domain object, not url"},
    {"relationship_source_category", "relationship", {{"source_ref", id_of("sighting")}}, "source_ref: must reference a domain object or cyber-observable, not sighting"},
    {"observed_refs_category", "observed-data", {{"object_refs", {id_of("malware")}}}, "object_refs[0]: must reference cyber-observables or relationships, not malware"},
    // report, note
    {"report_published", "report", {{"published", nullptr}}, "published: required property is missing"},
    {"report_object_refs", "report", {{"object_refs", nullptr}}, "object_refs: required property is missing"},
    {"report_object_refs_empty", "report", {{"object_refs", Json::array()}}, "object_refs: not a non-empty list of identifiers"},
    {"note_content", "note", {{"content", nullptr}}, "content: required property is missing"},
    {"note_object_refs", "note", {{"object_refs", nullptr}}, "object_refs: required property is missing"},
    // observed-data
    {"observed_first", "observed-data", {{"first_observed", nullptr}}, "first_observed: required property is missing"},
    {"observed_last", "observed-data", {{"last_observed", nullptr}}, "last_observed: required property is missing"},
    {"observed_order", "observed-data", {{"last_observed", "2023-12-31T00:00:00Z"}}, "last_observed: must not be earlier than first_observed"},
    {"observed_number_missing", "observed-data", {{"number_observed", nullptr}}, "number_observed: required property is missing"},
    {"observed_number_zero", "observed-data", {{"number_observed", 0}}, "number_observed: must be an integer from 1 to 999999999"},
    {"observed_number_high", "observed-data", {{"number_observed", 1000000000}}, "number_observed: must be an integer from 1 to 999999999"},
    {"observed_objects_and_refs", "observed-data", {{"objects", {{"0", {{"type", "url"}, {"value", "http://x"}}}}}}, "needs exactly one of objects and object_refs"},
    {"observed_neither", "observed-data", {{"object_refs", nullptr}}, "needs exactly one of objects and object_refs"},
    // cyber observables
    {"ipv4_value", "ipv4-addr", {{"value", nullptr}}, "value: required property is missing"},
    {"ipv4_value_format", "ipv4-addr", {{"value", "300.1.1.1"}}, "value: not an IPv4 address or CIDR block"},
    {"ipv4_prefix", "ipv4-addr", {{"value", "10.0.0.0/33"}}, "value: not an IPv4 address or CIDR block"},
    {"ipv6_value_format", "ipv6-addr", {{"value", "198.51.100.1"}}, "value: not an IPv6 address or CIDR block"},
    {"domain_value", "domain-name", {{"value", nullptr}}, "value: required property is missing"},
    {"url_value", "url", {{"value", nullptr}}, "value: required property is missing"},
    {"email_value", "email-addr", {{"value", "soc.example.org"}}, "value: not an e-mail address"},
    {"file_hashes_or_name", "file", {{"hashes", nullptr}, {"name", nullptr}}, "needs at least one of hashes, name"},
    {"file_hash_length", "file", {{"hashes", {{"MD5", "abc"}}}}, "hashes.'MD5': not a MD5 hash (32 hex digits)"},
    {"network_traffic_protocols", "network-traffic", {{"protocols", nullptr}}, "protocols: required property is missing"},
    {"network_traffic_endpoints", "network-traffic", {{"dst_ref", nullptr}}, "needs at least one of src_ref, dst_ref"},
    {"network_traffic_ref_type", "network-traffic", {{"src_ref", id_of("url", test::kUuid5)}}, "src_ref: must reference an object of type ipv4-addr or ipv6-addr or mac-addr or domain-name, not url"},
    {"network_traffic_port", "network-traffic", {{"dst_port", 70000}}, "dst_port: must be an integer from 0 to 65535"},
    // marking definitions
    {"marking_created", "marking-definition", {{"created", nullptr}}, "created: required property is missing"},
    {"marking_definition_type", "marking-definition", {{"definition_type", nullptr}}, "definition_type: required property is missing"},
    {"marking_definition", "marking-definition", {{"definition", nullptr}}, "definition: required property is missing"},
    {"marking_tlp_custom_id", "marking-definition", {{"definition_type", "tlp"}, {"definition", {{"tlp", "green"}}}}, "id: TLP 1.0 markings must use the identifiers STIX 2.1 predefines"},
    {"marking_tlp1_color", "marking-definition", {{"id", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"}, {"definition_type", "tlp"}, {"definition", {{"tlp", "green"}}}}, "definition.tlp: the identifier is TLP:red"},
    {"marking_tlp2_extension", "marking-definition", {{"id", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"}, {"definition_type", nullptr}, {"definition", nullptr}, {"extensions", {{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d", {{"extension_type", "property-extension"}, {"tlp_2_0", "green"}}}}}}, "extensions: the identifier is TLP:RED but the TLP 2.0 extension does not say \"red\""},
    {"marking_tlp2_value_type", "marking-definition", {{"id", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"}, {"definition_type", nullptr}, {"definition", nullptr}, {"extensions", {{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d", {{"tlp_2_0", 5}}}}}}, "extensions: the identifier is TLP:CLEAR but the TLP 2.0 extension does not say \"clear\""},
    {"marking_tlp1_id_without_tlp_type", "marking-definition", {{"id", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"}}, "definition_type: a TLP 1.0 identifier needs definition_type \"tlp\""},
};

INSTANTIATE_TEST_SUITE_P(OneRuleEach, InvalidObject, ::testing::ValuesIn(kInvalidCases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(StixObject, AcceptsOptionalPropertiesWhenWellFormed) {
  const Json object = with(sample("indicator"),
                           {{"created_by_ref", id_of("identity")},
                            {"revoked", false},
                            {"labels", {"malicious-activity"}},
                            {"confidence", 85},
                            {"lang", "en-GB"},
                            {"valid_until", "2025-01-01T00:00:00.5Z"},
                            {"external_references", {{{"source_name", "cert"}, {"external_id", "CERT-2024-1"}}}},
                            {"object_marking_refs", {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"}},
                            {"granular_markings", {{{"selectors", {"description"}}, {"lang", "de"}}}},
                            {"kill_chain_phases", {{{"kill_chain_name", "lockheed"}, {"phase_name", "delivery"}}}}});
  auto parsed = parse_stix_object(object.dump());
  EXPECT_TRUE(parsed) << ::testing::PrintToString(test::error_texts(parsed.error()));
}

TEST(StixObject, KeepsCustomPropertiesAndKeyOrder) {
  const std::string text =
      R"({"x_rampart_score":7,"type":"url","id":"url--a0c8d9f2-6e8c-5b5d-9c1a-1f2e3d4c5b6a","value":"http://a.example/","x_notes":{"k":[1,2]}})";
  auto parsed = parse_stix_object(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->to_json_text(), text);
  EXPECT_EQ(parsed->category, StixCategory::CyberObservable);
}

TEST(StixObject, MalwareThatIsNotAFamilyNeedsNoName) {
  EXPECT_TRUE(parse_stix_object(with(sample("malware"), {{"is_family", false}, {"name", nullptr}}).dump()));
}

TEST(StixObject, ObservedDataWithEmbeddedObjects) {
  const Json object = with(sample("observed-data"),
                           {{"object_refs", nullptr}, {"objects", {{"0", {{"type", "url"}, {"value", "http://x"}}}}}});
  EXPECT_TRUE(parse_stix_object(object.dump()));
}

TEST(StixObject, ScoWithoutSpecVersionAndWithUuid4) {
  const Json object = with(sample("domain-name"), {{"spec_version", nullptr}, {"id", id_of("domain-name")}});
  EXPECT_TRUE(parse_stix_object(object.dump()));
}

TEST(StixObject, OtherTypesGetTheCommonChecksOfTheirCategory) {
  EXPECT_TRUE(parse_stix_object(with(sample("x-acme-asset"), {{"x_owner", "ops"}}).dump()));
  EXPECT_TRUE(parse_stix_object(sample("course-of-action").dump()));
  auto tool = parse_stix_object(with(sample("tool"), {{"created", nullptr}}).dump());
  ASSERT_FALSE(tool);
  EXPECT_THAT(test::error_texts(tool.error()), Contains("created: required property is missing"));
  EXPECT_TRUE(parse_stix_object(Json{{"type", "mutex"}, {"id", id_of("mutex", test::kUuid5)}, {"name", "m"}}.dump()));
}

TEST(StixObject, ReportsEveryErrorNotOnlyTheFirst) {
  auto parsed = parse_stix_object(with(sample("indicator"), {{"pattern", nullptr}, {"confidence", 500}}).dump());
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().size(), 2u);
}

TEST(StixObject, BadJsonNamesTheByteOffset) {
  auto parsed = parse_stix_object(R"({"type": "url", "value": })");
  ASSERT_FALSE(parsed);
  ASSERT_EQ(parsed.error().size(), 1u);
  EXPECT_EQ(parsed.error()[0].to_string(), "byte 25: invalid JSON");
}

TEST(StixObject, RefusesAbsurdNestingBeforeParsing) {
  auto parsed = parse_stix_object(std::string(100000, '['));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error()[0].to_string(), "byte 64: JSON nested deeper than 64 levels");
}

TEST(StixObject, NonObjectsAndBundlesAreNotObjects) {
  auto array = parse_stix_object("[1,2]");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error()[0].to_string(), "not a JSON object");
  auto bundle = parse_stix_object(R"({"type":"bundle","id":"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"})");
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error()[0].to_string(), "type: a bundle is not a STIX object");
}

}  // namespace
}  // namespace rampart::intel
