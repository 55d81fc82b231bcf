#include <gtest/gtest.h>

#include <utility>

#include "stream_test_helpers.hpp"

namespace rampart::stream::testing {
namespace {

constexpr auto kC = Direction::ToServer;
constexpr auto kS = Direction::ToClient;

TEST(TcpStateMachine, ThreeWayHandshakeStates) {
  SessionFixture f;
  EXPECT_EQ(f.session.state(), TcpState::None);
  EXPECT_TRUE(f.send(kC, f.segments.make(kSyn, 1000, 0)));
  EXPECT_EQ(f.session.state(), TcpState::SynSent);
  EXPECT_TRUE(f.send(kC, f.segments.make(kSyn, 1000, 0)));  // retransmitted SYN
  EXPECT_EQ(f.session.state(), TcpState::SynSent);
  EXPECT_TRUE(f.send(kS, f.segments.make(kSyn | kAck, 5000, 1001)));
  EXPECT_EQ(f.session.state(), TcpState::SynRecv);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck, 1001, 5001)));
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_EQ(f.session.flags_seen(kC), kSyn | kAck);
  EXPECT_EQ(f.session.flags_seen(kS), kSyn | kAck);
  EXPECT_EQ(f.stats.sessions, 1u);
  EXPECT_FALSE(f.session.picked_up_midstream());
}

TEST(TcpStateMachine, SynAckInWrongDirection) {
  SessionFixture f;
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  EXPECT_FALSE(f.send(kC, f.segments.make(kSyn | kAck, 1000, 1)));
  EXPECT_TRUE(has_event(f.events, StreamEvent::ThreeWhsSynackInWrongDirection));
  EXPECT_EQ(f.session.state(), TcpState::SynSent);
}

TEST(TcpStateMachine, SynAckWithWrongAck) {
  SessionFixture f;
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  EXPECT_FALSE(f.send(kS, f.segments.make(kSyn | kAck, 5000, 77)));
  EXPECT_TRUE(has_event(f.events, StreamEvent::ThreeWhsSynackWithWrongAck));
  EXPECT_EQ(f.session.state(), TcpState::SynSent);
}

TEST(TcpStateMachine, FinalAckWithWrongAckIsEvasion) {
  SessionFixture f;
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  f.send(kS, f.segments.make(kSyn | kAck, 5000, 1001));
  EXPECT_FALSE(f.send(kC, f.segments.make(kAck, 1001, 9999)));
  EXPECT_TRUE(has_event(f.events, StreamEvent::ThreeWhsRightSeqWrongAckEvasion));
  EXPECT_EQ(f.session.state(), TcpState::SynRecv);
}

TEST(TcpStateMachine, SimultaneousOpen) {
  SessionFixture f;
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  EXPECT_TRUE(f.send(kS, f.segments.make(kSyn, 5000, 0)));
  EXPECT_EQ(f.session.state(), TcpState::SynRecv);
  EXPECT_TRUE(f.send(kC, f.segments.make(kSyn | kAck, 1000, 5001)));
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck, 5001, 1001)));
  EXPECT_EQ(f.session.state(), TcpState::Established);
}

TEST(TcpStateMachine, TeardownClientClosesFirst) {
  SessionFixture f;
  f.handshake(1000, 5000);
  EXPECT_TRUE(f.send(kC, f.segments.make(kFin | kAck, 1001, 5001)));
  EXPECT_EQ(f.session.state(), TcpState::CloseWait);
  EXPECT_EQ(f.sink.closes[0], 0);  // the sink hears of a FIN once it is acknowledged
  EXPECT_TRUE(f.send(kS, f.segments.make(kFin | kAck, 5001, 1002)));
  EXPECT_EQ(f.session.state(), TcpState::LastAck);
  EXPECT_EQ(f.sink.closes[0], 1);
  EXPECT_EQ(f.sink.closes[1], 0);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck, 1002, 5002)));
  EXPECT_EQ(f.session.state(), TcpState::Closed);  // as Suricata's last_ack: the client's ACK closes
  EXPECT_EQ(f.sink.closes[1], 1);
  EXPECT_TRUE(f.session.stream_closed(kC));
  EXPECT_TRUE(f.session.stream_closed(kS));
}

