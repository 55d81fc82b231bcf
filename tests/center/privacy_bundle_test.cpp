// The privacy filter on objects leaving together: deterministic observable ids
// (checked against UUIDv5 values computed independently with Python's uuid module),
// observables whose value changed get the id of their new content, and every
// reference to an old id (_ref, _refs, relationships, sightings, observed-data,
// reports, ids in text and patterns) follows; custom x_ properties and nested values
// are scrubbed like free text. The proof is the serialized output: no internal
// address, e-mail address, URL user name or original observable id appears in it, and
// every object is still valid STIX whose references resolve inside the bundle.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <set>

#include "center/privacy/observable_id.hpp"
#include "center/privacy/privacy_filter.hpp"
#include "intel/pattern.hpp"

namespace rampart::center::privacy {
namespace {

using intel::Json;

PrivacyFilter make_filter(AddressTreatment treatment) {
  PrivacySettings settings;
  for (const char* network : {"10.0.0.0/8", "fd00::/8"}) settings.internal_networks.push_back(*intel::parse_cidr(network));
  settings.addresses = treatment;
  for (int i = 0; i < 32; ++i) settings.key += static_cast<char>(i);
  auto filter = PrivacyFilter::create(settings);
  EXPECT_TRUE(filter) << filter.error();
  return filter ? *filter : PrivacyFilter();
}

TEST(ObservableId, MatchesAnIndependentUuidV5) {
  EXPECT_EQ(deterministic_id(Json{{"type", "ipv4-addr"}, {"value", "198.51.100.3"}}),
            "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
  EXPECT_EQ(deterministic_id(Json{{"type", "url"}, {"id", "url--ignored"}, {"value", "http://portal.example/login"}}),
            "url--a18f27dc-d4d2-5384-a5b8-51d264a0d0bc");
  EXPECT_EQ(deterministic_id(Json{{"type", "email-addr"}, {"value", "ann@corp.example"}, {"display_name", "Ann"}}),
            "email-addr--4bc06fc2-ecb6-5bc2-9f85-87cec69ea92b");
  // Contributing properties in canonical (sorted) order, whatever the object's order.
  EXPECT_EQ(deterministic_id(Json{{"type", "network-traffic"}, {"src_ref", "ipv4-addr--x"}, {"protocols", {"tcp"}},
                                  {"dst_port", 443}, {"src_packets", 7}}),
            "network-traffic--63ba193b-31c0-521d-a8cd-5f83ad53ae75");
  // Only one hash contributes, MD5 first.
  EXPECT_EQ(deterministic_id(Json{{"type", "file"},
                                  {"name", "a.exe"},
                                  {"hashes", {{"SHA-256", std::string(64, 'a')}, {"MD5", "0123456789abcdef0123456789abcdef"}}}}),
            "file--0d3a5e56-1f3a-5cdd-a8e3-fadf3fb7514c");
  EXPECT_FALSE(deterministic_id(Json{{"type", "process"}, {"pid", 4}}));
  EXPECT_FALSE(deterministic_id(Json{{"type", "ipv4-addr"}}));
}

TEST(ObservableId, FindsObservableIdsInAnyString) {
  std::set<std::string> ids;
  collect_observable_ids(Json{{"source_ref", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"},
                              {"description", "see url--a18f27dc-d4d2-5384-a5b8-51d264a0d0bc."},
                              {"object_refs", {"indicator--11111111-1111-4111-8111-111111111111"}}},
                         ids);
  EXPECT_EQ(ids, (std::set<std::string>{"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                                        "url--a18f27dc-d4d2-5384-a5b8-51d264a0d0bc"}));
}

// A bundle an organisation could share about an intrusion, full of internal details.
struct Intrusion {
  Json address{{"type", "ipv4-addr"}, {"spec_version", "2.1"}, {"value", "10.1.2.3"}};
  Json address6{{"type", "ipv6-addr"}, {"spec_version", "2.1"}, {"value", "fd00::5"}};
  Json external{{"type", "ipv4-addr"}, {"spec_version", "2.1"}, {"value", "198.51.100.7"}};
  Json domain{{"type", "domain-name"}, {"spec_version", "2.1"}, {"value", "10.1.2.3.nip.example"}};
  Json email{{"type", "email-addr"}, {"spec_version", "2.1"}, {"value", "ann@corp.example"}, {"display_name", "Ann Smith"}};
  Json url{{"type", "url"}, {"spec_version", "2.1"}, {"value", "http://ann:hunter2@10.1.2.3/admin"}};
  Json traffic{{"type", "network-traffic"}, {"spec_version", "2.1"}, {"dst_port", 443}, {"protocols", {"tcp"}}};
  Json message{{"type", "email-message"}, {"spec_version", "2.1"}, {"is_multipart", false}, {"subject", "invoice"}};
  std::vector<Json> objects;

  Intrusion() {
    for (Json* observable : {&address, &address6, &external, &domain, &email, &url})
      (*observable)["id"] = *deterministic_id(*observable);
    traffic["src_ref"] = address["id"];
    traffic["dst_ref"] = external["id"];
    traffic["id"] = *deterministic_id(traffic);
    message["from_ref"] = email["id"];
    message["id"] = *deterministic_id(message);
    Json identity = sdo("identity", 1);
    identity["name"] = "CERT-A";
    Json indicator = sdo("indicator", 2);
    indicator["name"] = "beacon to 10.1.2.3";
    indicator["pattern"] = "[ipv4-addr:value = '10.1.2.3'] OR [url:value = 'http://ann:hunter2@10.1.2.3/admin']";
    indicator["pattern_type"] = "stix";
    indicator["valid_from"] = "2024-03-01T00:00:00Z";
    indicator["description"] = fmt::format("beacons from {} ({}), reported by ann@corp.example", address["id"].get<std::string>(),
                                           address6["value"].get<std::string>());
    indicator["x_internal_host"] = "10.1.2.3";
    indicator["x_contacts"] = Json::array({"ann@corp.example", "soc lead bob@corp.example"});
    indicator["x_notes"] = Json{{"login", "http://bob:secret@portal.example/"}, {"ref", url["id"]}};
    Json relationship = sdo("relationship", 3);
    relationship["relationship_type"] = "indicates";
    relationship["source_ref"] = indicator["id"];
    relationship["target_ref"] = address["id"];
    Json observed = sdo("observed-data", 4);
    observed["first_observed"] = "2024-03-01T10:00:00Z";
    observed["last_observed"] = "2024-03-01T10:00:00Z";
    observed["number_observed"] = 1;
    observed["object_refs"] = Json::array({address["id"], traffic["id"], url["id"], email["id"], domain["id"]});
    Json sighting = sdo("sighting", 5);
    sighting["sighting_of_ref"] = indicator["id"];
    sighting["observed_data_refs"] = Json::array({observed["id"]});
    sighting["where_sighted_refs"] = Json::array({identity["id"]});
    sighting["description"] = fmt::format("seen on {}", address6["id"].get<std::string>());
    Json report = sdo("report", 6);
    report["name"] = "intrusion at 10.1.2.3";
    report["published"] = "2024-03-02T00:00:00Z";
    report["object_refs"] = Json::array();
    objects = {identity, indicator, relationship, observed, sighting, address, address6, external, domain, email, url,
               traffic, message};
    for (const auto& object : objects) report["object_refs"].push_back(object["id"]);
    objects.push_back(report);
  }

  static Json sdo(const char* type, int n) {
    return Json{{"type", type},
                {"spec_version", "2.1"},
                {"id", fmt::format("{}--00000000-0000-4000-8000-{:012d}", type, n)},
                {"created", "2024-03-01T10:00:00.000Z"},
                {"modified", "2024-03-01T10:00:00.000Z"}};
  }
};

std::vector<Json> kept(const std::vector<std::optional<Json>>& filtered) {
  std::vector<Json> out;
  for (const auto& object : filtered)
    if (object) out.push_back(*object);
  return out;
}

// Every _ref and _refs value below node.
void collect_refs(const Json& node, std::vector<std::string>& refs) {
  if (node.is_array()) {
    for (const auto& element : node) collect_refs(element, refs);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, member] : node.items()) {
    if (key.ends_with("_ref") && member.is_string()) refs.push_back(member.get<std::string>());
    else if (key.ends_with("_refs") && member.is_array())
      for (const auto& ref : member) refs.push_back(ref.get<std::string>());
    else collect_refs(member, refs);
  }
}

TEST(Bundle, NothingInternalSurvivesAndEveryReferenceResolves) {
  Intrusion intrusion;
  auto filtered = make_filter(AddressTreatment::keyed).apply_all(intrusion.objects);
  ASSERT_EQ(filtered.size(), intrusion.objects.size());
  auto shared = kept(filtered);
  std::string text = Json(shared).dump();
  for (const std::string secret : {"10.1.2.3", "fd00::5", "ann@", "bob@", "corp.example", "ann:", "hunter2", "bob:",
                                   "secret@", "Ann Smith"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " survives in " << text;
  // The ids of every changed or withheld observable are gone too: each names its value.
  for (const Json* changed : {&intrusion.address, &intrusion.address6, &intrusion.domain, &intrusion.email, &intrusion.url,
                              &intrusion.traffic, &intrusion.message})
    EXPECT_EQ(text.find((*changed)["id"].get<std::string>()), std::string::npos) << (*changed)["id"];
  EXPECT_NE(text.find(intrusion.external["id"].get<std::string>()), std::string::npos) << "unchanged ids stay";

  std::set<std::string> ids;
  for (const auto& object : shared) {
    EXPECT_TRUE(intel::make_stix_object(object)) << object.dump();
    ids.insert(object["id"].get<std::string>());
    if (auto expected = deterministic_id(object); expected && object["type"] != "network-traffic") {
      EXPECT_EQ(object["id"], *expected) << "an observable's id is the id of its shared content";
    }
  }
  // network-traffic's id covers its references, which now name the pseudonymised address.
  std::vector<std::string> refs;
  collect_refs(Json(shared), refs);
  for (const auto& ref : refs) EXPECT_TRUE(ids.contains(ref)) << ref << " does not resolve";
  for (const auto& object : shared)
    if (object["type"] == "network-traffic") {
      EXPECT_EQ(object["id"], *deterministic_id(object));
    }

  EXPECT_EQ(shared.size(), intrusion.objects.size() - 2) << "the e-mail address and the message from it are withheld";
  EXPECT_FALSE(filtered[9]) << "email-addr";
  EXPECT_FALSE(filtered[12]) << "email-message";
  const Json& indicator = *filtered[1];
  EXPECT_TRUE(intel::parse_pattern(indicator["pattern"].get<std::string>()));
  EXPECT_EQ(indicator["x_internal_host"], (*filtered[5])["value"]) << "x_ properties get the same pseudonym";
  EXPECT_EQ(indicator["x_notes"]["ref"], (*filtered[10])["id"]);
  EXPECT_EQ(indicator["x_notes"]["login"], "http://portal.example/");
  EXPECT_NE(indicator["description"].get<std::string>().find((*filtered[5])["id"].get<std::string>()), std::string::npos)
      << "ids in text follow: " << indicator["description"];
  EXPECT_EQ((*filtered[2])["target_ref"], (*filtered[5])["id"]);
  EXPECT_EQ((*filtered[3])["object_refs"].size(), 4u) << "the withheld e-mail address leaves observed-data's list";
  EXPECT_EQ((*filtered[8])["value"], (*filtered[5])["value"].get<std::string>() + ".nip.example");
}

TEST(Bundle, ObjectsFilteredApartGetTheSameIds) {
  Intrusion intrusion;
  auto filter = make_filter(AddressTreatment::keyed);
  auto together = filter.apply_all(intrusion.objects);
  // A TAXII page holding only the relationship, its target on another page.
  auto alone = filter.apply_all({intrusion.objects[2]}, {intrusion.address});
  ASSERT_TRUE(alone[0]);
  EXPECT_EQ((*alone[0])["target_ref"], (*together[5])["id"]);
  EXPECT_EQ(filter.apply(intrusion.address).value()["id"], (*together[5])["id"]);
  // Without the target at hand the reference cannot be rewritten: the reader of a
  // TAXII page gets the target from the store (TaxiiRouter::referenced_observables).
  EXPECT_EQ((*filter.apply_all({intrusion.objects[2]})[0])["target_ref"], intrusion.address["id"]);
}

TEST(Bundle, RemovalWithholdsWhatOnlyPointsAtRemovedObservables) {
  Intrusion intrusion;
  auto filtered = make_filter(AddressTreatment::remove).apply_all(intrusion.objects);
  auto shared = kept(filtered);
  std::string text = Json(shared).dump();
  for (const auto& secret : std::vector<std::string>{"10.1.2.3", "fd00::5", "ann@", "hunter2", intrusion.address["id"],
                                                     intrusion.address6["id"], intrusion.url["id"], intrusion.domain["id"]})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " survives in " << text;
  EXPECT_FALSE(filtered[1]) << "the indicator's pattern holds an internal address";
  EXPECT_FALSE(filtered[2]) << "the relationship's target is withheld";
  EXPECT_FALSE(filtered[5]);
  EXPECT_FALSE(filtered[11]) << "network-traffic's source is withheld";
  ASSERT_TRUE(filtered[4]) << "a sighting of a withheld domain object still leaves";
  EXPECT_EQ((*filtered[4])["description"], "seen on [reference removed]");
  EXPECT_FALSE(filtered[3]) << "every observable observed-data refers to is withheld";
  EXPECT_FALSE(filtered[8]) << "the domain name holds an internal address";
  ASSERT_TRUE(filtered[13]);
  EXPECT_EQ((*filtered[13])["name"], "intrusion at [address removed]");
  // The report keeps its domain objects (their ids tell nothing) and the observables left.
  std::set<std::string> ids;
  for (const auto& object : shared) ids.insert(object["id"].get<std::string>());
  for (const auto& ref : (*filtered[13])["object_refs"]) {
    auto type = ref.get<std::string>().substr(0, ref.get<std::string>().find("--"));
    if (!id_contributing_properties(type).empty()) {
      EXPECT_TRUE(ids.contains(ref.get<std::string>())) << ref;
    }
  }
}

}  // namespace
}  // namespace rampart::center::privacy
