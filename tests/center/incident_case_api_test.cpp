// Case management over the API without sockets, on both stores: the incident list
// (filters, cursor, overdue flag), manual creation, PATCH edits, notes, tasks,
// linked alerts, observables, reopening, roles, and the 4xx of bad requests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

class IncidentCaseApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    for (auto* token : {&sensor_, &analyst_, &viewer_, &admin_}) *token = *generate_api_token();
    ASSERT_TRUE(store_->add_sensor("edge-1", token_hash(sensor_), "test"));
    ASSERT_TRUE(store_->add_user("ana", Role::analyst, "h", token_hash(analyst_), "test"));
    ASSERT_TRUE(store_->add_user("vic", Role::viewer, "h", token_hash(viewer_), "test"));
    ASSERT_TRUE(store_->add_user("root", Role::admin, "h", token_hash(admin_), "test"));
    auto correlation = incidents::default_correlation_config();
    correlation.deadline_seconds = {60, 120, 180, 240};
    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{1 << 20}, correlation);
  }

  HttpResponse send(std::string method, std::string target, const std::string& token, std::string body = "",
                    std::string content_type = "application/json") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.authorization = "Bearer " + token;
    request.content_type = std::move(content_type);
    request.body = std::move(body);
    return router_->handle(request);
  }

  // Creates an incident and returns its JSON.
  json create(const json& body) {
    auto response = send("POST", "/api/v1/incidents", analyst_, body.dump());
    EXPECT_EQ(response.status, 201u) << response.body;
    return parse(response);
  }

  static json parse(const HttpResponse& response) { return json::parse(response.body, nullptr, false); }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::string sensor_, analyst_, viewer_, admin_;
};

TEST_P(IncidentCaseApiTest, ManualIncidentGetsConfiguredDeadline) {
  auto incident = create({{"title", "ransomware at the port"}, {"category", "harmful-program"}, {"level", "II"},
                          {"assignee", "ana"}});
  EXPECT_EQ(incident["state"], "new");
  EXPECT_EQ(incident["level"], "II");
  EXPECT_EQ(incident["assignee"], "ana");
  EXPECT_EQ(incident["overdue"], false);
  EXPECT_EQ(incident["correlation_key"], nullptr);
  EXPECT_EQ(incident["timeline"][0]["change"], "created: ransomware at the port, category harmful-program, level II");
  EXPECT_EQ(incident["timeline"][0]["actor"], "user:ana");
  auto record = **store_->incident(incident["id"].get<int64_t>());
  EXPECT_EQ(record.deadline_us - record.created_us, 120'000'000) << "level II deadline from the configuration";
  auto by_number = create({{"title", "t"}, {"category", "other"}, {"level", 4}});
  EXPECT_EQ(by_number["level"], "IV");
}

TEST_P(IncidentCaseApiTest, OverdueFlagInListAndGet) {
  auto incident = create({{"title", "old"}, {"category", "other"}, {"level", "I"}});
  // A level change moves the deadline to creation + deadline_after_us: -1 puts it in the past.
  IncidentEdit move_back;
  move_back.level = 2;
  move_back.level_reason = "test";
  move_back.deadline_after_us = -1;
  ASSERT_TRUE(store_->change_incident(incident["id"].get<int64_t>(), move_back, "test"));
  auto list = parse(send("GET", "/api/v1/incidents", viewer_));
  ASSERT_EQ(list["incidents"].size(), 1u);
  EXPECT_EQ(list["incidents"][0]["overdue"], true);
  EXPECT_EQ(parse(send("GET", fmt::format("/api/v1/incidents/{}", incident["id"].get<int64_t>()), viewer_))["overdue"],
            true);
}

