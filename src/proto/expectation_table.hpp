#pragma once
// Expected flows: connections a control channel announced before they are opened
// (FTP's data channels, set up by a 227 PASV or 229 EPSV reply or a PORT/EPRT
// command accepted by 200). One table serves all workers, since a data connection
// hashes to a worker of its own: it is sharded by key, one mutex per shard.
// An expectation names the side that connects, the side that listens and its port
// (the connecting port is unknown), the announcing flow's id, the protocol the new
// flow speaks and a DataChannel the control parser keeps filling (the command that
// uses the channel usually comes after the port). A new TCP flow matching an
// expectation takes it (one use). Bounded: at most `capacity` entries (more are
// refused) and each one expires `timeout_usec` of packet time after it was made;
// expired entries are swept from a shard whenever it is used and from all shards
// before an addition is refused. It lives in proto because the parsers that
// announce flows are here and proto cannot depend on flow.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"

namespace rampart::proto {

// What the control channel says about one data connection; written by the
// control flow's worker, read by the data flow's.
class DataChannel {
 public:
  // passive: the control channel's client connects (PASV, EPSV); else its server does (PORT, EPRT).
  explicit DataChannel(bool passive = true) : passive_(passive) {}
  struct Use {
    std::string command;   // RETR, STOR, LIST, NLST, APPE, STOU; empty until sent
    std::string argument;  // the file name the command gave, if any
  };
  void set_use(std::string command, std::string argument);
  Use use() const;
  // Whether the data connection's client is the control channel's client.
  bool passive() const { return passive_; }

 private:
  const bool passive_;
  mutable std::mutex mutex_;
  Use use_;
};

struct Expectation {
  IpAddress connector, listener;
  uint16_t port = 0;  // the listener's port
  uint64_t control_flow_id = 0;
  std::string_view protocol;  // the app_proto of the expected flow, e.g. "ftp-data"
  std::shared_ptr<DataChannel> channel;
};

struct ExpectationLimits {
  size_t capacity = 4096;
  uint64_t timeout_usec = 60'000'000;
};

struct ExpectationStats {
  uint64_t added = 0, taken = 0, refused = 0, expired = 0;
  uint64_t active = 0;
};

class ExpectationTable {
 public:
  explicit ExpectationTable(ExpectationLimits limits = {});
  ExpectationTable(const ExpectationTable&) = delete;
  ExpectationTable& operator=(const ExpectationTable&) = delete;

  // Adds e at packet time now_usec (replacing an entry with the same key);
  // false when the table is full.
  bool add(Expectation e, uint64_t now_usec);
  // Removes and returns the live expectation of a flow from connector to
  // listener:port, if any.
  std::optional<Expectation> take(const IpAddress& connector, const IpAddress& listener, uint16_t port,
                                  uint64_t now_usec);
  ExpectationStats stats() const;

 private:
  struct Entry {
    Expectation expectation;
    uint64_t expires_usec = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::vector<Entry> entries;
  };
  static constexpr size_t kShards = 16;

  Shard& shard_of(const IpAddress& connector, const IpAddress& listener, uint16_t port);
  // Drops the expired entries of a locked shard.
  void sweep(Shard& shard, uint64_t now_usec);
  void sweep_all(uint64_t now_usec);
  // Takes a place under the cap (sweeping expired entries when full); false when none is left.
  bool reserve(uint64_t now_usec);

  ExpectationLimits limits_;
  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> size_{0}, added_{0}, taken_{0}, refused_{0}, expired_{0};
};

}  // namespace rampart::proto
