// Datasets: the shared sets (keys per type, memcap, files, the registry, concurrent
// adds) and the dataset keyword evaluated on transaction buffers by the engine.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "detect/dataset_match.hpp"
#include "detect/dataset_store.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

namespace fs = std::filesystem;

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / fmt::format("rampart-dataset-{}-{}", ::getpid(), counter_++)) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, std::string_view text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// A transaction whose buffers are given by name.
class FakeTransaction final : public proto::EveFields {
 public:
  explicit FakeTransaction(std::map<std::string, std::vector<std::string>> buffers) : buffers_(std::move(buffers)) {}
  void write(JsonWriter&) const override {}
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    auto it = buffers_.find(std::string(name));
    if (it == buffers_.end() || index >= it->second.size()) return std::nullopt;
    return bytes(it->second[index]);
  }

 private:
  std::map<std::string, std::vector<std::string>> buffers_;
};

std::vector<uint32_t> dns_alerts(Detector& d, const std::string& query) {
  FakeTransaction tx({{"dns.query", {query}}});
  FlowVars vars;
  auto p = packet("");
  auto facts = flow_facts(p, vars);
  facts.app_proto = "dns";
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{nullptr, facts, 0, tx, {}}, out);
  return sids(out);
}

TEST(DatasetStore, KeysFollowTheType) {
  Dataset strings("s", DatasetType::String, 0);
  EXPECT_EQ(strings.key_of(bytes("abc")), "abc");
  Dataset md5("m", DatasetType::Md5, 0);
  EXPECT_FALSE(md5.key_of(bytes("short")));
  EXPECT_TRUE(md5.key_of(bytes(std::string(16, 'x'))));
  Dataset ip("i", DatasetType::Ip, 0);
  auto v4 = ip.key_of(bytes(std::string_view("\x0a\x00\x00\x01", 4)));
  ASSERT_TRUE(v4);
  EXPECT_EQ(*v4, *ip.parse_line("10.0.0.1"));
  EXPECT_EQ(ip.format_key(*v4), "10.0.0.1");
  EXPECT_EQ(ip.format_key(*ip.parse_line("2001:db8::1")), "2001:db8::1");
  Dataset ipv4("i4", DatasetType::Ipv4, 0);
  EXPECT_FALSE(ipv4.parse_line("2001:db8::1"));
  EXPECT_EQ(strings.parse_line("aGVsbG8="), "hello");
  EXPECT_EQ(strings.parse_line("aGVsbG8=,42"), "hello");  // a datarep line
  EXPECT_FALSE(strings.parse_line("not base64!"));
  EXPECT_EQ(md5.format_key(*md5.parse_line("0123456789abcdef0123456789ABCDEF")), "0123456789abcdef0123456789abcdef");
}

TEST(DatasetStore, AddContainsRemove) {
  Dataset set("s", DatasetType::String, 0);
  EXPECT_FALSE(set.contains("a"));
  EXPECT_EQ(set.add("a"), Dataset::AddResult::Added);
  EXPECT_EQ(set.add("a"), Dataset::AddResult::Present);
  EXPECT_TRUE(set.contains("a"));
  EXPECT_TRUE(set.remove("a"));
  EXPECT_FALSE(set.remove("a"));
  EXPECT_EQ(set.stats().entries, 0u);
  EXPECT_EQ(set.stats().memory, 0u);
}

TEST(DatasetStore, MemcapRefusesAndCountsOverflows) {
  Dataset set("s", DatasetType::String, 200);  // room for two short entries
  EXPECT_EQ(set.add("one"), Dataset::AddResult::Added);
  EXPECT_EQ(set.add("two"), Dataset::AddResult::Added);
  EXPECT_EQ(set.add("three"), Dataset::AddResult::Overflow);
  EXPECT_FALSE(set.contains("three"));
  EXPECT_EQ(set.stats().overflows, 1u);
  EXPECT_TRUE(set.remove("one"));
  EXPECT_EQ(set.add("three"), Dataset::AddResult::Added);
}