TEST(TcpStateMachine, TeardownServerClosesFirst) {
  SessionFixture f;
  f.handshake(1000, 5000);
  EXPECT_TRUE(f.send(kS, f.segments.make(kFin | kAck, 5001, 1001)));
  EXPECT_EQ(f.session.state(), TcpState::FinWait1);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck, 1001, 5002)));
  EXPECT_EQ(f.session.state(), TcpState::FinWait2);
  EXPECT_TRUE(f.send(kC, f.segments.make(kFin | kAck, 1001, 5002)));
  EXPECT_EQ(f.session.state(), TcpState::TimeWait);
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck, 5002, 1002)));
  EXPECT_EQ(f.session.state(), TcpState::Closed);
}

TEST(TcpStateMachine, SimultaneousCloseGoesThroughClosing) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.send(kS, f.segments.make(kFin | kAck, 5001, 1001));
  EXPECT_TRUE(f.send(kC, f.segments.make(kFin | kAck, 1001, 5001)));  // has not seen the server's FIN yet
  EXPECT_EQ(f.session.state(), TcpState::Closing);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck, 1002, 5002)));
  EXPECT_EQ(f.session.state(), TcpState::TimeWait);
}

// As Suricata: the RST's sender's stream ends at once, the other side's
// unacknowledged bytes reach the sink at the flow's end.
TEST(TcpStateMachine, RstInWindowClosesBothDirections) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.client_data(0, "hello");
  EXPECT_TRUE(f.send(kS, f.segments.make(kRst | kAck, 5001, 1006)));
  EXPECT_EQ(f.session.state(), TcpState::Closed);
  EXPECT_EQ(f.sink.closes[1], 1);
  EXPECT_EQ(f.sink.to_server(), "");
  EXPECT_FALSE(f.client_data(5, "more"));
  f.session.flush(f.sink);
  EXPECT_EQ(f.sink.to_server(), "hello");
}

TEST(TcpStateMachine, RstOutOfWindowIsIgnored) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.send(kC, f.segments.make(kAck, 1001, 5001, "", 1000));
  EXPECT_FALSE(f.send(kS, f.segments.make(kRst | kAck, 5001 + 100000, 1001)));
  EXPECT_TRUE(has_event(f.events, StreamEvent::SuspectedRstInject));
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_TRUE(f.client_data(0, "still alive"));
  EXPECT_EQ(f.acked_to_server(), "still alive");
}

TEST(TcpStateMachine, RstAnsweringSynWithWrongAckIsInvalid) {
  SessionFixture f;
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  EXPECT_FALSE(f.send(kS, f.segments.make(kRst | kAck, 0, 4242)));
  EXPECT_TRUE(has_event(f.events, StreamEvent::RstInvalidAck));
  EXPECT_EQ(f.session.state(), TcpState::SynSent);
  EXPECT_TRUE(f.send(kS, f.segments.make(kRst | kAck, 0, 1001)));
  EXPECT_EQ(f.session.state(), TcpState::Closed);
}

TEST(TcpStateMachine, WithoutMidstreamDataBeforeHandshakeIsRejected) {
  SessionFixture f;
  EXPECT_FALSE(f.send(kC, f.segments.make(kAck | kPsh, 1000, 2000, "data")));
  EXPECT_EQ(f.session.state(), TcpState::None);
  EXPECT_EQ(f.sink.to_server(), "");
  EXPECT_EQ(f.stats.invalid, 1u);
}

