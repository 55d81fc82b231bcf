#include "sensor/packet_batch.hpp"

#include <algorithm>
#include <cstring>

namespace rampart::sensor {

namespace {

// An empty view keeps its position: the transport header (tcp.hdr) of a packet
// without payload ends where its empty payload starts.
Bytes rebase(Bytes view, const uint8_t* old_base, const uint8_t* new_base) {
  if (view.data() == nullptr) return {};
  return Bytes(new_base + (view.data() - old_base), view.size());
}

}  // namespace

void PacketBatch::add(const decode::Packet& pkt) {
  if (arena_.size() + pkt.frame.size() > arena_.capacity()) {
    // Only an empty batch gets here with an oversized frame: grow it before any
    // view points into it.
    arena_.reserve(arena_.size() + pkt.frame.size());
  }
  size_t offset = arena_.size();
  arena_.insert(arena_.end(), pkt.frame.begin(), pkt.frame.end());
  const uint8_t* base = arena_.data() + offset;
  decode::Packet& copy = packets_.emplace_back(pkt);
  copy.ip_header = rebase(pkt.ip_header, pkt.frame.data(), base);
  copy.payload = rebase(pkt.payload, pkt.frame.data(), base);
  copy.frame = Bytes(base, pkt.frame.size());
}

void BatchQueue::push(std::unique_ptr<PacketBatch> batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return items_.size() < capacity_; });
  items_.push_back(std::move(batch));
  changed_.notify_all();
}

std::unique_ptr<PacketBatch> BatchQueue::pop() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !items_.empty() || closed_; });
  if (items_.empty()) return nullptr;
  auto batch = std::move(items_.front());
  items_.pop_front();
  changed_.notify_all();
  return batch;
}

std::unique_ptr<PacketBatch> BatchQueue::try_pop() {
  std::lock_guard lock(mutex_);
  if (items_.empty()) return nullptr;
  auto batch = std::move(items_.front());
  items_.pop_front();
  changed_.notify_all();
  return batch;
}

void BatchQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

}  // namespace rampart::sensor