TEST(DatasetStore, ConcurrentAddsFromWorkersAllLand) {
  Dataset set("s", DatasetType::String, 0);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&set, w] {
      for (int i = 0; i < 500; ++i) {
        set.add(fmt::format("v{}", i));  // every worker adds the same values
        EXPECT_TRUE(set.contains(fmt::format("v{}", i)));
        set.add(fmt::format("w{}-{}", w, i));
      }
    });
  for (auto& t : workers) t.join();
  EXPECT_EQ(set.stats().entries, 500u + 4 * 500u);
}

TEST(DatasetStore, LoadAndSaveUseSuricatasFormats) {
  TempDir dir;
  Dataset strings("s", DatasetType::String, 0);
  ASSERT_TRUE(strings.load(dir.write("s.lst", "ZXZpbC5leGFtcGxl\n\nYmFkLmV4YW1wbGU=\n")));
  EXPECT_TRUE(strings.contains("evil.example"));
  EXPECT_TRUE(strings.contains("bad.example"));
  ASSERT_TRUE(strings.save(dir.file("out.lst")));
  EXPECT_EQ(TempDir::read(dir.file("out.lst")), "YmFkLmV4YW1wbGU=\nZXZpbC5leGFtcGxl\n");

  Dataset ips("i", DatasetType::Ip, 0);
  ASSERT_TRUE(ips.load(dir.write("i.lst", "192.0.2.1\n2001:db8::5\n")));
  ASSERT_TRUE(ips.save(dir.file("i.out")));
  EXPECT_EQ(TempDir::read(dir.file("i.out")), "192.0.2.1\n2001:db8::5\n");
}

TEST(DatasetStore, BadFileLineIsNamed) {
  TempDir dir;
  Dataset sha("h", DatasetType::Sha256, 0);
  auto path = dir.write("h.lst", std::string(64, 'a') + "\nzz\n");
  auto loaded = sha.load(path);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().find(path + ":2:"), std::string::npos) << loaded.error();
  EXPECT_FALSE(sha.load(dir.file("missing.lst")));
}

TEST(DatasetRegistry, SharesSetsByNameAndChecksTypes) {
  TempDir dir;
  DatasetRegistry registry;
  auto a = registry.open({"shared", DatasetType::String, "", "", 0});
  auto b = registry.open({"shared", DatasetType::String, "", dir.file("shared.lst"), 0});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get(), b->get());
  EXPECT_FALSE(registry.open({"shared", DatasetType::Md5, "", "", 0}));
  // A state file that does not exist yet is an empty set; a missing load file is an error.
  EXPECT_TRUE(registry.open({"state", DatasetType::String, dir.file("st.lst"), dir.file("st.lst"), 0}));
  EXPECT_FALSE(registry.open({"load", DatasetType::String, dir.file("none.lst"), "", 0}));
  (*a)->add("x");
  ASSERT_TRUE(registry.save_all());
  EXPECT_EQ(TempDir::read(dir.file("shared.lst")), "eA==\n");
  EXPECT_EQ(TempDir::read(dir.file("st.lst")), "");
}

TEST(DatasetRegistry, ConfigSectionDeclaresSetsBesideTheConfig) {
  TempDir dir;
  dir.write("ua.lst", "Y3VybC84LjA=\n");
  auto config = dir.write("rampart.yaml",
                          "datasets:\n  defaults:\n    memcap: 1mb\n  ua-seen:\n    type: string\n    load: ua.lst\n"
                          "  hashes:\n    type: sha256\n    state: hashes.lst\n");
  DatasetRegistry registry;
  ASSERT_TRUE(load_dataset_config(config, registry));
  auto ua = registry.open({"ua-seen", DatasetType::String, "", "", 0});
  ASSERT_TRUE(ua);
  EXPECT_TRUE((*ua)->contains("curl/8.0"));
  EXPECT_EQ(registry.sets().size(), 2u);
  auto bad = dir.write("bad.yaml", "datasets:\n  x:\n    type: blob\n");
  auto result = load_dataset_config(bad, registry);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("datasets.x"), std::string::npos) << result.error();
}

TEST(DatasetRegistry, ConfigRulesSectionSetsThePolicy) {
  TempDir dir;
  DatasetRegistry registry;
  auto defaults = load_dataset_config(dir.write("a.yaml", "datasets:\n  defaults:\n    memcap: 1mb\n"), registry);
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(defaults->allow_absolute_filenames);
  EXPECT_TRUE(defaults->allow_write);
  auto set = load_dataset_config(
      dir.write("b.yaml", "datasets:\n  rules:\n    allow-absolute-filenames: true\n    allow-write: false\n"), registry);
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->allow_absolute_filenames);
  EXPECT_FALSE(set->allow_write);
  EXPECT_TRUE(registry.sets().empty());
  EXPECT_FALSE(load_dataset_config(dir.write("c.yaml", "datasets:\n  rules:\n    allow-write: sometimes\n"), registry));
}