TEST(TcpStateMachine, MidstreamPickUpStartsEstablished) {
  StreamConfig cfg;
  cfg.midstream = true;
  SessionFixture f(cfg);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck | kPsh, 1000, 2000, "GET /")));
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_TRUE(f.session.picked_up_midstream());
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck | kPsh, 2000, 1005, "HTTP/1.1")));
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck | kPsh, 1005, 2008, " HTTP/1.1")));
  EXPECT_EQ(f.sink.to_server(), "GET /");  // the rest is not acknowledged yet
  EXPECT_EQ(f.sink.to_client(), "HTTP/1.1");
  EXPECT_EQ(f.stats.midstream_pickups, 1u);
}

// A sink that reverses the session the first time it hears data, as the sensor
// does when detection finds that the flow's first data was the server's.
struct ReversingSink : StreamSink {
  TcpSession* session = nullptr;
  std::string first;  // the delivery that reversed the session, named as before
  Direction first_dir = Direction::ToClient;
  RecordingSink after;
  void on_data(Direction dir, std::span<const uint8_t> bytes) override {
    if (session == nullptr) return after.on_data(dir, bytes);
    std::exchange(session, nullptr)->reverse();
    first.assign(bytes.begin(), bytes.end());
    first_dir = dir;
  }
  void on_gap(Direction dir, uint32_t length) override { after.on_gap(dir, length); }
  void on_close(Direction dir) override { after.on_close(dir); }
};

TEST(TcpStateMachine, ReversedMidstreamSessionNamesTheOtherSide) {
  StreamConfig cfg;
  cfg.midstream = true;
  StreamMemory memory(1 << 20);
  StreamStats stats;
  TcpSession session(cfg, memory, stats);
  ReversingSink sink;
  sink.session = &session;
  StreamEvents events;
  SegmentFactory segments;
  // The initiator's first data is a reply: the sink reverses the session while it
  // is delivered, on the other side's ACK.
  ASSERT_TRUE(session.handle(kC, segments.make(kAck | kPsh, 2000, 1000, "HTTP/1.1 200"), sink, events));
  EXPECT_EQ(sink.first, "");
  ASSERT_TRUE(session.handle(kS, segments.make(kAck | kPsh, 1000, 2012, "GET /"), sink, events));
  EXPECT_EQ(sink.first, "HTTP/1.1 200");
  EXPECT_EQ(sink.first_dir, kC);
  // From now on the other side's packets are named ToClient, and the initiator's ToServer;
  // the sink names the other side's bytes ToServer, even those that came before.
  ASSERT_TRUE(session.handle(kS, segments.make(kAck | kPsh | kFin, 2012, 1005, " OK"), sink, events));
  EXPECT_EQ(sink.after.to_server(), "GET /");
  ASSERT_TRUE(session.handle(kC, segments.make(kAck, 1005, 2016), sink, events));
  EXPECT_EQ(sink.after.to_client(), " OK");
  EXPECT_EQ(sink.after.closes[1], 1);
  EXPECT_EQ(session.flags_seen(kS), kAck | kPsh | kFin);
  EXPECT_EQ(session.flags_seen(kC), kAck | kPsh);
  EXPECT_EQ(session.sequence_size(kC), 6u);  // from the ISN assumed at pick-up, one before the first ACK seen
}

TEST(TcpStateMachine, AsyncOneSideSeesOnlyClient) {
  StreamConfig cfg;
  cfg.async_oneside = true;
  SessionFixture f(cfg);
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck | kPsh, 1001, 7001, "abc")));
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck | kPsh, 1004, 7050, "def")));
  EXPECT_EQ(f.sink.to_server(), "abcdef");
}

// A session first seen at the server's SYN/ACK (ISN 7000, acknowledging client ISN
// 1000); the sensor names the SYN/ACK's sender the server (Worker::starts_from_syn_ack).
struct SynAckPickUp : SessionFixture {
  SynAckPickUp(bool midstream, bool async_oneside) : SessionFixture(config_of(midstream, async_oneside)) {
    picked_up = send(kS, segments.make(kSyn | kAck, 7000, 1001));
  }
  static StreamConfig config_of(bool midstream, bool async_oneside) {
    StreamConfig cfg;
    cfg.midstream = midstream;
    cfg.async_oneside = async_oneside;
    return cfg;
  }
  bool picked_up = false;
};

