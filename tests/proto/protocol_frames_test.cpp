// The generic stream frame (proto/stream_frame.hpp) and how it moves the parsers'
// frame ids; TLS record frames; SMTP and FTP line frames (offsets, bytes with their
// line break, message data left out), wherever the input is split.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "frame_test_support.hpp"
#include "proto/app_layer.hpp"
#include "proto/frame_window.hpp"
#include "proto/ftp/ftp_protocol.hpp"
#include "proto/smtp/smtp_protocol.hpp"
#include "proto/stream_frame.hpp"
#include "proto/tls/tls_protocol.hpp"
#include "tls_test_support.hpp"

namespace rampart::proto {
namespace {

using namespace frame_test;

std::string text_of(const Bytes& bytes) { return {bytes.begin(), bytes.end()}; }

TEST(FrameParts, AreTheRunsBetweenGaps) {
  const Bytes bytes = bytes_of("VERYDATA");
  const FrameGap gaps[] = {{0, 2}, {4, 4}, {8, 1}};
  const Frame frame{"x.stream", Direction::ToServer, 1, 0, bytes, std::nullopt, 15, gaps};
  ASSERT_TRUE(frame.part(0));
  EXPECT_EQ(std::string(frame.part(0)->begin(), frame.part(0)->end()), "VERY");
  ASSERT_TRUE(frame.part(1));
  EXPECT_EQ(std::string(frame.part(1)->begin(), frame.part(1)->end()), "DATA");
  EXPECT_FALSE(frame.part(2));
}

TEST(StreamFrames, OnePerDirectionWithItsGapsAtTheEnd) {
  StreamFrames frames("http1.stream");
  FrameSink sink;
  frames.feed(Direction::ToClient, span_of("AAAA"));
  frames.gap(Direction::ToClient, 14);
  frames.feed(Direction::ToClient, span_of("BB"));
  frames.feed(Direction::ToServer, span_of("GET"));
  frames.finish(sink);
  ASSERT_EQ(sink.frames.size(), 2u);
  EXPECT_EQ(sink.frames[0].dir, Direction::ToServer);
  EXPECT_EQ(sink.frames[0].id, 1u);
  EXPECT_EQ(text_of(sink.frames[0].bytes), "GET");
  const auto& reply = sink.frames[1];
  EXPECT_EQ(reply.name, "http1.stream");
  EXPECT_EQ(reply.id, 1u);
  EXPECT_EQ(reply.offset, 0u);
  EXPECT_EQ(text_of(reply.bytes), "AAAABB");
  EXPECT_EQ(reply.length, 20u);
  EXPECT_EQ(reply.gaps, (std::vector<std::pair<uint64_t, uint64_t>>{{4, 14}}));
  frames.finish(sink);
  EXPECT_EQ(sink.frames.size(), 2u) << "reported once";
}

TEST(StreamFrames, KeepAtMostTheFrameLimit) {
  StreamFrames frames("tls.stream");
  FrameSink sink;
  const std::string big(FrameWindow::kMaxKept + 10, 'A');
  frames.feed(Direction::ToServer, span_of(big));
  frames.gap(Direction::ToServer, 3);
  frames.finish(sink);
  ASSERT_EQ(sink.frames.size(), 1u);
  EXPECT_EQ(sink.frames[0].bytes.size(), FrameWindow::kMaxKept);
  EXPECT_EQ(sink.frames[0].length, big.size() + 3);
  EXPECT_TRUE(sink.frames[0].gaps.empty()) << "a gap past the kept bytes shows nowhere";
}

TEST(StreamFrames, TheAppLayersStreamFrameIsIdOneAndMovesTheParsersIds) {
  const std::string request = "GET / HTTP/1.0\r\n\r\n";
  for (bool stream_wanted : {false, true}) {
    AppLayer app(true, 80);
    AppLayerStats stats;
    FrameSink sink;
    sink.stream_wanted = stream_wanted;
    app.on_data(Direction::ToServer, span_of(request), sink, stats);
    app.finish(sink, stats);
    const auto requests = sink.named("http1.request");
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].id, stream_wanted ? 2u : 1u);
    const auto streams = sink.named("http1.stream");
    ASSERT_EQ(streams.size(), stream_wanted ? 1u : 0u);
    if (stream_wanted) {
      EXPECT_EQ(text_of(streams[0].bytes), request);
    }
  }
}

