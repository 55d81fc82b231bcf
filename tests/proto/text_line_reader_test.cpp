// The line reader of SMTP and FTP: lines whatever the split of the bytes, long
// lines truncated by next() and given whole, in pieces, by next_piece().
#include "proto/smtp/line_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::proto::text {
namespace {

std::span<const uint8_t> span_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

struct GotPiece {
  std::string text;
  bool continuation, continues;
};

// Every piece next_piece() gives for `input` fed `chunk` bytes at a time.
std::vector<GotPiece> pieces(const std::string& input, size_t max_line, size_t chunk) {
  LineReader reader(max_line);
  std::vector<GotPiece> out;
  for (size_t at = 0; at < input.size(); at += chunk) {
    std::string part = input.substr(at, chunk);
    auto bytes = span_of(part);
    while (auto line = reader.next_piece(bytes)) {
      EXPECT_FALSE(line->truncated);
      out.push_back({std::string(line->text), line->piece.continuation, line->piece.continues});
    }
  }
  return out;
}

TEST(TextLineReader, NextTruncatesALongLine) {
  LineReader reader(8);
  std::string input = "0123456789\r\nab\r\n";
  auto bytes = span_of(input);
  auto line = reader.next(bytes);
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->truncated);
  EXPECT_EQ(line->text, "01234567");
  line = reader.next(bytes);
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "ab");
  EXPECT_FALSE(line->truncated);
}

// A stream cut short: what came of the last line is its last piece, given once.
TEST(TextLineReader, TheIncompleteLineIsTakenOnce) {
  LineReader reader(4);
  std::string input = "ab\r\ncdefgh\r";
  auto bytes = span_of(input);
  ASSERT_TRUE(reader.next_piece(bytes));
  EXPECT_FALSE(reader.take_incomplete()) << "a line returned is not held";
  auto piece = reader.next_piece(bytes);
  ASSERT_TRUE(piece);
  EXPECT_EQ(piece->text, "cdef");
  EXPECT_FALSE(reader.next_piece(bytes));
  auto rest = reader.take_incomplete();
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->text, "gh");
  EXPECT_TRUE(rest->piece.continuation);
  EXPECT_FALSE(rest->piece.continues);
  EXPECT_FALSE(reader.take_incomplete());
}

TEST(TextLineReader, PiecesGiveTheWholeLineWhateverTheSplit) {
  const std::string input = std::string(20, 'x') + "\r\nshort\r\n" + std::string(8, 'y') + "\n";
  for (size_t chunk = 1; chunk <= input.size(); ++chunk) {
    auto got = pieces(input, 8, chunk);
    std::string joined;
    size_t lines = 0;
    for (const auto& p : got) {
      EXPECT_LE(p.text.size(), 8u) << chunk;
      joined += p.text;
      if (!p.continues) {
        joined += '|';
        ++lines;
      }
    }
    EXPECT_EQ(joined, std::string(20, 'x') + "|short|" + std::string(8, 'y') + "|") << chunk;
    EXPECT_EQ(lines, 3u) << chunk;
    ASSERT_GE(got.size(), 3u);
    EXPECT_FALSE(got.front().continuation);
    EXPECT_TRUE(got.front().continues);
  }
}

TEST(TextLineReader, ACrLfNeverSplitsBetweenPieces) {
  auto got = pieces(std::string(7, 'x') + "\r\nnext\r\n", 8, 100);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].text, std::string(7, 'x')) << "the CR waits for the next piece";
  EXPECT_TRUE(got[0].continues);
  EXPECT_EQ(got[1].text, "");
  EXPECT_TRUE(got[1].continuation);
  EXPECT_FALSE(got[1].continues);
  EXPECT_EQ(got[2].text, "next");
  EXPECT_FALSE(got[2].continuation);
}

}  // namespace
}  // namespace rampart::proto::text