TEST(TcpStateMachine, AsyncOneSideSeesOnlyServer) {
  SynAckPickUp f(false, true);
  EXPECT_TRUE(f.picked_up);
  EXPECT_EQ(f.session.state(), TcpState::SynRecv);
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck, 7001, 1040)));
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck | kPsh, 7001, 1040, "HTTP/1.1 200 OK")));
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck | kPsh | kFin, 7016, 1040, "\r\n")));
  EXPECT_EQ(f.sink.to_client(), "HTTP/1.1 200 OK\r\n");
  EXPECT_EQ(f.session.state(), TcpState::FinWait1);
  EXPECT_TRUE(f.session.picked_up_midstream());
}

TEST(TcpStateMachine, MidstreamServerOnlyWaitsForTheFlowEnd) {
  SynAckPickUp f(true, false);
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck | kPsh, 7001, 1040, "HTTP/1.1 200 OK")));
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_EQ(f.sink.to_client(), "") << "nothing acknowledged it";
  f.session.flush(f.sink);
  EXPECT_EQ(f.sink.to_client(), "HTTP/1.1 200 OK");
}

TEST(TcpStateMachine, SynAckPickUpRejectsServerSegmentOutOfSequence) {
  SynAckPickUp f(false, true);
  EXPECT_FALSE(f.send(kS, f.segments.make(kAck | kPsh, 7500, 1040, "late")));
  EXPECT_TRUE(has_event(f.events, StreamEvent::ThreeWhsAckInWrongDir));
  EXPECT_EQ(f.session.state(), TcpState::SynRecv);
}

TEST(TcpStateMachine, SynAckIsNotPickedUpWithoutMidstreamOrAsync) {
  SynAckPickUp f(false, false);
  EXPECT_FALSE(f.picked_up);
  EXPECT_EQ(f.session.state(), TcpState::None);
}

TEST(TcpStateMachine, WithoutAsyncOneSideClientOnlyIsRejected) {
  SessionFixture f;
  f.send(kC, f.segments.make(kSyn, 1000, 0));
  EXPECT_FALSE(f.send(kC, f.segments.make(kAck | kPsh, 1001, 7001, "abc")));
  EXPECT_EQ(f.session.state(), TcpState::SynSent);
}

TEST(TcpStateMachine, PawsRejectsOlderTimestamp) {
  SessionFixture f;
  auto syn = f.segments.make(kSyn, 1000, 0);
  syn.has_timestamp = true;
  syn.ts_value = 500;
  f.send(kC, syn);
  auto synack = f.segments.make(kSyn | kAck, 5000, 1001);
  synack.has_timestamp = true;
  synack.ts_value = 9000;
  synack.ts_echo = 500;
  f.send(kS, synack);
  auto ack = f.segments.make(kAck, 1001, 5001);
  ack.has_timestamp = true;
  ack.ts_value = 600;
  ack.ts_echo = 9000;
  EXPECT_TRUE(f.send(kC, ack));
  auto stale = f.segments.make(kAck | kPsh, 1001, 5001, "evil");
  stale.has_timestamp = true;
  stale.ts_value = 100;
  EXPECT_FALSE(f.send(kC, stale));
  EXPECT_TRUE(has_event(f.events, StreamEvent::PktInvalidTimestamp));
  EXPECT_EQ(f.sink.to_server(), "");
}

TEST(TcpStateMachine, AckBeyondTheWindowIsInvalid) {
  SessionFixture f;
  f.handshake(1000, 5000);
  EXPECT_FALSE(f.send(kC, f.segments.make(kAck | kPsh, 1001, 5001 + 70000, "x")));
  EXPECT_TRUE(has_event(f.events, StreamEvent::PktInvalidAck));
}

