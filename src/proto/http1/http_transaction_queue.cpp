#include "proto/http1/http_transaction_queue.hpp"

#include <algorithm>

#include "proto/http1/http_eve.hpp"
#include "proto/http1/http_file.hpp"

namespace rampart::proto::http1 {

HttpTransaction* TransactionQueue::open() {
  if (open_.size() >= limits_.max_open_transactions) return nullptr;
  HttpTransaction& tx = open_.emplace_back();
  tx.id = next_id_++;
  return &tx;
}

HttpTransaction* TransactionQueue::next_unanswered() {
  auto it = std::find_if(open_.begin(), open_.end(), [](const HttpTransaction& tx) { return !tx.response.started; });
  return it == open_.end() ? nullptr : &*it;
}

void TransactionQueue::request_complete(HttpTransaction& tx, EventSink& sink) {
  if (sink.defers_side(Direction::ToServer)) {
    tx.request.rules_deferred = true;
    return;
  }
  sink.side_complete("http", tx.id, Direction::ToServer, HttpEveRecord(tx));
  tx.request.rules_ran = true;
}

void TransactionQueue::inspect_deferred(EventSink& sink) {
  for (HttpTransaction& tx : open_) {
    if (!tx.request.rules_deferred) continue;
    tx.request.rules_deferred = false;
    sink.side_complete("http", tx.id, Direction::ToServer, HttpEveRecord(tx));
    tx.request.rules_ran = true;
  }
}

void TransactionQueue::log_completed(EventSink& sink) {
  while (!open_.empty() && open_.front().complete()) {
    log(sink, open_.front());
    open_.pop_front();
  }
}

void TransactionQueue::log_all(EventSink& sink) {
  for (const HttpTransaction& tx : open_) log(sink, tx);
  open_.clear();
}

void TransactionQueue::log(EventSink& sink, const HttpTransaction& tx) {
  sink.transaction("http", tx.id, LogDirection::Flow, HttpEveRecord(tx));
  for (Direction dir : {Direction::ToServer, Direction::ToClient})
    if (carries_file(tx, dir)) sink.file(tx.id, HttpFileRecord(tx, dir));
  for (const UploadedFile& part : tx.request.uploads) sink.file(tx.id, HttpFileRecord(tx, part));
  if (auto joined = range_files_.add(tx, file_name(tx, Direction::ToClient))) sink.file(tx.id, HttpFileRecord(tx, *joined));
}

}  // namespace rampart::proto::http1
