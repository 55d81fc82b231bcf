// IP reputation: the files (categories, addresses and CIDR blocks, errors with
// file:line), nested blocks, the YAML settings and iprep evaluated by the engine.
#include "detect/ip_reputation.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

namespace fs = std::filesystem;

class RepFiles {
 public:
  RepFiles() : dir_(fs::temp_directory_path() / fmt::format("rampart-iprep-{}-{}", ::getpid(), counter_++)) {
    fs::create_directories(dir_);
    write("categories.txt", "1,BadHosts,Known bad hosts\n2,Google,Known google hosts\n# comment\n");
  }
  ~RepFiles() { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string dir() const { return dir_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(IpReputation, AddressesBlocksAndNesting) {
  RepFiles files;
  files.write("rep.list",
              "192.0.2.1,1,10\n198.51.100.0/24,1,50\n198.51.100.7,1,90\n198.51.100.8,1,0\n2001:db8::/32,2,20\n");
  auto rep = IpReputation::load(files.path("categories.txt"), {"rep.list"}, files.dir());
  ASSERT_TRUE(rep) << rep.error();
  auto bad = *(*rep)->category("BadHosts");
  auto google = *(*rep)->category("Google");
  EXPECT_FALSE((*rep)->category("Nope"));
  EXPECT_EQ((*rep)->score(ip("192.0.2.1"), bad), 10);
  EXPECT_EQ((*rep)->score(ip("192.0.2.2"), bad), 0);
  EXPECT_EQ((*rep)->score(ip("198.51.100.1"), bad), 50);
  EXPECT_EQ((*rep)->score(ip("198.51.100.7"), bad), 90);  // the more specific entry
  EXPECT_EQ((*rep)->score(ip("198.51.100.8"), bad), 0);
  EXPECT_EQ((*rep)->score(ip("198.51.100.9"), bad), 50);
  EXPECT_EQ((*rep)->score(ip("198.51.100.1"), google), 0);
  EXPECT_EQ((*rep)->score(ip("2001:db8::99"), google), 20);
}

TEST(IpReputation, BadLinesAreNamed) {
  RepFiles files;
  auto check = [&](const std::string& text, const std::string& expected) {
    auto path = files.write("bad.list", text);
    auto rep = IpReputation::load(files.path("categories.txt"), {path}, files.dir());
    ASSERT_FALSE(rep) << text;
    EXPECT_NE(rep.error().find(expected), std::string::npos) << rep.error();
  };
  check("192.0.2.1,1,10\n192.0.2.300,1,10\n", "bad.list:2:");
  check("192.0.2.1,9,10\n", "category '9' is not defined");
  check("192.0.2.1,1,200\n", "score '200'");
  check("192.0.2.1,1\n", "3 comma-separated fields");
  EXPECT_FALSE(IpReputation::load(files.path("none.txt"), {}, files.dir()));
  EXPECT_FALSE(IpReputation::load(files.path("categories.txt"), {"missing.list"}, files.dir()));
}

TEST(IpReputation, ConfigSettingsResolveBesideTheConfig) {
  RepFiles files;
  fs::create_directories(files.path("rep"));
  files.write("rep/bad.list", "203.0.113.5,1,60\n");
  auto config = files.write("rampart.yaml",
                            "reputation-categories-file: categories.txt\ndefault-reputation-path: rep\n"
                            "reputation-files:\n  - bad.list\n");
  auto rep = load_reputation_config(config);
  ASSERT_TRUE(rep && *rep) << (rep ? "" : rep.error());
  EXPECT_EQ((*rep)->score(ip("203.0.113.5"), *(*rep)->category("BadHosts")), 60);
  auto none = load_reputation_config(files.write("plain.yaml", "vars: {}\n"));
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, nullptr);
}

TEST(IprepKeyword, SidesAndScores) {
  RepFiles files;
  files.write("rep.list", "192.0.2.1,1,10\n192.0.2.2,1,90\n");
  auto rep = IpReputation::load(files.path("categories.txt"), {"rep.list"}, files.dir());
  ASSERT_TRUE(rep);
  std::vector<Signature> sigs;
  for (const char* text : {R"(alert ip any any -> any any (msg:"src bad"; iprep:src,BadHosts,>,50; sid:1;))",
                           R"(alert ip any any -> any any (msg:"dst low"; iprep:dst,BadHosts,<,20; sid:2;))",
                           R"(alert ip any any -> any any (msg:"any"; iprep:any,BadHosts,=,10; sid:3;))",
                           R"(alert ip any any -> any any (msg:"both"; iprep:both,BadHosts,>,5; sid:4;))",
                           R"(alert ip any any -> any any (msg:"unknown category"; iprep:any,Nope,>,5; sid:5;))"}) {
    auto sig = parse(text);
    ASSERT_TRUE(sig);
    sigs.push_back(std::move(*sig));
  }
  std::vector<InactiveRule> inactive;
  auto set = RuleSet::build(std::move(sigs), inactive, 0, 0, *rep);
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0].sid, 5u);
  Detector d;
  ASSERT_TRUE(d.use(set));
  auto alerts = [&](const char* src, const char* dst) {
    std::vector<Alert> out;
    auto p = packet("", src, 1, dst, 2);
    d.inspect_packet(PacketInput{p, nullptr, {}, {}}, out);
    return sids(out);
  };
  EXPECT_EQ(alerts("192.0.2.2", "192.0.2.1"), (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(alerts("192.0.2.1", "10.0.0.1"), (std::vector<uint32_t>{3}));
  EXPECT_EQ(alerts("10.0.0.1", "10.0.0.2"), (std::vector<uint32_t>{}));  // unlisted never matches, even with '<'
}

TEST(IprepKeyword, WithoutReputationDataTheRuleIsInactive) {
  std::vector<InactiveRule> inactive;
  auto set = rule_set({R"(alert ip any any -> any any (msg:"x"; iprep:src,BadHosts,>,50; sid:1;))"}, &inactive);
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_NE(inactive[0].reason.find("reputation-categories-file"), std::string::npos);
  EXPECT_EQ(set->size(), 0u);
}

}  // namespace
}  // namespace rampart::detect::testing
