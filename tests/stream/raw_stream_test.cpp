// The raw stream packet rules see (RawStream, fed by the reassembler): fresh bytes
// borrowed from the packet or copied from the out-of-order buffer, a bounded lookback
// of inspected bytes, gaps, and the reassembly depth.
#include "stream/raw_stream.hpp"

#include <gtest/gtest.h>

#include <string>

#include "stream_test_helpers.hpp"

namespace rampart::stream::testing {
namespace {

std::string text(std::span<const uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

StreamConfig with_lookback(uint32_t lookback, uint32_t depth = 1 << 20) {
  StreamConfig cfg;
  cfg.raw_lookback = lookback;
  cfg.reassembly_depth = depth;
  return cfg;
}

TEST(RawStream, PacketBytesAreBorrowedAndJoinedBytesCopied) {
  RawStream raw(8);
  std::string first = "abc", second = "def";
  raw.add(bytes_of(first), true);
  EXPECT_EQ(raw.fresh().data(), reinterpret_cast<const uint8_t*>(first.data()));
  raw.add(bytes_of(second), false);
  EXPECT_EQ(text(raw.fresh()), "abcdef");
  EXPECT_NE(raw.fresh().data(), reinterpret_cast<const uint8_t*>(first.data()));
}

TEST(RawStream, CommitKeepsTheLastLookbackBytes) {
  RawStream raw(4);
  std::string a = "abc", b = "defgh", c = "i";
  raw.add(bytes_of(a), true);
  raw.commit();
  EXPECT_EQ(text(raw.seen()), "abc");
  EXPECT_TRUE(raw.fresh().empty());
  raw.add(bytes_of(c), true);
  raw.commit();
  EXPECT_EQ(text(raw.seen()), "abci");
  raw.add(bytes_of(b), true);
  raw.commit();
  EXPECT_EQ(text(raw.seen()), "efgh");
}

TEST(RawStream, AGapSeparatesWhatCameBefore) {
  RawStream raw(8);
  std::string a = "abc", b = "def", c = "gh";
  raw.add(bytes_of(a), true);
  raw.commit();
  raw.add(bytes_of(b), false);
  raw.gap(4);
  EXPECT_TRUE(raw.seen().empty());
  raw.add(bytes_of(c), true);
  EXPECT_EQ(text(raw.fresh()), "defgh");
  ASSERT_EQ(raw.gaps().size(), 1u);
  EXPECT_EQ(raw.gaps()[0].at, 3u);
  EXPECT_EQ(raw.gaps()[0].length, 4u);
  EXPECT_EQ(text(raw.marked()), "def[4 bytes missing]gh");
  raw.commit();
  // Only what followed the gap is kept to join the next bytes.
  EXPECT_EQ(text(raw.seen()), "gh");
  EXPECT_TRUE(raw.gaps().empty());
}

TEST(RawStream, ALeadingGapIsMarkedBeforeTheFirstBytes) {
  RawStream raw(8);
  std::string a = "GOODDATA";
  raw.gap(2);
  raw.gap(2);
  raw.add(bytes_of(a), true);
  ASSERT_EQ(raw.gaps().size(), 1u);
  EXPECT_EQ(text(raw.marked()), "[4 bytes missing]GOODDATA");
}

TEST(RawStream, WithoutGapsMarkedIsFresh) {
  RawStream raw(8);
  std::string a = "abc";
  raw.add(bytes_of(a), true);
  EXPECT_EQ(raw.marked().data(), raw.fresh().data());
}

TEST(RawStream, DisabledWithoutLookback) {
  RawStream raw;
  std::string a = "abc";
  raw.add(bytes_of(a), true);
  raw.note_packet_added();
  EXPECT_FALSE(raw.enabled());
  EXPECT_TRUE(raw.fresh().empty());
  EXPECT_FALSE(raw.packet_added());
}

TEST(RawStream, ReassemblerFeedsBothDirectionsInOrder) {
  SessionFixture f(with_lookback(16));
  f.handshake(1000, 5000);
  f.client_data(0, "GET /a");
  EXPECT_TRUE(f.session.raw(Direction::ToServer).fresh().empty()) << "not acknowledged yet";
  EXPECT_TRUE(f.session.raw(Direction::ToServer).packet_added());
  f.session.raw(Direction::ToServer).commit();
  f.send(Direction::ToClient, f.segments.make(kAck | kPsh, 5001, 1007, "HTTP/1.1 200"));
  EXPECT_EQ(text(f.session.raw(Direction::ToServer).fresh()), "GET /a");
  EXPECT_TRUE(f.session.raw(Direction::ToClient).fresh().empty());
  f.session.raw(Direction::ToServer).commit();
  f.send(Direction::ToServer, f.segments.make(kAck | kPsh, 1007, 5013, "bc"));
  EXPECT_EQ(text(f.session.raw(Direction::ToClient).fresh()), "HTTP/1.1 200");
  f.acked_to_server();
  EXPECT_EQ(text(f.session.raw(Direction::ToServer).seen()), "GET /a");
  EXPECT_EQ(text(f.session.raw(Direction::ToServer).fresh()), "bc");
}

TEST(RawStream, OutOfOrderBytesArriveWhenTheHoleFills) {
  SessionFixture f(with_lookback(16));
  f.handshake(1000, 5000);
  RawStream& raw = f.session.raw(Direction::ToServer);
  f.client_data(3, "def");
  EXPECT_TRUE(raw.fresh().empty());
  EXPECT_TRUE(raw.packet_added()) << "buffered: the stream has the packet";
  raw.commit();
  f.client_data(0, "abc");
  f.acked_to_server();
  EXPECT_EQ(text(raw.fresh()), "abcdef");
  raw.commit();
  f.client_data(0, "abc");  // a retransmission: nothing new, but in the stream
  EXPECT_TRUE(raw.fresh().empty());
  EXPECT_TRUE(raw.packet_added());
}

TEST(RawStream, NothingPastTheDepth) {
  SessionFixture f(with_lookback(16, 4));
  f.handshake(1000, 5000);
  RawStream& raw = f.session.raw(Direction::ToServer);
  f.client_data(0, "abcdef");
  f.acked_to_server();
  EXPECT_EQ(text(raw.fresh()), "abcd");
  raw.commit();
  f.client_data(6, "gh");
  EXPECT_TRUE(raw.fresh().empty());
  EXPECT_FALSE(raw.packet_added()) << "past the depth the packet is inspected on its own";
}

}  // namespace
}  // namespace rampart::stream::testing
