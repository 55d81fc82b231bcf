#include <gtest/gtest.h>

#include "stream_test_helpers.hpp"

namespace rampart::stream::testing {
namespace {

constexpr auto kC = Direction::ToServer;

TEST(StreamReassembly, InOrderDataWaitsForTheAck) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "abc");
  f.client_data(3, "def");
  EXPECT_EQ(f.sink.to_server(), "");
  EXPECT_EQ(f.memory.used(), 6u);  // kept until acknowledged: the packets are gone by then
  f.send(Direction::ToClient, f.segments.make(kAck, 5001, 1004));
  EXPECT_EQ(f.sink.to_server(), "abc");
  EXPECT_EQ(f.acked_to_server(), "abcdef");
  EXPECT_EQ(f.memory.used(), 0u);
  EXPECT_EQ(f.stats.reassembled_bytes, 6u);
}

TEST(StreamReassembly, UnacknowledgedDataIsDeliveredAtFlowEnd) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "abc");
  f.session.flush(f.sink);
  EXPECT_EQ(f.sink.to_server(), "abc");
  EXPECT_EQ(f.memory.used(), 0u);
}

TEST(StreamReassembly, FinWithoutAckIsDeliveredAndClosedAtFlowEnd) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "bye");
  f.send(kC, f.segments.make(kFin | kAck, 1004, 5001));
  EXPECT_EQ(f.sink.to_server(), "");
  EXPECT_EQ(f.sink.closes[0], 0);
  f.session.flush(f.sink);
  EXPECT_EQ(f.sink.to_server(), "bye");
  EXPECT_EQ(f.sink.closes[0], 1);
}

TEST(StreamReassembly, RetransmissionAfterTheAckIsNotDeliveredAgain) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "abc");
  EXPECT_EQ(f.acked_to_server(), "abc");
  f.client_data(0, "abcdef");
  EXPECT_EQ(f.acked_to_server(), "abcdef");
  f.client_data(3, "def");
  EXPECT_EQ(f.acked_to_server(), "abcdef");
  EXPECT_EQ(f.memory.used(), 0u);
}

TEST(StreamReassembly, DataBeyondTheMemcapIsDeliveredUnacknowledged) {
  SessionFixture f({}, 4);
  f.handshake(1000, 5000);
  f.client_data(0, "abc");
  EXPECT_EQ(f.sink.to_server(), "");
  f.client_data(3, "defg");  // 7 bytes would exceed the cap of 4
  EXPECT_EQ(f.sink.to_server(), "abcdefg");
  EXPECT_EQ(f.stats.unacked_memcap_deliveries, 1u);
  EXPECT_EQ(f.memory.used(), 0u);
  EXPECT_EQ(f.acked_to_server(), "abcdefg");  // the ACK hands nothing twice
}

TEST(StreamReassembly, GapWaitsForTheAckInOrder) {
  StreamConfig cfg;
  cfg.max_ooo_segments = 1;
  SessionFixture f(cfg);
  f.handshake(1000, 5000);
  f.client_data(0, "ab");
  f.client_data(5, "fg");
  f.client_data(9, "jk");  // second buffered segment: the hole is skipped
  EXPECT_EQ(f.sink.to_server(), "");
  EXPECT_EQ(f.acked_to_server(), "ab[gap]fg[gap]jk");
}

TEST(StreamReassembly, OutOfOrderSegmentsAreReordered) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(6, "ghi");
  EXPECT_EQ(f.acked_to_server(), "");
  EXPECT_EQ(f.memory.used(), 3u);
  f.client_data(0, "abc");
  EXPECT_EQ(f.acked_to_server(), "abc");
  f.client_data(3, "def");
  EXPECT_EQ(f.acked_to_server(), "abcdefghi");
  EXPECT_EQ(f.memory.used(), 0u);
  EXPECT_EQ(f.stats.ooo_segments, 1u);
}

TEST(StreamReassembly, RetransmissionIsNotDeliveredTwice) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "abc");
  EXPECT_TRUE(f.client_data(0, "abc"));
  EXPECT_TRUE(has_event(f.events, StreamEvent::PktRetransmission));
  f.client_data(1, "bcde");  // partly new
  EXPECT_EQ(f.acked_to_server(), "abcde");
  EXPECT_EQ(f.stats.retransmissions, 1u);
}

// Buffered (old) segments after a hole at offset 0, then new segments that
// overlap them in each way the policies tell apart, then the hole is filled:
//   old  2 "bbbb", 8 "cccc", 14 "dd", filler 6 "--"
//   new  1 "XXX"    starts before old, ends inside it
//        8 "YYYYYY" same start, ends beyond
//        15 "ZZ"    starts inside, ends beyond
std::string reassemble_with(OverlapPolicy policy, StreamStats* stats_out = nullptr) {
  StreamConfig cfg;
  cfg.policy = policy;
  SessionFixture f(cfg);
  f.handshake(1000, 5000);
  f.client_data(2, "bbbb");
  f.client_data(8, "cccc");
  f.client_data(14, "dd");
  f.client_data(6, "--");
  f.client_data(1, "XXX");
  f.client_data(8, "YYYYYY");
  f.client_data(15, "ZZ");
  f.client_data(0, "A");
  if (stats_out) *stats_out = f.stats;
  return f.acked_to_server();
}

