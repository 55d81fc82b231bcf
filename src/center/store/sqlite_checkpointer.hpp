#pragma once
// Takes the WAL checkpoints of the SQLite store off the writer's thread. The store's
// connection stops checkpointing at commit; its WAL hook reports the WAL's size after
// each commit, and once that reaches trigger_frames a thread with its own connection
// runs a PASSIVE checkpoint (copies committed pages into the database file without
// blocking the writer; the next write transaction then starts the WAL over). If the
// WAL still reaches limit_frames (the thread cannot keep up), the writer checkpoints
// itself, so the WAL stays bounded. Durability is unchanged: a commit is in the WAL
// before it returns, whoever copies it later.
#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "center/store/sqlite_connection.hpp"

namespace rampart::center::sqlite {

class Checkpointer {
 public:
  // Opens the second connection to path and hooks writer's commits; writer must
  // outlive the Checkpointer.
  static StoreResult<std::unique_ptr<Checkpointer>> start(const std::string& path, Connection& writer,
                                                          int trigger_frames, int limit_frames);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Checkpoints completed by the thread and by the writer itself (for tests and metrics).
  int background_checkpoints() const;
  int writer_checkpoints() const;

  Checkpointer(Connection own, Connection& writer, int trigger_frames, int limit_frames);

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  void run(std::stop_token stop);
  bool checkpoint_whole_wal(std::stop_token stop);

  Connection own_;
  Connection& writer_;
  const int trigger_frames_;
  const int limit_frames_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  bool wanted_ = false;
  int background_checkpoints_ = 0;
  int writer_checkpoints_ = 0;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace rampart::center::sqlite