// The server acknowledges a request the sensor lost (suricata-verify dns-tcp-ts-gap):
// its replies stay valid, and the lost bytes become a gap in the client's stream.
TEST(TcpStateMachine, AckForBytesTheSensorMissedIsValidWithinTheWindow) {
  SessionFixture f;
  f.handshake(1000, 5000);
  EXPECT_TRUE(f.client_data(0, "one"));
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck | kPsh, 5001, 1001 + 3 + 5, "reply")));
  EXPECT_FALSE(has_event(f.events, StreamEvent::PktInvalidAck));
  EXPECT_TRUE(f.client_data(8, "three"));
  f.session.flush(f.sink);
  EXPECT_EQ(f.sink.to_client(), "reply");
  EXPECT_EQ(f.sink.to_server(), "one[gap]three");
  EXPECT_EQ(f.sink.gaps[0], (std::vector<uint32_t>{5}));
}

TEST(TcpStateMachine, DataBeyondWindowIsOutOfWindow) {
  SessionFixture f;
  f.handshake(1000, 5000);
  f.send(kS, f.segments.make(kAck, 5001, 1001, "", 100));
  EXPECT_FALSE(f.client_data(5000, "far"));
  EXPECT_TRUE(has_event(f.events, StreamEvent::EstPacketOutOfWindow));
}

TEST(TcpStateMachine, StateAndEventNames) {
  EXPECT_EQ(tcp_state_name(TcpState::None), "none");
  EXPECT_EQ(tcp_state_name(TcpState::SynRecv), "syn_recv");
  EXPECT_EQ(tcp_state_name(TcpState::FinWait1), "fin_wait1");
  EXPECT_EQ(tcp_state_name(TcpState::CloseWait), "close_wait");
  EXPECT_EQ(tcp_state_name(TcpState::Closed), "closed");
  EXPECT_EQ(event_name(StreamEvent::ThreeWhsSynackInWrongDirection), "3whs_synack_in_wrong_direction");
  EXPECT_EQ(event_name(StreamEvent::ReassemblyOverlapDifferentData), "reassembly_overlap_different_data");
  EXPECT_EQ(kStreamEventCount, 65u);
}

// A sink that records when the session reached Suricata's closed state.
struct ClosingSink : RecordingSink {
  int session_closes = 0;
  void on_session_closed() override { ++session_closes; }
};

// As Suricata's last_ack state: the client's ACK of the server's FIN closes the
// session even though the client's own FIN is not acknowledged yet, and the sink
// hears of it after the ACK handed over the server's last bytes.
TEST(TcpStateMachine, ClientAckInLastAckClosesTheSession) {
  SessionFixture f;
  ClosingSink sink;
  f.handshake(1000, 5000);
  f.session.handle(kC, f.segments.make(kFin | kAck, 1001, 5001), sink, f.events);
  f.session.handle(kS, f.segments.make(kAck | kPsh, 5001, 1001, "221 bye\r\n"), sink, f.events);
  f.session.handle(kS, f.segments.make(kFin | kAck, 5010, 1001), sink, f.events);
  EXPECT_EQ(f.session.state(), TcpState::LastAck);
  EXPECT_EQ(sink.session_closes, 0);
  f.session.handle(kC, f.segments.make(kAck, 1002, 5011), sink, f.events);
  EXPECT_EQ(f.session.state(), TcpState::Closed);
  EXPECT_EQ(sink.session_closes, 1);
  EXPECT_EQ(sink.to_client(), "221 bye\r\n");
  EXPECT_FALSE(f.session.stream_closed(kC));  // its FIN is still unacknowledged
}

