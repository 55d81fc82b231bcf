#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "detect/signature.hpp"

namespace rampart::detect {

// Which files of one flow the filestore rules that matched it asked to store:
// each side's files from now on (scope flow), or a side's files of one
// transaction (scope tx, and file: a rule's file conditions are checked on
// the transaction's files of that side).
class FileStoreMarks {
 public:
  // A rule with request matched transaction tx_id on the client's side (ToServer) or the server's.
  void mark(const FileStoreRequest& request, bool matched_to_client, uint64_t tx_id);
  // Whether a file of transaction tx_id going to the client (to_client) or to the server is to be stored.
  bool stores(uint64_t tx_id, bool to_client) const;

 private:
  static constexpr size_t kMaxTransactions = 16;  // the transactions remembered (the latest)
  uint8_t flow_sides_ = 0;  // bit 0: files to the server, bit 1: to the client
  std::vector<std::pair<uint64_t, uint8_t>> transaction_sides_;
};

}  // namespace rampart::detect
