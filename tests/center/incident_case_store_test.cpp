// Case management in both stores (migration 5): manual incidents, filtered and
// paged lists, edits with timeline and audit entries, notes, tasks, linked alerts
// and observables, and the refusals (unknown incident, task or alert).
// PostgreSQL runs on the server the tests start (postgres_server.hpp).
#include <gtest/gtest.h>

#include <algorithm>

#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

constexpr int64_t kBase = 1'700'000'000'000'000;

class IncidentCaseStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
    auto sensor = **store_->find_token("hash-edge-1");
    EventBatch batch;
    for (int i = 0; i < 3; ++i)
      batch.alerts.push_back(IngestedAlert{kBase + i, 2000 + i, 2, "sig", "203.0.113.9", "10.0.0.1", "{}", ""});
    auto ack = store_->ingest(sensor, "b1", batch);
    ASSERT_TRUE(ack);
    alert_ids_ = ack->alert_ids;
  }

  int64_t create(const std::string& title, int level, int64_t created_us, std::string assignee = "",
                 std::vector<int64_t> alerts = {}) {
    NewIncident incident{title, "network-attack", level, std::move(assignee), created_us, 1000, std::move(alerts)};
    auto created = store_->create_incident(incident, "user:ana");
    if (!created) {
      ADD_FAILURE() << created.error().detail;
      return 0;
    }
    EXPECT_EQ(created->outcome, ChangeOutcome::done) << created->detail;
    return created->created_id.value_or(0);
  }

  IncidentRecord get(int64_t id) {
    auto record = store_->incident(id);
    if (!record || !*record) {
      ADD_FAILURE() << "no incident " << id;
      return IncidentRecord{};
    }
    return **record;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<int64_t> alert_ids_;
};

TEST_P(IncidentCaseStoreTest, ManualIncidentStartsNewWithDeadlineTimelineAndAudit) {
  int64_t id = create("phishing wave", 2, kBase, "ana", {alert_ids_[1], alert_ids_[0]});
  auto record = get(id);
  EXPECT_EQ(record.title, "phishing wave");
  EXPECT_EQ(record.state, incidents::IncidentState::new_);
  EXPECT_EQ(record.level, 2);
  EXPECT_EQ(record.assignee, "ana");
  EXPECT_EQ(record.created_us, kBase);
  EXPECT_EQ(record.deadline_us, kBase + 1000);
  EXPECT_TRUE(record.correlation_key.empty());
  EXPECT_EQ(record.alert_ids, (std::vector<int64_t>{alert_ids_[0], alert_ids_[1]}));
  ASSERT_EQ(record.timeline.size(), 2u);
  EXPECT_EQ(record.timeline[0].change, "created: phishing wave, category network-attack, level II");
  EXPECT_EQ(record.timeline[0].actor, "user:ana");
  EXPECT_EQ(store_->audit_log(1)->front().action, "incident.create");

  NewIncident unknown_alert{"x", "other", 4, "", kBase, 1, {alert_ids_.back() + 100}};
  auto refused = store_->create_incident(unknown_alert, "user:ana");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->outcome, ChangeOutcome::invalid);
  EXPECT_EQ(refused->detail, "no alert " + std::to_string(alert_ids_.back() + 100));
  EXPECT_FALSE(*store_->incident(id + 1)) << "a refused creation writes nothing";
}