TEST_P(IncidentCaseApiTest, ListFiltersAndCursor) {
  for (int i = 0; i < 5; ++i)
    create({{"title", fmt::format("case {}", i)}, {"category", i % 2 ? "other" : "disaster"}, {"level", 1 + i % 4}});
  auto page = parse(send("GET", "/api/v1/incidents?limit=2", viewer_));
  ASSERT_EQ(page["incidents"].size(), 2u);
  EXPECT_EQ(page["incidents"][0]["title"], "case 4");
  std::vector<std::string> titles;
  for (int pages = 0; pages < 5 && !page["next"].is_null(); ++pages) {
    for (const auto& incident : page["incidents"]) titles.push_back(incident["title"].get<std::string>());
    page = parse(send("GET", "/api/v1/incidents?limit=2&next=" + page["next"].get<std::string>(), viewer_));
  }
  for (const auto& incident : page["incidents"]) titles.push_back(incident["title"].get<std::string>());
  EXPECT_EQ(titles, (std::vector<std::string>{"case 4", "case 3", "case 2", "case 1", "case 0"}));
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents?category=disaster", viewer_))["incidents"].size(), 3u);
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents?level=I", viewer_))["incidents"].size(), 2u);
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents?level=2&state=new", viewer_))["incidents"].size(), 1u);
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents?state=closed", viewer_))["incidents"].size(), 0u);
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents?since=2000-01-01T00:00:00Z&until=4000000000", viewer_))["incidents"].size(),
            5u);
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents?until=2000-01-01T00:00:00Z", viewer_))["incidents"].size(), 0u);
  for (const char* bad : {"?state=open", "?level=V", "?level=0", "?category=x", "?limit=0", "?limit=5000", "?next=zz",
                          "?since=yesterday", "?colour=red"}) {
    auto response = send("GET", std::string("/api/v1/incidents") + bad, viewer_);
    EXPECT_EQ(response.status, 400u) << bad;
    EXPECT_EQ(parse(response)["error"], "bad parameter") << bad;
  }
}

TEST_P(IncidentCaseApiTest, PatchNotesTasksLinksObservables) {
  ASSERT_EQ(send("POST", "/api/v1/events?batch=b1", sensor_,
                 R"({"timestamp":"2026-11-26T05:00:00.000000+0000","event_type":"alert","src_ip":"198.51.100.7","dest_ip":"10.1.1.1","alert":{"signature_id":1,"severity":3,"signature":"s","category":"Misc activity"}})"
                 "\n",
                 "application/x-ndjson")
                .status,
            200u);
  auto alerts = parse(send("GET", "/api/v1/alerts", viewer_));
  ASSERT_EQ(alerts["alerts"].size(), 1u);
  int64_t alert_id = alerts["alerts"][0]["id"];
  auto incident = create({{"title", "case"}, {"category", "other"}, {"level", "IV"}});
  std::string base = fmt::format("/api/v1/incidents/{}", incident["id"].get<int64_t>());

  auto patched = send("PATCH", base, analyst_, R"({"title": "worse case", "assignee": "root", "level": "II", "reason": "spread"})");
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_EQ(parse(patched)["title"], "worse case");
  EXPECT_EQ(parse(patched)["assignee"], "root");
  EXPECT_EQ(parse(patched)["level"], "II");
  EXPECT_EQ(parse(patched)["timeline"].back()["change"], "escalated: level IV -> II (spread)");
  EXPECT_EQ(parse(send("PATCH", base, admin_, R"({"assignee": null})"))["assignee"], nullptr);

  auto note = send("POST", base + "/notes", analyst_, R"({"text": "ISP informed"})");
  ASSERT_EQ(note.status, 201u) << note.body;
  EXPECT_EQ(parse(note)["notes"][0]["text"], "ISP informed");
  auto task = send("POST", base + "/tasks", analyst_, R"({"title": "reimage host"})");
  ASSERT_EQ(task.status, 201u) << task.body;
  int64_t task_id = parse(task)["tasks"][0]["id"];
  auto done = send("PATCH", fmt::format("{}/tasks/{}", base, task_id), analyst_, R"({"done": true})");
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(parse(done)["tasks"][0]["done"], true);
  auto linked = send("POST", base + "/alerts", analyst_, json{{"alerts", {alert_id}}}.dump());
  ASSERT_EQ(linked.status, 201u) << linked.body;
  EXPECT_EQ(parse(linked)["alerts"], json::array({alert_id}));
  auto observed = send("POST", base + "/observables", analyst_, R"({"type": "ipv4-addr", "value": "198.51.100.7"})");
  ASSERT_EQ(observed.status, 201u) << observed.body;
  EXPECT_EQ(parse(observed)["observables"][0]["value"], "198.51.100.7");
  auto audit = store_->audit_log(1);
  EXPECT_EQ(audit->front().action, "incident.link.observable");
  EXPECT_EQ(audit->front().actor, "user:ana");

  // Refusals, each a 4xx JSON body.
  struct Case {
    const char* method;
    std::string target;
    std::string body;
    unsigned status;
  };
  for (const auto& bad : std::vector<Case>{
           {"PATCH", base, R"({"level": "I"})", 400},
           {"PATCH", base, R"({"reason": "x"})", 400},
           {"PATCH", base, R"({})", 400},
           {"PATCH", base, R"({"title": ""})", 400},
           {"PATCH", base, R"({"category": "bad"})", 400},
           {"PATCH", base, R"({"assignee": "nobody"})", 422},
           {"PATCH", base, R"({"colour": "red"})", 400},
           {"PATCH", "/api/v1/incidents/999", R"({"title": "x"})", 404},
           {"POST", base + "/notes", R"({"text": ""})", 400},
           {"POST", base + "/notes", R"({"text": 5})", 400},
           {"POST", base + "/tasks", R"({})", 400},
           {"PATCH", fmt::format("{}/tasks/{}", base, task_id + 7), R"({"done": true})", 404},
           {"PATCH", fmt::format("{}/tasks/{}", base, task_id), R"({"done": "yes"})", 400},
           {"PATCH", base + "/tasks/x", R"({"done": true})", 404},
           {"POST", base + "/alerts", R"({"alerts": []})", 400},
           {"POST", base + "/alerts", R"({"alerts": [-1]})", 400},
           {"POST", base + "/alerts", R"({"alerts": [987654]})", 422},
           {"POST", base + "/observables", R"({"type": "ipv4-addr", "value": "300.1.1.1"})", 400},
           {"POST", base + "/observables", R"({"type": "sha256", "value": "abc"})", 400},
           {"POST", base + "/observables", R"({"type": "mutex", "value": "x"})", 400},
           {"POST", base + "/comments", R"({})", 404},
           {"GET", base + "/notes", "", 405},
           {"DELETE", base, "", 405},
           {"POST", "/api/v1/incidents", R"({"title": "x", "category": "other"})", 400},
           {"POST", "/api/v1/incidents", R"({"title": "x", "category": "other", "level": 9})", 400},
           {"POST", "/api/v1/incidents", R"({"title": "x", "category": "other", "level": "I", "alerts": [987654]})", 422},
           {"POST", "/api/v1/incidents", R"({"title": "x", "category": "other", "level": "I", "assignee": "ghost"})", 422},
           {"POST", "/api/v1/incidents", "not json", 400},
           {"PUT", "/api/v1/incidents", "{}", 405},
       }) {
    auto response = send(bad.method, bad.target, analyst_, bad.body);
    EXPECT_EQ(response.status, bad.status) << bad.method << " " << bad.target << " " << bad.body << " -> " << response.body;
    EXPECT_TRUE(parse(response).contains("error")) << response.body;
  }
  EXPECT_EQ(send("POST", base + "/notes", analyst_, R"({"text": "x"})", "text/plain").status, 415u);
  EXPECT_EQ(parse(send("GET", base, viewer_))["notes"].size(), 1u) << "refused requests changed nothing";
}