TEST(TlsFrames, EachRecordAsPduHeaderAndDataWhereverSplit) {
  Bytes client = tls_test::read_data("tls12_client.bin");
  const size_t hello = client.size();
  const Bytes alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
  client.insert(client.end(), alert.begin(), alert.end());
  const auto whole = frames_of(tls::tls_protocol(), true, Direction::ToServer, client);
  ASSERT_GE(whole.size(), 7u);
  EXPECT_EQ(whole[0].name, "tls.pdu");
  EXPECT_EQ(whole[0].offset, 0u);
  EXPECT_EQ(whole[1].name, "tls.hdr");
  EXPECT_EQ(whole[1].bytes.size(), 5u);
  EXPECT_EQ(whole[2].name, "tls.data");
  EXPECT_EQ(whole[2].offset, 5u);
  EXPECT_EQ(whole[0].length, whole[1].length + whole[2].length);
  const auto alerts = FrameSink::frames_named(whole, "tls.alert");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].offset, hello + 5);
  EXPECT_EQ(alerts[0].bytes, (Bytes{0x02, 0x28}));
  EXPECT_EQ(alerts[0].id, whole.back().id);
  EXPECT_EQ(alerts[0].tx_id, 0u);
  for (size_t cut = 1; cut < client.size(); cut += 7)
    EXPECT_EQ(frames_of(tls::tls_protocol(), true, Direction::ToServer, client, cut), whole) << cut;
  EXPECT_TRUE(frames_of(tls::tls_protocol(), true, Direction::ToServer, client, 0, false).empty());
}

TEST(SmtpFrames, CommandLinesWithTheirLineBreakButNotTheMessage) {
  const std::string stream =
      "EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\n";
  const auto whole = frames_of(smtp::smtp_protocol(), true, Direction::ToServer, span_of(stream));
  std::vector<std::string> lines;
  for (const auto& f : whole) {
    EXPECT_EQ(f.name, "smtp.command_line");
    EXPECT_EQ(stream.substr(*f.offset, f.length), text_of(f.bytes));
    lines.push_back(text_of(f.bytes));
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"EHLO a\r\n", "MAIL FROM:<a@b>\r\n", "RCPT TO:<c@d>\r\n", "DATA\r\n",
                                             "QUIT\n"}));
  for (size_t cut = 1; cut < stream.size(); ++cut)
    EXPECT_EQ(frames_of(smtp::smtp_protocol(), true, Direction::ToServer, span_of(stream), cut), whole) << cut;
}

TEST(SmtpFrames, ResponseLines) {
  const std::string stream = "220 mx ESMTP\r\n250-mx\r\n250 OK\r\n";
  const auto whole = frames_of(smtp::smtp_protocol(), true, Direction::ToClient, span_of(stream));
  ASSERT_EQ(whole.size(), 3u);
  EXPECT_EQ(whole[1].name, "smtp.response_line");
  EXPECT_EQ(whole[1].id, 2u);
  EXPECT_EQ(whole[1].offset, 14u);
  EXPECT_EQ(text_of(whole[1].bytes), "250-mx\r\n");
}

TEST(FtpFrames, CommandAndResponseLines) {
  const std::string commands = "USER anonymous\r\nPASS x\r\n";
  const auto sent = frames_of(ftp::ftp_protocol(), true, Direction::ToServer, span_of(commands));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].name, "ftp.command_line");
  EXPECT_EQ(sent[1].offset, 16u);
  EXPECT_EQ(text_of(sent[1].bytes), "PASS x\r\n");
  for (size_t cut = 1; cut < commands.size(); ++cut)
    EXPECT_EQ(frames_of(ftp::ftp_protocol(), true, Direction::ToServer, span_of(commands), cut), sent) << cut;
  const auto replies = frames_of(ftp::ftp_protocol(), true, Direction::ToClient, span_of("220 ready\r\n"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].name, "ftp.response_line");
  EXPECT_EQ(text_of(replies[0].bytes), "220 ready\r\n");
}

}  // namespace
}  // namespace rampart::proto
