#pragma once
// Valid sample objects of every validated type, built in the tests so each invalid
// case can break exactly one rule of an otherwise valid object.
#include <string>
#include <string_view>
#include <vector>

#include "intel/stix_object.hpp"

namespace rampart::intel::test {

inline constexpr std::string_view kUuid4 = "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
inline constexpr std::string_view kUuid5 = "a0c8d9f2-6e8c-5b5d-9c1a-1f2e3d4c5b6a";
inline constexpr std::string_view kUuid1 = "c4a0f2d0-9b1e-11ee-8c90-0242ac120002";

inline std::string id_of(std::string_view type, std::string_view uuid = kUuid4) {
  return std::string(type) + "--" + std::string(uuid);
}

inline Json sdo(std::string_view type) {
  return Json{{"type", type},
              {"spec_version", "2.1"},
              {"id", id_of(type)},
              {"created", "2024-01-02T03:04:05.000Z"},
              {"modified", "2024-01-02T03:04:05.000Z"}};
}

inline Json sco(std::string_view type) {
  return Json{{"type", type}, {"spec_version", "2.1"}, {"id", id_of(type, kUuid5)}};
}

inline Json with(Json object, const Json& patch) {
  object.merge_patch(patch);
  return object;
}

inline Json sample(std::string_view type) {
  if (type == "indicator") {
    return with(sdo(type), {{"pattern", "[ipv4-addr:value = '198.51.100.7']"},
                            {"pattern_type", "stix"},
                            {"valid_from", "2024-01-01T00:00:00Z"}});
  }
  if (type == "malware") return with(sdo(type), {{"is_family", true}, {"name", "Emotet"}});
  if (type == "threat-actor" || type == "intrusion-set" || type == "campaign" || type == "attack-pattern" ||
      type == "vulnerability" || type == "identity") {
    return with(sdo(type), {{"name", "sample " + std::string(type)}});
  }
  if (type == "sighting") return with(sdo(type), {{"sighting_of_ref", id_of("indicator")}});
  if (type == "relationship") {
    return with(sdo(type), {{"relationship_type", "indicates"},
                            {"source_ref", id_of("indicator")},
                            {"target_ref", id_of("malware")}});
  }
  if (type == "report") {
    return with(sdo(type), {{"name", "Q1 report"},
                            {"published", "2024-02-01T00:00:00Z"},
                            {"object_refs", {id_of("indicator")}}});
  }
  if (type == "note") return with(sdo(type), {{"content", "seen on two sites"}, {"object_refs", {id_of("malware")}}});
  if (type == "observed-data") {
    return with(sdo(type), {{"first_observed", "2024-01-01T00:00:00Z"},
                            {"last_observed", "2024-01-01T01:00:00Z"},
                            {"number_observed", 3},
                            {"object_refs", {id_of("ipv4-addr", kUuid5)}}});
  }
  if (type == "ipv4-addr") return with(sco(type), {{"value", "198.51.100.0/24"}});
  if (type == "ipv6-addr") return with(sco(type), {{"value", "2001:db8::1"}});
  if (type == "domain-name") return with(sco(type), {{"value", "example.org"}});
  if (type == "url") return with(sco(type), {{"value", "http://example.org/a"}});
  if (type == "email-addr") return with(sco(type), {{"value", "soc@example.org"}});
  if (type == "file") {
    return with(sco(type), {{"hashes", {{"SHA-256", std::string(64, 'a')}}}, {"name", "dropper.exe"}});
  }
  if (type == "network-traffic") {
    return with(sco(type), {{"protocols", {"ipv4", "tcp"}}, {"dst_ref", id_of("ipv4-addr", kUuid5)}});
  }
  if (type == "marking-definition") {
    return Json{{"type", type},
                {"spec_version", "2.1"},
                {"id", id_of(type)},
                {"created", "2024-01-02T03:04:05.000Z"},
                {"definition_type", "statement"},
                {"definition", {{"statement", "Copyright 2024 Example CERT"}}}};
  }
  return sdo(type);
}

inline const std::vector<std::string_view>& validated_types() {
  static const std::vector<std::string_view> types{
      "indicator", "malware", "threat-actor", "intrusion-set", "campaign", "attack-pattern", "vulnerability",
      "identity", "sighting", "relationship", "report", "note", "observed-data", "ipv4-addr", "ipv6-addr",
      "domain-name", "url", "file", "email-addr", "network-traffic", "marking-definition"};
  return types;
}

// The text of every error, for matching in assertions.
inline std::vector<std::string> error_texts(const StixErrors& errors) {
  std::vector<std::string> texts;
  for (const auto& error : errors) texts.push_back(error.to_string());
  return texts;
}

}  // namespace rampart::intel::test
