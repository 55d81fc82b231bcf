#pragma once
// The open transactions of one connection, oldest first. Requests open them in
// order, responses answer them in the same order (pipelining), and a
// transaction is logged and dropped once both of its sides are complete.
#include <cstdint>
#include <deque>

#include "proto/app_parser.hpp"
#include "proto/http1/http_limits.hpp"
#include "proto/http1/http_range_files.hpp"
#include "proto/http1/http_transaction.hpp"

namespace rampart::proto::http1 {

class TransactionQueue {
 public:
  explicit TransactionQueue(const HttpLimits& limits) : limits_(limits) {}

  // A new transaction for a request; nullptr when too many are open. References
  // stay valid until the transaction is logged.
  HttpTransaction* open();
  // The oldest transaction whose response has not started, or nullptr.
  HttpTransaction* next_unanswered();
  // tx's request completed before its response: its rules run now, or on the
  // client's next packet when the sink defers them (inspect_deferred).
  void request_complete(HttpTransaction& tx, EventSink& sink);
  void inspect_deferred(EventSink& sink);
  // Logs and drops complete transactions from the front.
  void log_completed(EventSink& sink);
  // Logs every open transaction (the flow ends).
  void log_all(EventSink& sink);

 private:
  // The transaction's record, then a fileinfo record for each body that is a file,
  // and for the whole file when its answer completed one (RangeFiles).
  void log(EventSink& sink, const HttpTransaction& tx);

  const HttpLimits& limits_;
  std::deque<HttpTransaction> open_;
  RangeFiles range_files_;
  uint64_t next_id_ = 0;
};

}  // namespace rampart::proto::http1
