#include "center/store/sqlite_checkpointer.hpp"

#include <chrono>

namespace rampart::center::sqlite {

StoreResult<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& path, Connection& writer,
                                                               int trigger_frames, int limit_frames) {
  auto own = Connection::open(path);
  if (!own) return std::unexpected(own.error());
  // A connection finds the WAL when it first reads; until then a checkpoint does nothing.
  if (auto mode = own->exec("PRAGMA journal_mode = WAL"); !mode) return std::unexpected(mode.error());
  // Replaces the automatic checkpoint at commit (sqlite3_wal_autocheckpoint installs
  // the same hook), so the writer no longer copies pages itself.
  auto checkpointer = std::make_unique<Checkpointer>(std::move(*own), writer, trigger_frames, limit_frames);
  sqlite3_wal_hook(writer.handle(), &Checkpointer::on_commit, checkpointer.get());
  return checkpointer;
}

Checkpointer::Checkpointer(Connection own, Connection& writer, int trigger_frames, int limit_frames)
    : own_(std::move(own)),
      writer_(writer),
      trigger_frames_(trigger_frames),
      limit_frames_(limit_frames),
      thread_([this](std::stop_token stop) { run(stop); }) {}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
  thread_.request_stop();
  wake_.notify_all();
}

int Checkpointer::background_checkpoints() const {
  std::lock_guard lock(mutex_);
  return background_checkpoints_;
}

int Checkpointer::writer_checkpoints() const {
  std::lock_guard lock(mutex_);
  return writer_checkpoints_;
}

// Runs in the writer's thread right after a commit; the return value is not an error.
int Checkpointer::on_commit(void* self, sqlite3* db, const char* schema, int frames) {
  auto& checkpointer = *static_cast<Checkpointer*>(self);
  if (frames >= checkpointer.limit_frames_) {
    if (sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) == SQLITE_OK) {
      std::lock_guard lock(checkpointer.mutex_);
      ++checkpointer.writer_checkpoints_;
    }
    return SQLITE_OK;
  }
  if (frames >= checkpointer.trigger_frames_) {
    std::lock_guard lock(checkpointer.mutex_);
    checkpointer.wanted_ = true;
    checkpointer.wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::run(std::stop_token stop) {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [this] { return wanted_; })) return;
      wanted_ = false;
    }
    if (checkpoint_whole_wal(stop)) {
      std::lock_guard lock(mutex_);
      ++background_checkpoints_;
    }
  }
}

// The hook wakes this thread from inside the writer's commit, so a try can find the
// WAL still in use and copy only part of it; the writer lets go right after. A WAL
// still not copied after the last try waits for the next trigger (the writer's limit
// keeps it bounded meanwhile).
bool Checkpointer::checkpoint_whole_wal(std::stop_token stop) {
  constexpr int kTries = 200;
  for (int attempt = 0; attempt < kTries && !stop.stop_requested(); ++attempt) {
    int log_frames = 0;
    int copied_frames = 0;
    int status =
        sqlite3_wal_checkpoint_v2(own_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied_frames);
    if (status != SQLITE_OK && status != SQLITE_BUSY) return false;
    if (log_frames >= 0 && copied_frames >= log_frames) return status == SQLITE_OK;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, std::chrono::milliseconds(1), [] { return false; });
  }
  return false;
}

}  // namespace rampart::center::sqlite
