#include "detect/pattern_database.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

namespace rampart::detect {
namespace {

std::set<uint32_t> scan(const PatternDatabase& db, std::string_view text) {
  PatternScratch scratch;
  EXPECT_TRUE(scratch.prepare(db).has_value());
  std::set<uint32_t> found;
  db.scan({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, scratch, [&](uint32_t id) { found.insert(id); });
  return found;
}

TEST(PatternDatabase, ReportsEachPatternFoundOnce) {
  std::vector<LiteralPattern> patterns{{"GET "}, {"evil"}, {std::string("\0\x01", 2)}, {"absent"}};
  auto db = PatternDatabase::compile(patterns);
  ASSERT_TRUE(db.has_value()) << (db ? "" : db.error());
  EXPECT_EQ(db->size(), 4u);
  EXPECT_EQ(scan(*db, std::string("GET /EVIL evil \0\x01 GET ", 23)), (std::set<uint32_t>{0, 1, 2}));
  EXPECT_EQ(scan(*db, "put /ok"), (std::set<uint32_t>{}));
  // A pattern led by NUL bytes keeps them: its last byte alone is no hit.
  EXPECT_EQ(scan(*db, "x\x01"), (std::set<uint32_t>{}));
}

TEST(PatternDatabase, RegexMetacharactersAreLiteral) {
  auto db = PatternDatabase::compile(std::vector<LiteralPattern>{{"a.b*("}, {"[x]"}});
  ASSERT_TRUE(db.has_value()) << (db ? "" : db.error());
  EXPECT_EQ(scan(*db, "aXb( [X]"), (std::set<uint32_t>{1}));
  EXPECT_EQ(scan(*db, "a.b*("), (std::set<uint32_t>{0}));
}

TEST(PatternDatabase, CaseIsLeftToVerification) {
  auto db = PatternDatabase::compile(std::vector<LiteralPattern>{{"Host"}, {"\xffSMB"}});
  ASSERT_TRUE(db.has_value());
  EXPECT_EQ(scan(*db, "HOST"), (std::set<uint32_t>{0}));
  EXPECT_EQ(scan(*db, "\xffsmb"), (std::set<uint32_t>{1}));
  EXPECT_EQ(scan(*db, "Hos"), (std::set<uint32_t>{}));
}

TEST(PatternDatabase, EmptyInputAndEmptyListAreHandled) {
  auto db = PatternDatabase::compile(std::vector<LiteralPattern>{{"x"}});
  ASSERT_TRUE(db.has_value());
  EXPECT_TRUE(scan(*db, "").empty());
  EXPECT_FALSE(PatternDatabase::compile(std::vector<LiteralPattern>{}).has_value());
  EXPECT_FALSE(PatternDatabase::compile(std::vector<LiteralPattern>{{std::string(2, '\0')}}).has_value());
}

TEST(PatternDatabase, OneScratchServesSeveralDatabases) {
  auto small = PatternDatabase::compile(std::vector<LiteralPattern>{{"a"}});
  std::vector<LiteralPattern> many;
  for (int i = 0; i < 500; ++i) many.push_back({"pattern-" + std::to_string(i)});
  auto big = PatternDatabase::compile(many);
  ASSERT_TRUE(small && big);
  PatternScratch scratch;
  ASSERT_TRUE(scratch.prepare(*small) && scratch.prepare(*big));
  int hits = 0;
  std::string_view text = "PATTERN-42 pattern-43 a";
  auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  big->scan(bytes, scratch, [&](uint32_t) { ++hits; });
  small->scan(bytes, scratch, [&](uint32_t) { ++hits; });
  EXPECT_EQ(hits, 4);  // pattern-42 (any case), pattern-43, pattern-4 (prefix of both), a
}

TEST(PatternDatabase, CompileAllKeepsTheOrderOfTheSets) {
  std::vector<LiteralPattern> big;
  for (int i = 0; i < 300; ++i) big.push_back({"<needle-" + std::to_string(i) + ">"});
  std::vector<LiteralPattern> small{{"hay"}}, empty;
  std::vector<std::span<const LiteralPattern>> sets{small, big, empty, small};
  auto dbs = PatternDatabase::compile_all(sets, 2);
  ASSERT_EQ(dbs.size(), 4u);
  ASSERT_TRUE(dbs[0] && dbs[1] && dbs[3]);
  EXPECT_FALSE(dbs[2].has_value());
  EXPECT_EQ(dbs[0]->size(), 1u);
  EXPECT_EQ(dbs[1]->size(), 300u);
  EXPECT_EQ(scan(*dbs[1], "a <needle-299> b"), (std::set<uint32_t>{299}));
  EXPECT_EQ(scan(*dbs[3], "haystack"), (std::set<uint32_t>{0}));
}

}  // namespace
}  // namespace rampart::detect