TEST_P(IncidentCaseApiTest, ReopenOnlyFromResolvedOrClosed) {
  auto incident = create({{"title", "case"}, {"category", "other"}, {"level", "III"}});
  std::string base = fmt::format("/api/v1/incidents/{}", incident["id"].get<int64_t>());
  EXPECT_EQ(send("POST", base + "/reopen", analyst_).status, 409u);
  for (const char* state : {"acknowledged", "investigating", "contained", "resolved"})
    ASSERT_EQ(send("POST", base + "/transition", analyst_, json{{"to", state}}.dump()).status, 200u) << state;
  auto reopened = send("POST", base + "/reopen", analyst_);
  ASSERT_EQ(reopened.status, 200u) << reopened.body;
  EXPECT_EQ(parse(reopened)["state"], "investigating");
  EXPECT_EQ(parse(reopened)["timeline"].back()["change"], "state: resolved -> investigating");
  EXPECT_EQ(send("POST", "/api/v1/incidents/999/reopen", analyst_).status, 404u);
}

TEST_P(IncidentCaseApiTest, RolesReadAndWrite) {
  auto incident = create({{"title", "case"}, {"category", "other"}, {"level", "III"}});
  std::string base = fmt::format("/api/v1/incidents/{}", incident["id"].get<int64_t>());
  EXPECT_EQ(send("GET", "/api/v1/incidents", viewer_).status, 200u);
  EXPECT_EQ(send("GET", base, viewer_).status, 200u);
  EXPECT_EQ(send("POST", "/api/v1/incidents", viewer_, R"({"title": "x", "category": "other", "level": 1})").status, 403u);
  EXPECT_EQ(send("PATCH", base, viewer_, R"({"title": "x"})").status, 403u);
  EXPECT_EQ(send("POST", base + "/notes", viewer_, R"({"text": "x"})").status, 403u);
  EXPECT_EQ(send("GET", "/api/v1/incidents", sensor_).status, 403u);
  EXPECT_EQ(send("POST", base + "/notes", sensor_, R"({"text": "x"})").status, 403u);
  EXPECT_EQ(send("POST", base + "/notes", admin_, R"({"text": "x"})").status, 201u);
  EXPECT_EQ(send("GET", "/api/v1/incidents", "wrong-token").status, 401u);
}

INSTANTIATE_TEST_SUITE_P(Stores, IncidentCaseApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