TEST(TcpStateMachine, ResetDoesNotReportTheFinTeardownsClosedState) {
  SessionFixture f;
  ClosingSink sink;
  f.handshake(1000, 5000);
  f.session.handle(kS, f.segments.make(kRst | kAck, 5001, 1001), sink, f.events);
  EXPECT_EQ(f.session.state(), TcpState::Closed);
  EXPECT_EQ(sink.session_closes, 0);
}

// TCP Fast Open: the SYN's payload is the client's first bytes; the SYN/ACK may
// acknowledge them, and the sink gets them once acknowledged.
TEST(TcpStateMachine, FastOpenSynCarriesStreamData) {
  SessionFixture f;
  TcpSegment syn = f.segments.make(kSyn, 1000, 0, "GET / HTTP/1.0\r\n\r\n");
  syn.tfo = true;
  EXPECT_TRUE(f.send(kC, syn));
  EXPECT_TRUE(f.send(kS, f.segments.make(kSyn | kAck, 5000, 1001 + 18)));
  EXPECT_EQ(f.session.state(), TcpState::SynRecv);
  EXPECT_TRUE(f.send(kC, f.segments.make(kAck, 1019, 5001)));  // its sequence number counts the data
  EXPECT_EQ(f.session.state(), TcpState::Established);
  EXPECT_TRUE(f.send(kS, f.segments.make(kAck | kPsh, 5001, 1019, "HTTP/1.0 200 OK\r\n")));
  EXPECT_EQ(f.sink.to_server(), "GET / HTTP/1.0\r\n\r\n");
}

TEST(TcpStateMachine, SynPayloadWithoutFastOpenIsNotStreamData) {
  SessionFixture f;
  EXPECT_TRUE(f.send(kC, f.segments.make(kSyn, 1000, 0, "early")));
  EXPECT_FALSE(f.send(kS, f.segments.make(kSyn | kAck, 5000, 1006)));
  EXPECT_TRUE(has_event(f.events, StreamEvent::ThreeWhsSynackWithWrongAck));
}

// Suricata bug 6269: a SYN sent again with a newer TSval, and the SYN/ACK echoing
// the first one's: the handshake goes on from the first SYN.
TEST(TcpStateMachine, SynAckMayAnswerTheFirstOfTwoSyns) {
  SessionFixture f;
  auto syn = [&](uint32_t tsval) {
    TcpSegment s = f.segments.make(kSyn, 1000, 0);
    s.has_timestamp = true;
    s.ts_value = tsval;
    return s;
  };
  f.send(kC, syn(100));
  f.send(kC, syn(200));
  TcpSegment synack = f.segments.make(kSyn | kAck, 5000, 1001);
  synack.has_timestamp = true;
  synack.ts_value = 7000;
  synack.ts_echo = 100;
  EXPECT_TRUE(f.send(kS, synack));
  EXPECT_FALSE(has_event(f.events, StreamEvent::PktInvalidTimestamp));
  TcpSegment forged = f.segments.make(kSyn | kAck, 5000, 1001);
  forged.has_timestamp = true;
  forged.ts_echo = 150;
  SessionFixture g;
  g.send(kC, syn(100));
  EXPECT_FALSE(g.send(kS, forged));
  EXPECT_TRUE(has_event(g.events, StreamEvent::PktInvalidTimestamp));
}

TEST(TcpStateMachine, MidstreamPolicyAppliesToASessionNotStartedBySyn) {
  for (bool midstream : {false, true}) {
    SessionFixture f(StreamConfig{.midstream = midstream});
    f.send(kC, f.segments.make(kAck | kPsh, 1000, 5000, "data"));
    EXPECT_TRUE(f.session.midstream_policy_applied()) << midstream;
  }
  SessionFixture g;
  g.handshake(1000, 5000);
  EXPECT_FALSE(g.session.midstream_policy_applied());
  SessionFixture rst;
  rst.send(kC, rst.segments.make(kRst, 1000, 0));
  EXPECT_FALSE(rst.session.midstream_policy_applied());
}

}  // namespace
}  // namespace rampart::stream::testing