TEST(StreamReassembly, OverlapPolicyBsd) { EXPECT_EQ(reassemble_with(OverlapPolicy::Bsd), "AXXXbb--ccccYYddZ"); }
TEST(StreamReassembly, OverlapPolicyFirst) { EXPECT_EQ(reassemble_with(OverlapPolicy::First), "AXbbbb--ccccYYddZ"); }
TEST(StreamReassembly, OverlapPolicyLast) { EXPECT_EQ(reassemble_with(OverlapPolicy::Last), "AXXXbb--YYYYYYdZZ"); }
TEST(StreamReassembly, OverlapPolicyLinux) { EXPECT_EQ(reassemble_with(OverlapPolicy::Linux), "AXXXbb--YYYYYYddZ"); }
TEST(StreamReassembly, OverlapPolicyWindows) { EXPECT_EQ(reassemble_with(OverlapPolicy::Windows), "AXXXbb--ccccYYddZ"); }
TEST(StreamReassembly, OverlapPolicySolaris) { EXPECT_EQ(reassemble_with(OverlapPolicy::Solaris), "AXbbbb--YYYYYYdZZ"); }
TEST(StreamReassembly, OverlapPolicyVista) { EXPECT_EQ(reassemble_with(OverlapPolicy::Vista), "AXbbbb--ccccYYddZ"); }
TEST(StreamReassembly, OverlapPolicyOldLinux) { EXPECT_EQ(reassemble_with(OverlapPolicy::OldLinux), "AXXXbb--YYYYYYddZ"); }

TEST(StreamReassembly, OverlapWithDifferentDataIsCountedAndRaised) {
  StreamStats stats;
  reassemble_with(OverlapPolicy::Bsd, &stats);
  EXPECT_EQ(stats.overlap_diff_data, 3u);
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(4, "good");
  f.client_data(4, "evil");
  EXPECT_TRUE(has_event(f.events, StreamEvent::ReassemblyOverlapDifferentData));
  f.client_data(0, "all ");
  EXPECT_EQ(f.acked_to_server(), "all good");
}

// As Suricata's app layer: the segment that crosses the depth ends reassembly;
// the parsers keep what was acknowledged, hear on_depth, and get nothing more.
TEST(StreamReassembly, TheDepthEndsDeliveryAtWhatWasAcknowledged) {
  StreamConfig cfg;
  cfg.reassembly_depth = 5;
  SessionFixture f(cfg);
  f.handshake(1000, 5000);
  f.client_data(0, "ab");
  EXPECT_EQ(f.acked_to_server(), "ab");
  f.client_data(2, "cdef");
  EXPECT_TRUE(has_event(f.events, StreamEvent::ReassemblyDepthReached));
  EXPECT_EQ(f.sink.depths[0], 1);
  EXPECT_EQ(f.acked_to_server(), "ab");
  f.client_data(6, "ghi");
  EXPECT_FALSE(has_event(f.events, StreamEvent::ReassemblyDepthReached));
  EXPECT_EQ(f.acked_to_server(), "ab");
  EXPECT_EQ(f.stats.depth_reached, 1u);
  EXPECT_EQ(f.sink.depths[0], 1);
}

// As Suricata's NOREASSEMBLY: once the depth is reached, the bytes still waiting
// for their ACK are dropped, not delivered later.
TEST(StreamReassembly, DataPastTheDepthDropsWhatAwaitsTheAck) {
  StreamConfig cfg;
  cfg.reassembly_depth = 6;
  SessionFixture f(cfg);
  f.handshake(1000, 5000);
  f.client_data(0, "abc");
  EXPECT_EQ(f.acked_to_server(), "abc");
  f.client_data(3, "de");
  f.client_data(5, "fgh");
  f.client_data(8, "ij");
  EXPECT_EQ(f.memory.used(), 0u);
  EXPECT_EQ(f.acked_to_server(), "abc");
  f.session.flush(f.sink);
  EXPECT_EQ(f.sink.to_server(), "abc");
}

// file-store's stream-depth, as Suricata's TcpSessionSetReassemblyDepth: a larger
// depth becomes the session's, and so does any over an unlimited one (0); a smaller
// one does not.
TEST(StreamReassembly, ARaisedDepthReplacesASmallerOrUnlimitedOne) {
  struct Case {
    uint32_t configured, raised;
    std::string delivered;
  };
  for (const Case& c : {Case{0, 4, "ab"}, Case{3, 6, "abcde"}, Case{8, 4, "abcde"}}) {
    StreamConfig cfg;
    cfg.reassembly_depth = c.configured;
    SessionFixture f(cfg);
    f.session.raise_reassembly_depth(c.raised);
    f.handshake(1000, 5000);
    f.client_data(0, "ab");
    f.acked_to_server();
    f.client_data(2, "cde");
    EXPECT_EQ(f.acked_to_server(), c.delivered) << c.configured << " raised to " << c.raised;
    EXPECT_EQ(f.sink.depths[0], c.delivered == "ab" ? 1 : 0);
  }
}

