// The TAXII listing query of both stores: the next cursor (a row-value comparison)
// combined with added_after, whichever of the two is the stricter bound, and
// match[id] in (date_added, row) order.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

constexpr const char* kCollection = "22222222-2222-4222-8222-222222222222";

NewTaxiiObject indicator(int n) {
  NewTaxiiObject row;
  row.stix_id = fmt::format("indicator--00000000-0000-4000-8000-{:012d}", n);
  row.type = "indicator";
  row.spec_version = "2.1";
  row.version = "2024-03-01T10:00:00.000Z";
  row.version_ns = 1709287200000000000;
  row.tlp = StoredTlp::green;
  row.json = fmt::format(R"({{"id":"{}"}})", row.stix_id);
  return row;
}

class TaxiiListingTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    auto organisation = store_->add_organisation("cert-a", "test");
    ASSERT_TRUE(organisation);
    organisation_ = *organisation;
    ASSERT_TRUE(store_->add_sharing_group("peers", {"cert-a"}, "test"));
    ASSERT_TRUE(store_->add_collection({kCollection, "listing", "", false, false}, {"peers"}, {"peers"}, "test"));
    // Three batches of four objects, each batch one date_added.
    for (int batch = 0; batch < 3; ++batch) {
      std::vector<NewTaxiiObject> rows;
      for (int i = 0; i < 4; ++i) rows.push_back(indicator(batch * 4 + i));
      auto added = store_->add_taxii_objects(kCollection, organisation_, rows, "test");
      ASSERT_TRUE(added) << added.error().detail;
      dates_.push_back(*added);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  std::vector<int> numbers(TaxiiObjectQuery query) {
    query.collection_id = kCollection;
    query.viewer = TaxiiViewer{organisation_, true};
    auto page = store_->taxii_objects(query);
    EXPECT_TRUE(page) << page.error().detail;
    std::vector<int> out;
    if (page)
      for (const auto& object : page->objects) out.push_back(std::stoi(object.stix_id.substr(object.stix_id.size() - 12)));
    return out;
  }

  // The cursor after the object numbered n.
  TaxiiCursor after(int n) {
    TaxiiObjectQuery query;
    query.limit = 100;
    query.collection_id = kCollection;
    query.viewer = TaxiiViewer{organisation_, true};
    auto page = store_->taxii_objects(query);
    EXPECT_TRUE(page && page->objects.size() == 12u);
    const auto& object = page->objects.at(static_cast<size_t>(n));
    return TaxiiCursor{object.date_added_us, object.row_id};
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t organisation_ = 0;
  std::vector<int64_t> dates_;
};

TEST_P(TaxiiListingTest, CursorAndAddedAfterTakeTheStricterBound) {
  TaxiiObjectQuery query;
  query.limit = 3;
  query.after = after(5);  // inside the second batch
  EXPECT_EQ(numbers(query), (std::vector<int>{6, 7, 8}));
  query.added_after_us = dates_[0];  // earlier than the cursor: the cursor decides
  EXPECT_EQ(numbers(query), (std::vector<int>{6, 7, 8}));
  query.added_after_us = dates_[1];  // later than the cursor: added_after decides
  EXPECT_EQ(numbers(query), (std::vector<int>{8, 9, 10}));
  query.after = after(9);  // a cursor inside the batch added_after names
  EXPECT_EQ(numbers(query), (std::vector<int>{10, 11}));
  query.after = after(11);
  EXPECT_TRUE(numbers(query).empty());
}

TEST_P(TaxiiListingTest, MatchIdKeepsTheListingOrder) {
  TaxiiObjectQuery query;
  query.limit = 2;
  query.ids = {indicator(10).stix_id, indicator(1).stix_id, indicator(6).stix_id};
  EXPECT_EQ(numbers(query), (std::vector<int>{1, 6}));
  query.after = after(6);
  EXPECT_EQ(numbers(query), (std::vector<int>{10}));
}

INSTANTIATE_TEST_SUITE_P(Stores, TaxiiListingTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