// Rules come from feeds: by default a save or state file stays inside the data directory.
TEST(DatasetKeyword, RulesMayNotWriteOutsideTheDataDirectory) {
  auto context = test_context();
  auto parsed = [&context](std::string_view options) {
    return parse_rule(fmt::format("alert dns any any -> any any (dns.query; dataset:isnotset,s,type string,{}; sid:1;)", options),
                      context);
  };
  EXPECT_TRUE(parsed("state seen.lst"));
  EXPECT_TRUE(parsed("load /etc/rampart/known.lst"));
  auto absolute = parsed("state /seen.lst");
  ASSERT_FALSE(absolute);
  EXPECT_EQ(absolute.error().detail, "absolute paths not allowed: /seen.lst");
  auto traversal = parsed("save lists/../../seen.lst");
  ASSERT_FALSE(traversal);
  EXPECT_EQ(traversal.error().detail, "directory traversals not allowed: lists/../../seen.lst");
  context.dataset_policy.allow_absolute_filenames = true;
  EXPECT_TRUE(parsed("state /tmp/../tmp/seen.lst"));
  context.dataset_policy.allow_write = false;
  EXPECT_FALSE(parsed("save seen.lst"));
  EXPECT_TRUE(parsed("load seen.lst"));
}

TEST(DatasetRegistry, RuleFilePathsResolveBesideTheRuleFile) {
  auto sig = parse(R"(alert dns any any -> any any (msg:"x"; dns.query; dataset:isset,rel,type string,load lists/a.lst; sid:1;))");
  ASSERT_TRUE(sig);
  resolve_dataset_paths(*sig, "/etc/rules/local.rules");
  EXPECT_EQ(sig->datasets[0].load, "/etc/rules/lists/a.lst");
}

TEST(DatasetRegistry, WrittenFilesGoToTheDataDirectory) {
  auto sig = parse(R"(alert dns any any -> any any (msg:"x"; dns.query; dataset:isnotset,s,type md5,state seen.md5; )"
                   R"(dataset:set,l,type string,load lists/a.lst,save out.lst; sid:1;))");
  ASSERT_TRUE(sig);
  auto without = *sig;
  resolve_dataset_paths(*sig, "/etc/rules/local.rules", "/var/lib/rampart");
  EXPECT_EQ(sig->datasets[0].load, "/var/lib/rampart/seen.md5");
  EXPECT_EQ(sig->datasets[0].save, "/var/lib/rampart/seen.md5");
  EXPECT_EQ(sig->datasets[1].load, "/etc/rules/lists/a.lst");
  EXPECT_EQ(sig->datasets[1].save, "/var/lib/rampart/out.lst");
  resolve_dataset_paths(without, "/etc/rules/local.rules");
  EXPECT_EQ(without.datasets[0].save, "/etc/rules/seen.md5");
}

