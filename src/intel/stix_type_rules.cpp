#include <fmt/format.h>

#include <unordered_map>

#include "intel/cidr.hpp"
#include "intel/object_validator.hpp"
#include "intel/pattern.hpp"

namespace rampart::intel {
namespace {

constexpr int64_t kMaxCount = 999999999;

void first_and_last_seen(ObjectValidator& v) {
  v.timestamp("first_seen", Presence::Optional);
  v.timestamp("last_seen", Presence::Optional);
  v.time_order("first_seen", "last_seen", false);
}

void named_object(ObjectValidator& v) {
  v.string("name", Presence::Required);
  v.string("description", Presence::Optional);
}

void indicator(ObjectValidator& v) {
  const std::string* pattern = v.string("pattern", Presence::Required);
  const std::string* pattern_type = v.string("pattern_type", Presence::Required);
  v.string("pattern_version", Presence::Optional);
  v.timestamp("valid_from", Presence::Required);
  v.timestamp("valid_until", Presence::Optional);
  v.time_order("valid_from", "valid_until", true);
  v.string_list("indicator_types", Presence::Optional);
  v.kill_chain_phases("kill_chain_phases");
  if (pattern != nullptr && pattern_type != nullptr && *pattern_type == "stix") {
    if (auto parsed = parse_pattern(*pattern); !parsed) v.error("pattern", parsed.error().to_string());
  }
}

void malware(ObjectValidator& v) {
  const auto is_family = v.boolean("is_family", Presence::Required);
  v.string("name", is_family.value_or(false) ? Presence::Required : Presence::Optional);
  v.string_list("malware_types", Presence::Optional);
  v.kill_chain_phases("kill_chain_phases");
  first_and_last_seen(v);
  v.reference_list("operating_system_refs", Presence::Optional, {"software"});
  v.reference_list("sample_refs", Presence::Optional, {"file", "artifact"});
}

void threat_actor(ObjectValidator& v) {
  named_object(v);
  v.string_list("threat_actor_types", Presence::Optional);
  v.string_list("aliases", Presence::Optional);
  first_and_last_seen(v);
}

void intrusion_set(ObjectValidator& v) {
  named_object(v);
  v.string_list("aliases", Presence::Optional);
  first_and_last_seen(v);
}

void campaign(ObjectValidator& v) {
  named_object(v);
  v.string_list("aliases", Presence::Optional);
  first_and_last_seen(v);
}

void attack_pattern(ObjectValidator& v) {
  named_object(v);
  v.string_list("aliases", Presence::Optional);
  v.kill_chain_phases("kill_chain_phases");
}

void identity(ObjectValidator& v) {
  named_object(v);
  v.string("identity_class", Presence::Optional);
  v.string_list("sectors", Presence::Optional);
}

void sighting(ObjectValidator& v) {
  v.reference("sighting_of_ref", Presence::Required);
  v.reference_categories("sighting_of_ref", {StixCategory::DomainObject}, "a domain object");
  v.timestamp("first_seen", Presence::Optional);
  v.timestamp("last_seen", Presence::Optional);
  v.time_order("first_seen", "last_seen", false);
  v.integer("count", Presence::Optional, 0, kMaxCount);
  v.reference_list("observed_data_refs", Presence::Optional, {"observed-data"});
  v.reference_list("where_sighted_refs", Presence::Optional, {"identity", "location"});
  v.boolean("summary", Presence::Optional);
}

void relationship(ObjectValidator& v) {
  v.string("relationship_type", Presence::Required);
  v.reference("source_ref", Presence::Required);
  v.reference("target_ref", Presence::Required);
  for (const char* end : {"source_ref", "target_ref"}) {
    v.reference_categories(end, {StixCategory::DomainObject, StixCategory::CyberObservable},
                           "a domain object or cyber-observable");
  }
  v.timestamp("start_time", Presence::Optional);
  v.timestamp("stop_time", Presence::Optional);
  v.time_order("start_time", "stop_time", true);
}

void report(ObjectValidator& v) {
  named_object(v);
  v.timestamp("published", Presence::Required);
  v.reference_list("object_refs", Presence::Required);
  v.string_list("report_types", Presence::Optional);
}

void note(ObjectValidator& v) {
  v.string("abstract", Presence::Optional);
  v.string("content", Presence::Required);
  v.string_list("authors", Presence::Optional);
  v.reference_list("object_refs", Presence::Required);
}

void observed_data(ObjectValidator& v) {
  v.timestamp("first_observed", Presence::Required);
  v.timestamp("last_observed", Presence::Required);
  v.time_order("first_observed", "last_observed", false);
  v.integer("number_observed", Presence::Required, 1, kMaxCount);
  const bool has_objects = v.has("objects"), has_refs = v.has("object_refs");
  if (has_objects == has_refs) {
    v.error("", "needs exactly one of objects and object_refs");
  } else if (has_refs) {
    v.reference_list("object_refs", Presence::Required);
    v.reference_categories("object_refs", {StixCategory::CyberObservable, StixCategory::RelationshipObject},
                           "cyber-observables or relationships");
  } else if (const Json* objects = v.find("objects"); !objects->is_object() || objects->empty()) {
    v.error("objects", "not a non-empty dictionary of observables");
  }
}

void address(ObjectValidator& v, int family) {
  const std::string* value = v.string("value", Presence::Required);
  if (value != nullptr && !value->empty() && !parse_cidr(*value, family)) {
    v.error("value", fmt::format("not an IPv{} address or CIDR block", family));
  }
  v.reference_list("resolves_to_refs", Presence::Optional, {"mac-addr"});
  v.reference_list("belongs_to_refs", Presence::Optional, {"autonomous-system"});
}

void domain_name(ObjectValidator& v) {
  v.string("value", Presence::Required);
  v.reference_list("resolves_to_refs", Presence::Optional, {"ipv4-addr", "ipv6-addr", "domain-name"});
}

void url(ObjectValidator& v) { v.string("value", Presence::Required); }

void email_addr(ObjectValidator& v) {
  const std::string* value = v.string("value", Presence::Required);
  if (value != nullptr && !value->empty() && value->find('@') == std::string::npos) {
    v.error("value", "not an e-mail address (no '@')");
  }
  v.string("display_name", Presence::Optional);
  v.reference("belongs_to_ref", Presence::Optional, {"user-account"});
}

void file(ObjectValidator& v) {
  v.at_least_one_of({"hashes", "name"});
  v.hashes("hashes", Presence::Optional);
  v.string("name", Presence::Optional);
  v.integer("size", Presence::Optional, 0, INT64_MAX);
  v.reference("parent_directory_ref", Presence::Optional, {"directory"});
  v.reference("content_ref", Presence::Optional, {"artifact"});
}

void network_traffic(ObjectValidator& v) {
  v.string_list("protocols", Presence::Required);
  v.at_least_one_of({"src_ref", "dst_ref"});
  v.reference("src_ref", Presence::Optional, {"ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"});
  v.reference("dst_ref", Presence::Optional, {"ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"});
  v.integer("src_port", Presence::Optional, 0, 65535);
  v.integer("dst_port", Presence::Optional, 0, 65535);
  v.timestamp("start", Presence::Optional);
  v.timestamp("end", Presence::Optional);
  v.time_order("start", "end", false);
}

using TypeRule = void (*)(ObjectValidator&);

const std::unordered_map<std::string_view, TypeRule>& type_rules() {
  static const std::unordered_map<std::string_view, TypeRule> rules{
      {"indicator", indicator},
      {"malware", malware},
      {"threat-actor", threat_actor},
      {"intrusion-set", intrusion_set},
      {"campaign", campaign},
      {"attack-pattern", attack_pattern},
      {"vulnerability", named_object},
      {"identity", identity},
      {"sighting", sighting},
      {"relationship", relationship},
      {"report", report},
      {"note", note},
      {"observed-data", observed_data},
      {"ipv4-addr", [](ObjectValidator& v) { address(v, 4); }},
      {"ipv6-addr", [](ObjectValidator& v) { address(v, 6); }},
      {"domain-name", domain_name},
      {"url", url},
      {"email-addr", email_addr},
      {"file", file},
      {"network-traffic", network_traffic},
  };
  return rules;
}

}  // namespace

void validate_type_specific_properties(ObjectValidator& v, std::string_view type) {
  auto it = type_rules().find(type);
  if (it != type_rules().end()) it->second(v);
}

}  // namespace rampart::intel
