// Incidents and assets in both stores: correlation upserts (create, link, escalate,
// idempotent replay), workflow transitions with timeline and audit, asset upserts.
// PostgreSQL runs on the server the tests start (postgres_server.hpp).
#include <gtest/gtest.h>

#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/postgres_server.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using incidents::IncidentState;

class IncidentStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
    auto sensor = **store_->find_token("hash-edge-1");
    EventBatch batch;
    for (int i = 0; i < 4; ++i)
      batch.alerts.push_back(IngestedAlert{1'700'000'000'000'000 + i, 2000 + i, 2, "sig", "203.0.113.9",
                                           "10.0.0." + std::to_string(i + 1), "{}", ""});
    ASSERT_TRUE(store_->ingest(sensor, "b1", batch));
    auto page = store_->alerts(AlertQuery{});
    ASSERT_TRUE(page);
    for (const auto& stored : page->alerts) alert_ids_.push_back(stored.id);
    std::sort(alert_ids_.begin(), alert_ids_.end());
    ASSERT_EQ(alert_ids_.size(), 4u);
  }

  CorrelatedIncident correlated(int level, std::vector<int64_t> alerts) {
    return CorrelatedIncident{"scan|src_ip=203.0.113.9|1", "scan from 203.0.113.9", "network-attack", level,
                              1'700'000'000'000'000, level * 1000, std::move(alerts)};
  }

  // One incident, the correlation mark left where it is.
  StoreResult<CorrelationOutcome> record(const CorrelatedIncident& incident) {
    auto outcomes = store_->record_correlations({incident}, 0, "correlator");
    if (!outcomes) return std::unexpected(outcomes.error());
    if (outcomes->size() != 1) return std::unexpected(StoreError{"not one outcome"});
    return outcomes->front();
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<int64_t> alert_ids_;
};

TEST_P(IncidentStoreTest, CorrelationMarkMovesOnlyUpWithTheRecordedIncidents) {
  auto before = store_->correlated_up_to();
  ASSERT_TRUE(before) << before.error().detail;
  EXPECT_EQ(*before, 0) << "a new store has correlated nothing";
  auto after_first = store_->alerts_after(alert_ids_[0], 2);
  ASSERT_TRUE(after_first) << after_first.error().detail;
  ASSERT_EQ(after_first->size(), 2u);
  EXPECT_EQ(after_first->at(0).id, alert_ids_[1]);
  EXPECT_EQ(after_first->at(1).id, alert_ids_[2]);
  EXPECT_EQ(after_first->at(0).sensor, "edge-1");
  EXPECT_EQ(after_first->at(0).alert.dest_ip, "10.0.0.2");

  auto second = correlated(3, {alert_ids_[2]});
  second.correlation_key = "scan|src_ip=203.0.113.9|2";
  auto outcomes = store_->record_correlations({correlated(3, {alert_ids_[0], alert_ids_[1]}), second}, alert_ids_[2],
                                              "correlator");
  ASSERT_TRUE(outcomes) << outcomes.error().detail;
  ASSERT_EQ(outcomes->size(), 2u);
  EXPECT_TRUE(outcomes->at(0).created && outcomes->at(1).created);
  EXPECT_NE(outcomes->at(0).incident_id, outcomes->at(1).incident_id);
  EXPECT_EQ(*store_->correlated_up_to(), alert_ids_[2]);
  ASSERT_TRUE(store_->record_correlations({}, alert_ids_[0], "correlator"));
  EXPECT_EQ(*store_->correlated_up_to(), alert_ids_[2]) << "the mark never moves down";
  EXPECT_FALSE(store_->record_correlations({correlated(3, {alert_ids_[3]}), correlated(5, {})}, alert_ids_[3], "correlator"))
      << "one bad level refuses the whole record";
  EXPECT_EQ(*store_->correlated_up_to(), alert_ids_[2]);
  auto rest = store_->alerts_after(*store_->correlated_up_to(), 100);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().id, alert_ids_[3]);
}

