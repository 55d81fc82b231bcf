// The compiled-database cache: a stored database reads back and finds the same
// patterns, the key follows every pattern property, damaged files are recompiled,
// unused files are pruned, and a rule set built from the cache alerts as one
// compiled from scratch.
#include "detect/pattern_cache.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string_view>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

namespace fs = std::filesystem;

class PatternCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("rampart-pattern-cache-{}", ::testing::UnitTest::GetInstance()->random_seed());
    dir_ += "-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::set<uint32_t> scan(const PatternDatabase& db, std::string_view text) {
  PatternScratch scratch;
  EXPECT_TRUE(scratch.prepare(db).has_value());
  std::set<uint32_t> found;
  db.scan({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, scratch, [&](uint32_t id) { found.insert(id); });
  return found;
}

const std::vector<LiteralPattern> kPatterns{{"GET "}, {"evil"}, {std::string("\0\x01", 2)}};

TEST_F(PatternCacheTest, AStoredDatabaseReadsBackAndFindsTheSamePatterns) {
  PatternCache cache(dir_);
  EXPECT_FALSE(cache.load(kPatterns).has_value());
  auto compiled = PatternDatabase::compile(kPatterns);
  ASSERT_TRUE(compiled.has_value());
  cache.store(kPatterns, *compiled);
  EXPECT_TRUE(fs::exists(dir_ / PatternCache::key(kPatterns)));
  auto loaded = cache.load(kPatterns);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->size(), 3u);
  std::string text("GET /EVIL \0\x01", 12);
  EXPECT_EQ(scan(*loaded, text), scan(*compiled, text));
  EXPECT_EQ(scan(*loaded, text), (std::set<uint32_t>{0, 1, 2}));
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.stored, 1u);
  EXPECT_EQ(stats.errors, 0u);
}

TEST_F(PatternCacheTest, TheKeyChangesWithEveryPatternProperty) {
  auto base = PatternCache::key(kPatterns);
  auto changed = kPatterns;
  changed[0].bytes = "PUT ";
  auto reordered = std::vector<LiteralPattern>{kPatterns[1], kPatterns[0], kPatterns[2]};
  auto split = std::vector<LiteralPattern>{{"GE"}, {"T evil"}, kPatterns[2]};
  auto merged = std::vector<LiteralPattern>{{"GET evil"}, kPatterns[2]};
  std::set<std::string> keys{base, PatternCache::key(changed), PatternCache::key(reordered), PatternCache::key(split),
                             PatternCache::key(merged)};
  EXPECT_EQ(keys.size(), 5u);
  EXPECT_EQ(PatternCache::key(kPatterns), base);
}

TEST_F(PatternCacheTest, ADamagedFileIsCompiledAgainAndReplaced) {
  PatternCache cache(dir_);
  fs::create_directories(dir_);
  std::ofstream(dir_ / PatternCache::key(kPatterns)) << "not a database";
  auto all = PatternDatabase::compile_all(std::vector<std::span<const LiteralPattern>>{kPatterns}, 1, &cache);
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].has_value());
  EXPECT_EQ(scan(*all[0], "GET "), (std::set<uint32_t>{0}));
  EXPECT_EQ(cache.stats().errors, 1u);
  EXPECT_EQ(cache.stats().stored, 1u);
  EXPECT_TRUE(cache.load(kPatterns).has_value());
}

TEST_F(PatternCacheTest, FilesUnusedForMaxAgeArePruned) {
  PatternCache cache(dir_, std::chrono::hours(1));
  auto compiled = PatternDatabase::compile(kPatterns);
  ASSERT_TRUE(compiled.has_value());
  cache.store(kPatterns, *compiled);
  std::vector<LiteralPattern> other{{"other"}};
  auto second = PatternDatabase::compile(other);
  ASSERT_TRUE(second.has_value());
  cache.store(other, *second);
  fs::last_write_time(dir_ / PatternCache::key(other), fs::file_time_type::clock::now() - std::chrono::hours(2));
  std::ofstream(dir_ / "unrelated.txt") << "kept";
  cache.prune();
  EXPECT_TRUE(fs::exists(dir_ / PatternCache::key(kPatterns)));
  EXPECT_FALSE(fs::exists(dir_ / PatternCache::key(other)));
  EXPECT_TRUE(fs::exists(dir_ / "unrelated.txt"));
  EXPECT_EQ(cache.stats().pruned, 1u);
}

TEST_F(PatternCacheTest, ARuleSetBuiltFromTheCacheAlertsAsOneCompiled) {
  const std::vector<std::string> rules{
      R"(alert tcp any any -> any 80 (msg:"a"; content:"GET "; depth:4; content:"/admin"; distance:0; sid:1;))",
      R"(alert tcp any any -> any 80 (msg:"b"; content:"POST"; nocase; sid:2;))",
      R"(alert udp any any -> any 53 (msg:"c"; content:"|01 00 00 01|"; sid:3;))",
  };
  auto build = [&](PatternCache& cache) {
    std::vector<Signature> sigs;
    for (const auto& text : rules) sigs.push_back(*parse(text));
    std::vector<InactiveRule> inactive;
    return RuleSet::build(std::move(sigs), inactive, 0, 0, nullptr, &cache);
  };
  PatternCache first(dir_);
  auto compiled = build(first);
  // Groups with the same patterns (e.g. both directions of a bidirectional rule)
  // share one database, compiled once; the second build reads what the first stored.
  EXPECT_GT(first.stats().stored, 0u);
  EXPECT_EQ(first.stats().stored + first.stats().hits, compiled->stats().databases);
  PatternCache second(dir_);
  auto cached = build(second);
  EXPECT_EQ(second.stats().hits, cached->stats().databases);
  EXPECT_EQ(second.stats().stored, 0u);
  auto alerts = [&](const std::shared_ptr<const RuleSet>& set, std::string_view payload) {
    Detector d;
    EXPECT_TRUE(d.use(set).has_value());
    std::vector<Alert> out;
    d.inspect_packet(PacketInput{packet(payload), nullptr, {}, {}}, out);
    return sids(out);
  };
  EXPECT_EQ(alerts(compiled, "GET /admin"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(alerts(compiled, "post /x"), (std::vector<uint32_t>{2}));
  for (auto payload : {std::string_view("GET /admin"), std::string_view("post /x"), std::string_view("GET /")})
    EXPECT_EQ(alerts(cached, payload), alerts(compiled, payload)) << payload;
}

}  // namespace
}  // namespace rampart::detect::testing
