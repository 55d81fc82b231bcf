// The case-management request parsers: strict bodies, levels as names or numbers,
// observable values checked against their type, list filters and the cursor.
#include <gtest/gtest.h>

#include "center/api/incident_requests.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

TEST(IncidentRequests, NewIncidentSortsAndDeduplicatesAlerts) {
  auto incident = parse_new_incident(
      json{{"title", "t"}, {"category", "disaster"}, {"level", "III"}, {"alerts", {5, 2, 5}}});
  ASSERT_TRUE(incident) << incident.error();
  EXPECT_EQ(incident->level, 3);
  EXPECT_EQ(incident->alert_ids, (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(incident->assignee, "");
  EXPECT_EQ(parse_new_incident(json{{"title", "t"}, {"category", "disaster"}, {"level", "III"}, {"x", 1}}).error(),
            "unknown member \"x\"");
  EXPECT_EQ(parse_new_incident(json{{"category", "disaster"}, {"level", 1}}).error(), "\"title\" is required");
  EXPECT_FALSE(parse_new_incident(json{{"title", std::string(501, 'a')}, {"category", "other"}, {"level", 1}}));
  EXPECT_FALSE(parse_new_incident(json::array()));
}

TEST(IncidentRequests, EditNeedsReasonWithLevel) {
  auto edit = parse_incident_edit(json{{"level", 1}, {"reason", "hospital"}});
  ASSERT_TRUE(edit) << edit.error();
  EXPECT_EQ(edit->level, 1);
  EXPECT_EQ(edit->level_reason, "hospital");
  EXPECT_EQ(parse_incident_edit(json{{"level", "I"}}).error(), "a \"level\" change needs a \"reason\"");
  EXPECT_EQ(parse_incident_edit(json{{"reason", "r"}}).error(), "\"reason\" goes with a \"level\" change");
  auto unassign = parse_incident_edit(json{{"assignee", nullptr}});
  ASSERT_TRUE(unassign);
  EXPECT_EQ(unassign->assignee, "");
}

TEST(IncidentRequests, ObservablesAreCheckedByType) {
  for (auto [type, value] : std::vector<std::pair<std::string, std::string>>{
           {"ipv4-addr", "192.0.2.1"},
           {"ipv6-addr", "2001:db8::1"},
           {"domain-name", "evil.example"},
           {"url", "https://evil.example/x?y=1"},
           {"email-addr", "a@evil.example"},
           {"md5", std::string(32, 'a')},
           {"sha1", std::string(40, 'B')},
           {"sha256", std::string(64, '0')}})
    EXPECT_TRUE(parse_observable(json{{"type", type}, {"value", value}})) << type;
  for (auto [type, value] : std::vector<std::pair<std::string, std::string>>{{"ipv4-addr", "2001:db8::1"},
                                                                             {"ipv6-addr", "192.0.2.1"},
                                                                             {"domain-name", "a..b"},
                                                                             {"url", "no-scheme"},
                                                                             {"url", "http://a b"},
                                                                             {"email-addr", "@x.example"},
                                                                             {"md5", std::string(31, 'a')},
                                                                             {"sha256", std::string(64, 'g')},
                                                                             {"mutex", "x"}})
    EXPECT_FALSE(parse_observable(json{{"type", type}, {"value", value}})) << type << " " << value;
}

TEST(IncidentRequests, ListQueryAndCursor) {
  auto query = parse_incident_query({{"state", "contained"}, {"level", "IV"}, {"assignee", "ana"}, {"limit", "7"}});
  ASSERT_TRUE(query) << query.error();
  EXPECT_EQ(query->state, incidents::IncidentState::contained);
  EXPECT_EQ(query->level, 4);
  EXPECT_EQ(query->assignee, "ana");
  EXPECT_EQ(query->limit, 7u);
  auto cursor = encode_incident_cursor(IncidentCursor{1'700'000'000'000'123, 42});
  auto next = parse_incident_query({{"next", cursor}});
  ASSERT_TRUE(next && next->after);
  EXPECT_EQ(next->after->created_us, 1'700'000'000'000'123);
  EXPECT_EQ(next->after->id, 42);
  EXPECT_EQ(parse_incident_query({{"level", "3"}})->level, 3);
  EXPECT_EQ(parse_incident_query({{"level", "5"}}).error(), "parameter \"level\": \"5\" is not a level I..IV or 1..4");
}

}  // namespace
}  // namespace rampart::center