TEST_P(IncidentCaseStoreTest, ListFiltersAndPages) {
  int64_t a = create("a", 4, kBase + 10, "ana");
  int64_t b = create("b", 2, kBase + 20);
  int64_t c = create("c", 2, kBase + 20, "ana");
  int64_t d = create("d", 3, kBase + 30);
  ASSERT_TRUE(store_->transition_incident(d, incidents::IncidentState::acknowledged, "user:ana"));

  auto all = store_->incidents(IncidentQuery{});
  ASSERT_TRUE(all) << all.error().detail;
  std::vector<int64_t> ids;
  for (const auto& record : all->incidents) ids.push_back(record.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{d, c, b, a})) << "newest first, ties by id";
  EXPECT_FALSE(all->next);
  EXPECT_EQ(all->incidents[0].state, incidents::IncidentState::acknowledged);
  EXPECT_TRUE(all->incidents[0].acknowledged_us);

  auto ids_of = [&](const IncidentQuery& query) {
    auto page = store_->incidents(query);
    EXPECT_TRUE(page) << page.error().detail;
    std::vector<int64_t> out;
    for (const auto& record : page->incidents) out.push_back(record.id);
    return out;
  };
  IncidentQuery by_level;
  by_level.level = 2;
  EXPECT_EQ(ids_of(by_level), (std::vector<int64_t>{c, b}));
  IncidentQuery by_assignee;
  by_assignee.assignee = "ana";
  EXPECT_EQ(ids_of(by_assignee), (std::vector<int64_t>{c, a}));
  IncidentQuery by_state;
  by_state.state = incidents::IncidentState::new_;
  by_state.category = "network-attack";
  EXPECT_EQ(ids_of(by_state), (std::vector<int64_t>{c, b, a}));
  IncidentQuery by_time;
  by_time.since_us = kBase + 20;
  by_time.until_us = kBase + 30;
  EXPECT_EQ(ids_of(by_time), (std::vector<int64_t>{c, b}));
  IncidentQuery other_category;
  other_category.category = "disaster";
  EXPECT_TRUE(ids_of(other_category).empty());

  IncidentQuery paged;
  paged.limit = 2;
  std::vector<int64_t> walked;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = store_->incidents(paged);
    ASSERT_TRUE(page);
    for (const auto& record : page->incidents) walked.push_back(record.id);
    if (!page->next) break;
    paged.after = page->next;
  }
  EXPECT_EQ(walked, (std::vector<int64_t>{d, c, b, a})) << "the cursor splits the tie at kBase + 20 correctly";
}

TEST_P(IncidentCaseStoreTest, EditsLandInTimelineAndAudit) {
  int64_t id = create("first", 3, kBase);
  IncidentEdit edit;
  edit.title = "renamed";
  edit.assignee = "bob";
  edit.category = "harmful-program";
  edit.level = 1;
  edit.level_reason = "hospital affected";
  edit.deadline_after_us = 50;
  auto changed = store_->change_incident(id, edit, "user:ana");
  ASSERT_TRUE(changed) << changed.error().detail;
  EXPECT_EQ(changed->outcome, ChangeOutcome::done) << changed->detail;
  EXPECT_EQ(changed->previous_level, 3);
  auto record = get(id);
  EXPECT_EQ(record.title, "renamed");
  EXPECT_EQ(record.assignee, "bob");
  EXPECT_EQ(record.category, "harmful-program");
  EXPECT_EQ(record.level, 1);
  EXPECT_EQ(record.deadline_us, kBase + 50) << "the deadline follows the new level";
  std::vector<std::string> changes;
  for (const auto& entry : record.timeline) changes.push_back(entry.change);
  EXPECT_EQ(changes, (std::vector<std::string>{"created: first, category network-attack, level III", "title: first -> renamed",
                                               "assignee: (none) -> bob", "category: network-attack -> harmful-program",
                                               "escalated: level III -> I (hospital affected)"}));
  auto audit = store_->audit_log(4);
  ASSERT_TRUE(audit);
  for (const auto& entry : *audit) EXPECT_EQ(entry.action, "incident.edit");

  IncidentEdit lower;
  lower.level = 4;
  lower.level_reason = "false alarm";
  lower.deadline_after_us = 70;
  auto lowered = store_->change_incident(id, lower, "user:ana");
  ASSERT_TRUE(lowered);
  EXPECT_FALSE(lowered->previous_level) << "only a raised level is an escalation";
  EXPECT_EQ(get(id).timeline.back().change, "level lowered: I -> IV (false alarm)");
  EXPECT_EQ(get(id).deadline_us, kBase + 70);

  IncidentEdit unassign;
  unassign.assignee = "";
  ASSERT_TRUE(store_->change_incident(id, unassign, "user:ana"));
  EXPECT_EQ(get(id).assignee, "");

  IncidentEdit no_reason;
  no_reason.level = 2;
  EXPECT_EQ(store_->change_incident(id, no_reason, "user:ana")->outcome, ChangeOutcome::invalid);
  EXPECT_EQ(store_->change_incident(id, IncidentEdit{}, "user:ana")->outcome, ChangeOutcome::invalid);
  EXPECT_EQ(store_->change_incident(id + 50, edit, "user:ana")->outcome, ChangeOutcome::not_found);
  EXPECT_EQ(get(id).level, 4) << "refused edits change nothing";
}