TEST_P(IncidentStoreTest, CorrelationCreatesLinksAndEscalates) {
  auto created = record(correlated(3, {alert_ids_[0], alert_ids_[1]}));
  ASSERT_TRUE(created) << created.error().detail;
  EXPECT_TRUE(created->created);
  EXPECT_FALSE(created->previous_level);

  auto replay = record(correlated(3, {alert_ids_[0], alert_ids_[1]}));
  ASSERT_TRUE(replay) << replay.error().detail;
  EXPECT_FALSE(replay->created);
  EXPECT_EQ(replay->incident_id, created->incident_id);
  EXPECT_FALSE(replay->previous_level);

  auto lower = record(correlated(4, {alert_ids_[2]}));
  ASSERT_TRUE(lower);
  EXPECT_FALSE(lower->previous_level) << "levels never fall";

  auto escalated = record(correlated(1, {alert_ids_[3]}));
  ASSERT_TRUE(escalated);
  EXPECT_EQ(escalated->previous_level, 3);

  auto record = store_->incident(created->incident_id);
  ASSERT_TRUE(record && *record);
  const auto& incident = **record;
  EXPECT_EQ(incident.title, "scan from 203.0.113.9");
  EXPECT_EQ(incident.state, IncidentState::new_);
  EXPECT_EQ(incident.category, "network-attack");
  EXPECT_EQ(incident.level, 1);
  EXPECT_EQ(incident.deadline_us, 1'700'000'000'000'000 + 1000);
  EXPECT_EQ(incident.alert_ids, alert_ids_) << "each alert linked once";
  ASSERT_GE(incident.timeline.size(), 3u);
  EXPECT_EQ(incident.timeline.front().change, "created: scan from 203.0.113.9, category network-attack, level III");
  EXPECT_EQ(incident.timeline.front().actor, "correlator");
  bool escalation_noted = false;
  for (const auto& entry : incident.timeline) escalation_noted |= entry.change == "escalated: level III -> I";
  EXPECT_TRUE(escalation_noted);
  EXPECT_FALSE(IncidentStoreTest::record(correlated(5, {}))) << "levels are 1..4";
}

TEST_P(IncidentStoreTest, TransitionsFollowTheWorkflow) {
  auto created = record(correlated(2, {alert_ids_[0]}));
  ASSERT_TRUE(created);
  int64_t id = created->incident_id;
  auto refused = store_->transition_incident(id, IncidentState::closed, "ana");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->outcome, TransitionOutcome::refused);
  EXPECT_EQ(refused->detail, "cannot go from new to closed; allowed: acknowledged");
  auto missing = store_->transition_incident(id + 1000, IncidentState::acknowledged, "ana");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->outcome, TransitionOutcome::not_found);

  for (auto to : {IncidentState::acknowledged, IncidentState::investigating, IncidentState::contained,
                  IncidentState::resolved, IncidentState::closed, IncidentState::investigating}) {
    auto moved = store_->transition_incident(id, to, "ana");
    ASSERT_TRUE(moved) << moved.error().detail;
    EXPECT_EQ(moved->outcome, TransitionOutcome::done) << moved->detail;
  }
  auto record = **store_->incident(id);
  EXPECT_EQ(record.state, IncidentState::investigating);
  ASSERT_TRUE(record.acknowledged_us);
  EXPECT_EQ(record.timeline.back().change, "state: closed -> investigating");
  EXPECT_EQ(record.timeline.back().actor, "ana");
  auto audit = store_->audit_log(1);
  ASSERT_TRUE(audit && !audit->empty());
  EXPECT_EQ(audit->front().action, "incident.transition");
  EXPECT_FALSE(*store_->incident(id + 1000));
}

TEST_P(IncidentStoreTest, AssetsAreReplacedByNetwork) {
  ASSERT_TRUE(store_->put_asset({"10.0.0.0/8", "grid", "energy", true, 4}, "admin"));
  ASSERT_TRUE(store_->put_asset({"192.0.2.0/24", "bank", "finance", false, 2}, "admin"));
  ASSERT_TRUE(store_->put_asset({"10.0.0.0/8", "grid-co", "energy", false, 5}, "admin"));
  auto assets = store_->assets();
  ASSERT_TRUE(assets) << assets.error().detail;
  ASSERT_EQ(assets->size(), 2u);
  EXPECT_EQ((*assets)[0].network, "10.0.0.0/8");
  EXPECT_EQ((*assets)[0].organisation, "grid-co");
  EXPECT_FALSE((*assets)[0].critical_infrastructure);
  EXPECT_EQ((*assets)[0].protection_level, 5);
  EXPECT_TRUE((*assets)[1].network == "192.0.2.0/24" && !(*assets)[1].critical_infrastructure);
  EXPECT_FALSE(store_->put_asset({"10.1.0.0/16", "x", "y", false, 9}, "admin")) << "protection level 1..5";
  EXPECT_EQ(store_->audit_log(1)->front().action, "asset.put");
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
