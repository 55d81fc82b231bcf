// The checkpoint thread of the SQLite store: once the WAL reaches the trigger, the
// thread copies it into the database and the next write starts the WAL over; when
// the WAL reaches the limit first, the writer checkpoints itself; committed rows are
// all there, read by a fresh connection after the checkpointer is gone.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "center/store/sqlite_checkpointer.hpp"
#include "temp_dir.hpp"

namespace rampart::center::sqlite {
namespace {

using testing::TempDir;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::open(path());
    ASSERT_TRUE(opened) << opened.error().detail;
    writer_.emplace(std::move(*opened));
    ASSERT_TRUE(writer_->exec("PRAGMA journal_mode = WAL"));
    ASSERT_TRUE(writer_->exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
  }

  std::string path() const { return (dir_.path() / "test.db").string(); }
  uintmax_t wal_bytes() const { return std::filesystem::file_size(dir_.path() / "test.db-wal"); }

  // One transaction of count rows of 4000 bytes: about one WAL frame each.
  void write_rows(int count) {
    ASSERT_TRUE(writer_->exec("BEGIN"));
    auto insert = writer_->prepare("INSERT INTO rows (body) VALUES (?)");
    ASSERT_TRUE(insert);
    std::string body(4000, 'x');
    for (int i = 0; i < count; ++i) {
      insert->reset();
      ASSERT_TRUE(insert->bind(1, body).run());
    }
    ASSERT_TRUE(writer_->exec("COMMIT"));
  }

  int64_t count_rows() {
    auto reader = Connection::open(path());
    EXPECT_TRUE(reader);
    auto query = reader->prepare("SELECT COUNT(*) FROM rows");
    EXPECT_TRUE(query && query->step());
    return query->integer(0);
  }

  TempDir dir_;
  std::optional<Connection> writer_;
};

TEST_F(CheckpointerTest, TheThreadCheckpointsAndTheWalStartsOver) {
  auto checkpointer = Checkpointer::start(path(), *writer_, 50, 100000);
  ASSERT_TRUE(checkpointer) << checkpointer.error().detail;
  write_rows(60);  // beyond the trigger
  uintmax_t after_first = wal_bytes();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((*checkpointer)->background_checkpoints() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ((*checkpointer)->background_checkpoints(), 1);
  EXPECT_EQ((*checkpointer)->writer_checkpoints(), 0);
  write_rows(10);  // the WAL was copied whole: these frames go to its start again
  EXPECT_EQ(wal_bytes(), after_first);
  checkpointer->reset();
  EXPECT_EQ(count_rows(), 70);
}

TEST_F(CheckpointerTest, BelowTheTriggerNothingIsCheckpointed) {
  auto checkpointer = Checkpointer::start(path(), *writer_, 1000, 100000);
  ASSERT_TRUE(checkpointer);
  for (int i = 0; i < 5; ++i) write_rows(20);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ((*checkpointer)->background_checkpoints(), 0);
  EXPECT_EQ((*checkpointer)->writer_checkpoints(), 0);
}

TEST_F(CheckpointerTest, TheWriterCheckpointsAtTheLimit) {
  auto checkpointer = Checkpointer::start(path(), *writer_, 1000, 40);
  ASSERT_TRUE(checkpointer);
  write_rows(60);
  EXPECT_EQ((*checkpointer)->writer_checkpoints(), 1);
  uintmax_t after_first = wal_bytes();
  write_rows(10);
  EXPECT_EQ(wal_bytes(), after_first);
  checkpointer->reset();
  EXPECT_EQ(count_rows(), 70);
}

}  // namespace
}  // namespace rampart::center::sqlite
