// Rule files: per-rule errors with file:line, disabled rules, continuation lines.
#include <fstream>

#include "rule_test_support.hpp"

#include "detect/classification.hpp"
#include "detect/reference.hpp"
#include "detect/rule_file_loader.hpp"

namespace rampart::detect {
namespace {

using testing::test_context;

TEST(RuleFileLoader, ReportsEachFailureWithFileAndLine) {
  LoadedRules rules;
  load_rule_text("# comment\n"
                 "#alert tcp any any -> any any (msg:\"off\"; sid:1;)\n"
                 "alert tcp any any -> any any (msg:\"ok\"; sid:2;)\n"
                 "\n"
                 "alert tcp any any -> any any (msg:\"bad\"; frobnicate; sid:3;)\n"
                 "alert tcp any any -> any any (msg:\"multi\"; \\\n"
                 "  content:\"x\"; sid:4;)\n"
                 "alert tcp any any -> any any (msg:\"bad pcre\"; pcre:\"/(/\"; sid:5;)\n",
                 "test.rules", test_context(), rules);
  EXPECT_EQ(rules.rules_disabled, 1u);
  EXPECT_EQ(rules.rules_enabled, 4u);
  ASSERT_EQ(rules.signatures.size(), 2u);
  EXPECT_EQ(rules.signatures[1].meta.sid, 4u);
  ASSERT_EQ(rules.failures.size(), 2u);
  EXPECT_EQ(rules.failures[0].error.file, "test.rules");
  EXPECT_EQ(rules.failures[0].error.line, 5u);
  EXPECT_EQ(rules.failures[0].sid, 3u);
  EXPECT_EQ(rules.failures[0].error.summary, "unsupported keyword frobnicate");
  EXPECT_EQ(rules.failures[1].error.line, 8u);
  EXPECT_EQ(rules.failures[1].error.summary, "invalid pcre");
}

TEST(RuleFileLoader, MalformedRulesAreErrorsNotCrashes) {
  LoadedRules rules;
  load_rule_text("alert tcp any any -> any any\n"
                 "alert tcp any any -> any any (sid:1; msg:\"unterminated\")\n"
                 "alert tcp [1.1.1.1 any -> any any (sid:2;)\n"
                 "alert tcp any any -> any any (sid:3;;)\n"
                 "alert tcp any any -> any any (msg:\"no sid\";)\n",
                 "bad.rules", test_context(), rules);
  EXPECT_TRUE(rules.signatures.empty());
  ASSERT_EQ(rules.failures.size(), 5u);
  EXPECT_EQ(rules.failures[4].error.summary, "missing sid");
}

TEST(RuleFileLoader, UnreadableFileIsReported) {
  LoadedRules rules;
  EXPECT_FALSE(load_rule_file("/nonexistent/x.rules", test_context(), rules));
  EXPECT_EQ(rules.unreadable_files.size(), 1u);
}

TEST(ConfigFiles, ClassificationAndReference) {
  std::string dir = ::testing::TempDir();
  {
    std::ofstream(dir + "/classification.config") << "# c\nconfig classification: trojan-activity,A Network Trojan was detected,1\n";
    std::ofstream(dir + "/reference.config") << "config reference: cve http://cve.mitre.org/cgi-bin/cvename.cgi?name=\n";
  }
  auto classes = load_classification_config(dir + "/classification.config");
  ASSERT_TRUE(classes);
  EXPECT_EQ(classes->at("trojan-activity").priority, 1);
  auto references = load_reference_config(dir + "/reference.config");
  ASSERT_TRUE(references);
  EXPECT_EQ(references->at("cve"), "http://cve.mitre.org/cgi-bin/cvename.cgi?name=");
  EXPECT_FALSE(load_classification_config(dir + "/missing.config"));
}

}  // namespace
}  // namespace rampart::detect
