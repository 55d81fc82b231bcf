#include "upload/spool.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace rampart::upload {
namespace {

namespace fs = std::filesystem;

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / ("rampart-spool-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static SpooledBatch batch(uint64_t sequence, uint64_t events) {
    return SpooledBatch{Spool::make_id(1700000000000000, sequence, events), events, 0};
  }
  fs::path dir_;
};

TEST_F(SpoolTest, IdsSortInTheOrderTheyWereMade) {
  EXPECT_LT(Spool::make_id(1700000000000000, 9, 500), Spool::make_id(1700000000000000, 10, 1));
  EXPECT_LT(Spool::make_id(1700000000000000, 99, 1), Spool::make_id(1700000000000001, 1, 1));
  EXPECT_EQ(Spool::make_id(1700000000000000, 3, 12), "1700000000000000-0000000003-n12");
}

TEST_F(SpoolTest, BatchesGoOldestFirstAndSurviveAReopen) {
  {
    auto spool = Spool::open(dir_, 1 << 20);
    ASSERT_TRUE(spool) << spool.error();
    ASSERT_TRUE((*spool)->add(batch(2, 20), "second"));
    ASSERT_TRUE((*spool)->add(batch(1, 10), "first"));
    EXPECT_EQ((*spool)->byte_count(), 11u);
  }
  std::ofstream(dir_ / ".tmp-half-written") << "x";
  auto spool = Spool::open(dir_, 1 << 20);
  ASSERT_TRUE(spool) << spool.error();
  EXPECT_FALSE(fs::exists(dir_ / ".tmp-half-written"));
  ASSERT_EQ((*spool)->batch_count(), 2u);
  auto oldest = (*spool)->take_oldest();
  ASSERT_TRUE(oldest);
  EXPECT_EQ(oldest->id, batch(1, 10).id);
  EXPECT_EQ(oldest->events, 10u);
  EXPECT_EQ((*spool)->read(*oldest).value(), "first");
  (*spool)->remove(*oldest);
  EXPECT_FALSE(fs::exists(dir_ / (oldest->id + ".ndjson.gz")));
  auto next = (*spool)->take_oldest();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->events, 20u);
  (*spool)->release(*next);
  EXPECT_EQ((*spool)->batch_count(), 1u);
}

TEST_F(SpoolTest, AFullSpoolDropsTheOldestButNotTheOneBeingSent) {
  auto spool = Spool::open(dir_, 10);
  ASSERT_TRUE(spool);
  ASSERT_TRUE((*spool)->add(batch(1, 1), "aaaa"));
  ASSERT_TRUE((*spool)->add(batch(2, 2), "bbbb"));
  auto sending = (*spool)->take_oldest();  // batch 1
  ASSERT_TRUE(sending);
  auto dropped = (*spool)->add(batch(3, 3), "cccc");
  ASSERT_TRUE(dropped);
  ASSERT_EQ(dropped->size(), 1u);
  EXPECT_EQ(dropped->front().id, batch(2, 2).id);
  EXPECT_EQ(dropped->front().events, 2u);
  EXPECT_EQ((*spool)->byte_count(), 8u);
  EXPECT_FALSE(fs::exists(dir_ / (batch(2, 2).id + ".ndjson.gz")));
  // A batch larger than the whole cap is not stored at all.
  auto too_big = (*spool)->add(batch(4, 4), "0123456789abc");
  ASSERT_TRUE(too_big);
  ASSERT_EQ(too_big->size(), 1u);
  EXPECT_EQ(too_big->front().id, batch(4, 4).id);
  EXPECT_EQ((*spool)->batch_count(), 2u);
}

TEST_F(SpoolTest, AnUnusableDirectoryIsAnError) {
  std::ofstream(dir_.string()) << "a file, not a directory";
  auto spool = Spool::open(dir_ / "sub", 100);
  EXPECT_FALSE(spool);
  fs::remove(dir_);
}

}  // namespace
}  // namespace rampart::upload
