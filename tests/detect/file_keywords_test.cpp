// The file keywords: what they compile to, the values they refuse, the files
// (served as file.name, file.size, file.md5 ... buffers) they match, and the
// filestore requests of the rules that matched.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "detect/dataset_match.hpp"
#include "detect/file_rules.hpp"
#include "detect/file_store_marks.hpp"
#include "proto/file_hasher.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

std::vector<uint32_t> alerts_on(std::shared_ptr<const RuleSet> set, const NamedBuffers& tx,
                                std::vector<Detector::FileStoreMatch>* stores = nullptr) {
  Detector d;
  EXPECT_TRUE(d.use(std::move(set)).has_value());
  FlowVars vars;
  auto p = packet("", "10.0.0.1", 40000, "10.0.0.2", 80);
  auto facts = flow_facts(p, vars);
  facts.app_proto = "http";
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{nullptr, facts, 0, tx, {}}, out);
  if (stores != nullptr) *stores = d.file_stores();
  return sids(out);
}

std::vector<uint32_t> alerts_on(const std::vector<std::string>& rules, const NamedBuffers& tx,
                                std::vector<Detector::FileStoreMatch>* stores = nullptr) {
  return alerts_on(rule_set(rules), tx, stores);
}

NamedBuffers pdf_file() {
  NamedBuffers f;
  f.values = {{"file.name", "/docs/Report.PDF"}, {"file.size", "60"}, {"file.magic", "PDF document, version 1.4"}};
  return f;
}

TEST(FileKeywords, FilenameAndFileextAreCaseInsensitiveContentsOnFileName) {
  auto sig = parse_options("filename:\"report\"; fileext:!\"doc\";");
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  const auto& name = match_at<ContentMatch>(*sig, "file.name", 0);
  EXPECT_EQ(name.pattern, "report");
  EXPECT_TRUE(name.nocase);
  const auto& ext = match_at<ContentMatch>(*sig, "file.name", 1);
  EXPECT_EQ(ext.pattern, ".doc");
  EXPECT_TRUE(ext.nocase && ext.endswith && ext.negated);
  EXPECT_FALSE(parse_options("fileext:\"\";").has_value());
}

TEST(FileKeywords, FilenameWithoutValueIsTheStickyBuffer) {
  auto sig = parse_options("filename; content:\"x.exe\"; endswith;");
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*sig, "file.name", 0).pattern, "x.exe");
}

TEST(FileKeywords, MatchTheFileOfATransaction) {
  const std::vector<std::string> rules = {
      "alert http any any -> any any (fileext:\"pdf\"; sid:1;)",
      "alert http any any -> any any (fileext:\"PD\"; sid:2;)",
      "alert http any any -> any any (filename:!\"report.doc\"; sid:3;)",
      "alert http any any -> any any (filesize:50<>70; sid:4;)",
      "alert http any any -> any any (filesize:>60; sid:5;)",
      "alert http any any -> any any (filemagic:\"pdf document\"; sid:6;)",
      "alert http any any -> any any (file.magic; content:\"ELF\"; sid:7;)",
  };
  EXPECT_EQ(alerts_on(rules, pdf_file()), (std::vector<uint32_t>{1, 3, 4, 6}));
  EXPECT_TRUE(alerts_on(rules, NamedBuffers{}).empty()) << "no file, no match (not even negated)";
}

TEST(FileKeywords, FilesizeRefusesWhatIsNotASize) {
  EXPECT_FALSE(parse_options("filesize:abc;").has_value());
  EXPECT_FALSE(parse_options("filesize:;").has_value());
  EXPECT_TRUE(parse_options("filesize:<70;").has_value());
}

class FileHashListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("rampart-hash-list-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(FileHashListTest, Filemd5MatchesTheDigestsOfItsListFile) {
  write("md5.list", "# known bad\n090fe607a5be1228362614ccaa088577\n\n");
  const std::string rule_file = (dir_ / "test.rules").string();
  std::vector<Signature> sigs;
  for (const char* text : {"alert http any any -> any any (filemd5:md5.list; sid:1;)",
                           "alert http any any -> any any (filemd5:!md5.list; sid:2;)"}) {
    auto sig = parse(text);
    ASSERT_TRUE(sig.has_value()) << sig.error().detail;
    resolve_dataset_paths(*sig, rule_file);
    sigs.push_back(std::move(*sig));
  }
  std::vector<InactiveRule> dropped;
  auto set = RuleSet::build(std::move(sigs), dropped);
  ASSERT_TRUE(dropped.empty()) << dropped.front().reason;
  EXPECT_EQ(file_rule_needs(*set).hashes, proto::file_hash::kMd5);

  auto inspect = [&](std::string digest) {
    NamedBuffers file;
    if (!digest.empty()) file.values = {{"file.md5", std::move(digest)}};
    return alerts_on(set, file);
  };
  const std::string listed("\x09\x0f\xe6\x07\xa5\xbe\x12\x28\x36\x26\x14\xcc\xaa\x08\x85\x77", 16);
  EXPECT_EQ(inspect(listed), (std::vector<uint32_t>{1}));
  EXPECT_EQ(inspect(std::string(16, '\0')), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(inspect("").empty()) << "a file without a digest matches neither";
}

TEST_F(FileHashListTest, ABadLineNamesFileAndLine) {
  auto path = write("sha256.list", "abc\n");
  Dataset set("list", DatasetType::Sha256, 0);
  auto loaded = set.load(path);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find(path + ":1:"), std::string::npos) << loaded.error();
}

TEST(FileKeywords, FilestoreTakesDirectionAndScope) {
  auto sig = parse_options("filestore:to_server,flow;");
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  ASSERT_TRUE(sig->file_store.has_value());
  EXPECT_EQ(sig->file_store->side, FileStoreRequest::Side::ToServer);
  EXPECT_EQ(sig->file_store->scope, FileStoreRequest::Scope::Flow);
  auto plain = parse_options("filestore;");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->file_store->side, FileStoreRequest::Side::Matched);
  EXPECT_EQ(plain->file_store->scope, FileStoreRequest::Scope::File);
  EXPECT_FALSE(parse_options("filestore:sideways;").has_value());
  EXPECT_FALSE(parse_options("filestore:both,forever;").has_value());
  EXPECT_FALSE(parse_options("filestore; filestore;").has_value());
}

TEST(FileKeywords, AMatchingFilestoreRuleIsReportedEvenWithNoalert) {
  std::vector<Detector::FileStoreMatch> stores;
  auto sids_seen = alerts_on({"alert http any any -> any any (filestore:both,tx; noalert; sid:1;)"}, pdf_file(), &stores);
  EXPECT_TRUE(sids_seen.empty());
  ASSERT_EQ(stores.size(), 1u);
  EXPECT_EQ(stores[0].request.side, FileStoreRequest::Side::Both);
  alerts_on({"alert http any any -> any any (filestore; sid:1;)"}, NamedBuffers{}, &stores);
  EXPECT_TRUE(stores.empty()) << "without a file the rule does not match";
}

TEST(FileStoreMarks, ScopesAndSides) {
  FileStoreMarks marks;
  marks.mark({FileStoreRequest::Side::Matched, FileStoreRequest::Scope::File}, true, 3);
  EXPECT_TRUE(marks.stores(3, true));
  EXPECT_FALSE(marks.stores(3, false));
  EXPECT_FALSE(marks.stores(4, true));
  marks.mark({FileStoreRequest::Side::ToServer, FileStoreRequest::Scope::Flow}, true, 5);
  EXPECT_TRUE(marks.stores(9, false));
  EXPECT_FALSE(marks.stores(9, true));
}

}  // namespace
}  // namespace rampart::detect::testing