TEST(DatasetKeyword, IssetAndIsnotsetOnTheStickyBuffer) {
  TempDir dir;
  auto list = dir.write("bad.lst", "ZXZpbC5leGFtcGxl\n");  // evil.example
  auto d = Detector();
  std::vector<InactiveRule> inactive;
  ASSERT_TRUE(d.use(rule_set({fmt::format(R"(alert dns any any -> any any (msg:"bad"; dns.query; dataset:isset,t-bad,type string,load {}; sid:1;))", list),
                              R"(alert dns any any -> any any (msg:"good"; dns.query; content:"example"; dataset:isnotset,t-bad,type string; sid:2;))"},
                             &inactive)));
  EXPECT_TRUE(inactive.empty());
  EXPECT_EQ(dns_alerts(d, "evil.example"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(dns_alerts(d, "fine.example"), (std::vector<uint32_t>{2}));
  EXPECT_EQ(dns_alerts(d, "other.test"), (std::vector<uint32_t>{}));
}

TEST(DatasetKeyword, SetMatchesOnlyOnANewValueAndIsSeenByOtherRules) {
  auto d = Detector();
  ASSERT_TRUE(d.use(rule_set({R"(alert dns any any -> any any (msg:"new"; dns.query; dataset:set,t-seen,type string; sid:1;))",
                              R"(alert dns any any -> any any (msg:"seen"; dns.query; dataset:isset,t-seen,type string; sid:2;))"})));
  EXPECT_EQ(dns_alerts(d, "a.example"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(dns_alerts(d, "a.example"), (std::vector<uint32_t>{2}));
  Detector other;  // another worker shares the set
  ASSERT_TRUE(other.use(d.rules()));
  EXPECT_EQ(dns_alerts(other, "a.example"), (std::vector<uint32_t>{2}));
}

TEST(DatasetKeyword, IpSourceAndDestinationBuffersLookUpAddresses) {
  TempDir dir;
  auto v4 = dir.write("v4.csv", "10.0.0.2\n");
  auto any = dir.write("ip.csv", "10.0.0.1\n2001:db8::1\n");
  auto d = Detector();
  std::vector<InactiveRule> inactive;
  ASSERT_TRUE(d.use(rule_set({fmt::format(R"(alert ip any any -> any any (msg:"dst"; ip.dst; dataset:isset,t-v4,type ipv4,load {}; sid:1;))", v4),
                              fmt::format(R"(alert ip any any -> any any (msg:"src"; ip.src; dataset:isset,t-ip,type ip,load {}; sid:2;))", any),
                              R"(alert ip any any -> any any (msg:"src v4"; ip.src; dataset:isset,t-v4,type ipv4; sid:3;))"},
                             &inactive)));
  EXPECT_TRUE(inactive.empty());
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{packet("x", "10.0.0.1", 1000, "10.0.0.2", 80), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2}));
  d.inspect_packet(PacketInput{packet("x", "10.0.0.2", 80, "10.0.0.1", 1000), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{3}));
  d.inspect_packet(PacketInput{packet("x", "2001:db8::1", 1000, "2001:db8::2", 80), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{2}));
}

TEST(DatasetKeyword, LooksUpTheTransformedBuffer) {
  TempDir dir;
  // md5("evil.example")
  auto list = dir.write("md5.lst", "96119eb3210daa472225fbad69fa9770\n");
  auto d = Detector();
  std::vector<InactiveRule> inactive;
  ASSERT_TRUE(d.use(rule_set({fmt::format(R"(alert dns any any -> any any (msg:"md5"; dns.query; to_md5; dataset:isset,t-md5,type md5,load {}; sid:1;))", list)},
                             &inactive)));
  EXPECT_TRUE(inactive.empty());
  EXPECT_EQ(dns_alerts(d, "evil.example"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(dns_alerts(d, "good.example"), (std::vector<uint32_t>{}));
}

TEST(DatasetKeyword, RuleWithoutTypeUsesTheSetTheConfigDeclared) {
  auto declared = DatasetRegistry::process().open({"t-declared", DatasetType::String, "", "", 0});
  ASSERT_TRUE(declared);
  (*declared)->add("x.example");
  std::vector<InactiveRule> inactive;
  auto d = Detector();
  ASSERT_TRUE(d.use(rule_set({R"(alert dns any any -> any any (msg:"x"; dns.query; dataset:isset,t-declared; sid:1;))",
                              R"(alert dns any any -> any any (msg:"y"; dns.query; dataset:isset,t-undeclared; sid:2;))"},
                             &inactive)));
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0].sid, 2u);
  EXPECT_EQ(dns_alerts(d, "x.example"), (std::vector<uint32_t>{1}));
}

TEST(DatasetKeyword, UnreadableLoadFileMakesTheRuleInactive) {
  std::vector<InactiveRule> inactive;
  auto set = rule_set({R"(alert dns any any -> any any (msg:"x"; dns.query; dataset:isset,t-missing,type string,load /nonexistent/x.lst; sid:7;))"},
                      &inactive);
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0].sid, 7u);
  EXPECT_NE(inactive[0].reason.find("/nonexistent/x.lst"), std::string::npos) << inactive[0].reason;
  EXPECT_EQ(set->size(), 0u);
}

}  // namespace
}  // namespace rampart::detect::testing