TEST(StreamReassembly, MemcapForcesGapsInsteadOfBuffering) {
  SessionFixture f(StreamConfig{}, 8);
  f.handshake(1000, 5000);
  f.client_data(10, "abcd");
  EXPECT_EQ(f.memory.used(), 4u);
  f.client_data(20, "efghij");  // would exceed the 8-byte cap
  EXPECT_EQ(f.acked_to_server(), "[gap]abcd[gap]efghij");
  EXPECT_EQ(f.sink.gaps[0], (std::vector<uint32_t>{10, 6}));
  EXPECT_EQ(f.stats.memcap_drops, 1u);
  EXPECT_EQ(f.memory.used(), 0u);
  f.client_data(26, "k");
  EXPECT_EQ(f.acked_to_server(), "[gap]abcd[gap]efghijk");
}

TEST(StreamReassembly, FlushReportsHoleThenDeliversRest) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "hello");
  f.client_data(8, "world");
  f.session.flush(f.sink);
  EXPECT_EQ(f.acked_to_server(), "hello[gap]world");
  EXPECT_EQ(f.sink.gaps[0], (std::vector<uint32_t>{3}));
  EXPECT_EQ(f.memory.used(), 0u);
}

TEST(StreamReassembly, SequenceWrapAround) {
  SessionFixture f;
  f.handshake(0xFFFFFFF0u, 0xFFFFFFFEu);
  f.client_data(0, "0123456789abcdef");  // crosses 2^32 at its 16th byte
  f.client_data(30, "zz");
  f.client_data(16, "ghijklmnopqrst");
  EXPECT_EQ(f.acked_to_server(), "0123456789abcdefghijklmnopqrstzz");
  EXPECT_TRUE(f.send(Direction::ToClient,
                     f.segments.make(kAck | kPsh, 0xFFFFFFFFu, 0xFFFFFFF1u + 32, "server")));
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck, 0xFFFFFFF1u + 32, 0xFFFFFFFFu + 6)));
  EXPECT_EQ(f.sink.to_client(), "server");
}

TEST(StreamReassembly, CloseWaitsForDataBeforeFin) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(3, "def");
  f.send(kC, f.segments.make(kFin | kAck, 1007, 5001));
  EXPECT_EQ(f.sink.closes[0], 0);
  f.client_data(0, "abc");
  EXPECT_EQ(f.acked_to_server(), "abcdef");
  EXPECT_EQ(f.sink.closes[0], 1);
}

TEST(StreamReassembly, SegmentLimitForcesProgress) {
  StreamConfig cfg;
  cfg.max_ooo_segments = 2;
  SessionFixture f(cfg);
  f.handshake(1000, 5000);
  f.client_data(2, "b");
  f.client_data(4, "c");
  f.client_data(6, "d");
  EXPECT_TRUE(has_event(f.events, StreamEvent::ReassemblySeqGap));
  EXPECT_EQ(f.acked_to_server(), "[gap]b[gap]c[gap]d");
  f.client_data(0, "late");
  EXPECT_EQ(f.acked_to_server(), "[gap]b[gap]c[gap]d");
}

// A handshake with window scaling, so that the receiver's window reaches far.
void scaled_handshake(SessionFixture& f) {
  TcpSegment syn = f.segments.make(kSyn, 1000, 0);
  syn.has_wscale = true;
  syn.wscale = 7;
  TcpSegment synack = f.segments.make(kSyn | kAck, 5000, 1001);
  synack.has_wscale = true;
  synack.wscale = 7;
  f.send(kC, syn);
  f.send(Direction::ToClient, synack);
  f.send(kC, f.segments.make(kAck, 1001, 5001));
  f.send(Direction::ToClient, f.segments.make(kAck, 5001, 1001));
  f.client_isn = 1000;
  f.server_isn = 5000;
}

// Suricata's streaming buffer opens a region for bytes more than its region gap
// (256 KiB) past the others; the flow record reports the most it held.
TEST(StreamReassembly, BytesFarOutOfOrderOpenARegion) {
  SessionFixture f;
  scaled_handshake(f);
  f.client_data(0, "a");
  f.client_data(200'000, "near");
  EXPECT_EQ(f.session.max_regions(kC), 1u);
  f.client_data(600'000, "far");
  EXPECT_EQ(f.session.max_regions(kC), 2u);
  f.client_data(700'000, "beside the far one");
  EXPECT_EQ(f.session.max_regions(kC), 2u);
  EXPECT_EQ(f.session.max_regions(Direction::ToClient), 1u);
}

}  // namespace
}  // namespace rampart::stream::testing