TEST_P(IncidentCaseStoreTest, NotesTasksLinksAndObservables) {
  int64_t id = create("case", 4, kBase);
  ASSERT_EQ(store_->change_incident(id, NoteAddition{"called the ISP"}, "user:ana")->outcome, ChangeOutcome::done);
  auto task = store_->change_incident(id, TaskAddition{"block 203.0.113.9"}, "user:ana");
  ASSERT_TRUE(task);
  ASSERT_TRUE(task->created_id);
  ASSERT_EQ(store_->change_incident(id, TaskUpdate{*task->created_id, true}, "user:bob")->outcome, ChangeOutcome::done);
  auto links = store_->change_incident(id, AlertLinks{{alert_ids_[2]}}, "user:ana");
  ASSERT_TRUE(links) << links.error().detail;
  ASSERT_EQ(links->outcome, ChangeOutcome::done) << links->detail;
  ASSERT_TRUE(store_->change_incident(id, AlertLinks{{alert_ids_[2]}}, "user:ana")) << "linking again is harmless";
  ObservableAddition observable{Observable{"ipv4-addr", "203.0.113.9"}};
  ASSERT_EQ(store_->change_incident(id, observable, "user:ana")->outcome, ChangeOutcome::done);
  ASSERT_EQ(store_->change_incident(id, observable, "user:ana")->outcome, ChangeOutcome::done);
  ASSERT_EQ(store_->change_incident(id, ObservableAddition{Observable{"domain-name", "evil.example"}}, "user:ana")->outcome,
            ChangeOutcome::done);

  auto record = get(id);
  ASSERT_EQ(record.notes.size(), 1u);
  EXPECT_EQ(record.notes[0].text, "called the ISP");
  EXPECT_EQ(record.notes[0].author, "user:ana");
  ASSERT_EQ(record.tasks.size(), 1u);
  EXPECT_EQ(record.tasks[0].title, "block 203.0.113.9");
  EXPECT_TRUE(record.tasks[0].done);
  EXPECT_EQ(record.alert_ids, (std::vector<int64_t>{alert_ids_[2]}));
  ASSERT_EQ(record.observables.size(), 2u) << "a repeated observable is stored once";
  EXPECT_EQ(record.observables[0].type, "domain-name");
  EXPECT_EQ(record.observables[1].value, "203.0.113.9");
  auto changes = record.timeline;
  auto has = [&](const std::string& text) {
    return std::any_of(changes.begin(), changes.end(), [&](const TimelineEntry& entry) { return entry.change == text; });
  };
  EXPECT_TRUE(has("note added (14 characters)"));
  EXPECT_TRUE(has("task " + std::to_string(*task->created_id) + " added: block 203.0.113.9"));
  EXPECT_TRUE(has("task " + std::to_string(*task->created_id) + " done: block 203.0.113.9"));
  EXPECT_TRUE(has("alerts linked: " + std::to_string(alert_ids_[2])));
  EXPECT_TRUE(has("observable added: ipv4-addr 203.0.113.9"));
  EXPECT_EQ(store_->audit_log(1)->front().action, "incident.link.observable");

  ASSERT_EQ(store_->change_incident(id, TaskUpdate{*task->created_id, false}, "user:bob")->outcome, ChangeOutcome::done);
  EXPECT_FALSE(get(id).tasks[0].done);
  EXPECT_EQ(store_->change_incident(id, TaskUpdate{*task->created_id + 9, true}, "user:bob")->outcome,
            ChangeOutcome::not_found);
  int64_t other = create("other", 4, kBase);
  EXPECT_EQ(store_->change_incident(other, TaskUpdate{*task->created_id, true}, "user:bob")->outcome,
            ChangeOutcome::not_found)
      << "a task belongs to its incident";
  auto unknown = store_->change_incident(id, AlertLinks{{alert_ids_[0], 999999}}, "user:ana");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->outcome, ChangeOutcome::invalid);
  EXPECT_EQ(unknown->detail, "no alert 999999");
  EXPECT_EQ(get(id).alert_ids.size(), 1u) << "a refused link links nothing";
  EXPECT_EQ(store_->change_incident(id, NoteAddition{""}, "user:ana")->outcome, ChangeOutcome::invalid);
  EXPECT_EQ(store_->change_incident(id + 99, NoteAddition{"x"}, "user:ana")->outcome, ChangeOutcome::not_found);
}

INSTANTIATE_TEST_SUITE_P(Stores, IncidentCaseStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
