#include "sensor/packet_batch.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rampart::sensor {
namespace {

TEST(PacketBatch, CopiesTheFrameAndMovesEveryViewOntoTheCopy) {
  std::vector<uint8_t> frame(100);
  for (size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<uint8_t>(i);
  decode::Packet pkt;
  pkt.frame = frame;
  pkt.ip_header = Bytes(frame.data() + 14, 20);
  pkt.payload = Bytes(frame.data() + 54, 46);
  PacketBatch batch;
  batch.add(pkt);
  frame.assign(frame.size(), 0xEE);  // the reader reuses its buffer
  const auto& copy = batch.packets().at(0);
  ASSERT_EQ(copy.frame.size(), 100u);
  EXPECT_EQ(copy.frame[0], 0);
  EXPECT_EQ(copy.ip_header.data(), copy.frame.data() + 14);
  EXPECT_EQ(copy.ip_header[0], 14);
  EXPECT_EQ(copy.payload.data(), copy.frame.data() + 54);
  EXPECT_EQ(copy.payload.size(), 46u);
  EXPECT_EQ(copy.payload[45], 99);
}

TEST(PacketBatch, KeepsWhereAnEmptyPayloadStarts) {
  std::vector<uint8_t> frame(54);
  decode::Packet pkt;
  pkt.frame = frame;
  pkt.ip_header = Bytes(frame.data() + 14, 20);
  pkt.payload = Bytes(frame.data() + 54, 0);  // a SYN: the TCP header ends the frame
  PacketBatch batch;
  batch.add(pkt);
  const auto& copy = batch.packets().at(0);
  EXPECT_EQ(copy.payload.data(), copy.frame.data() + 54);
  EXPECT_TRUE(copy.payload.empty());
}

TEST(PacketBatch, ReportsWhenFull) {
  std::vector<uint8_t> frame(64);
  decode::Packet pkt;
  pkt.frame = frame;
  PacketBatch batch;
  for (size_t i = 0; i < PacketBatch::kMaxPackets; ++i) {
    ASSERT_TRUE(batch.has_room_for(pkt));
    batch.add(pkt);
  }
  EXPECT_FALSE(batch.has_room_for(pkt));
}

TEST(BatchQueue, HandsBatchesOverInOrderAndEndsOnClose) {
  BatchQueue queue(2);
  std::vector<size_t> seen;
  std::thread consumer([&] {
    while (auto b = queue.pop()) seen.push_back(b->packets().size());
  });
  for (size_t n = 1; n <= 5; ++n) {
    auto b = std::make_unique<PacketBatch>();
    std::vector<uint8_t> frame(10);
    decode::Packet pkt;
    pkt.frame = frame;
    for (size_t i = 0; i < n; ++i) b->add(pkt);
    queue.push(std::move(b));
  }
  queue.close();
  consumer.join();
  EXPECT_EQ(seen, (std::vector<size_t>{1, 2, 3, 4, 5}));
}

}  // namespace
}  // namespace rampart::sensor
