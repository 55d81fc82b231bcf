// Application-layer frames end to end: frame rules alert on the frames of an SSH
// session, with the frame and the ssh record, and `- frame` in the eve-log types
// writes a frame record per frame.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

struct FrameFiles {
  FrameFiles() {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "frames.rules")
        << "alert ssh any any -> any any (msg:\"newkeys\"; frame:ssh.record.hdr; content:\"|15|\"; endswith; "
           "bsize:6; sid:1;)\n"
           "alert ssh any any -> any 22 (msg:\"kexinit\"; frame:record.data; content:\"curve25519\"; sid:2;)\n";
    std::ofstream(dir / "frames.yaml") << "outputs:\n  - eve-log:\n      types:\n        - alert\n        - frame\n";
  }
  ~FrameFiles() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("rampart-frames-" + std::to_string(getpid()));
};

TEST(SenseFrames, RulesOnSshRecordFrames) {
  FrameFiles files;
  auto run = run_sense(data_path("ssh.pcap"), "--workers 1 -S " + (files.dir / "frames.rules").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::multiset<int> sids;
  for (const auto& alert : run.of_type("alert")) {
    sids.insert(alert["alert"]["signature_id"].get<int>());
    EXPECT_EQ(alert["frame"]["complete"], true);
    EXPECT_TRUE(alert.contains("ssh")) << alert.dump();
    if (alert["alert"]["signature_id"] == 1) {
      EXPECT_EQ(alert["frame"]["type"], "record.hdr");
    }
  }
  EXPECT_EQ(sids, (std::multiset<int>{1, 1, 2})) << "each side's NEWKEYS, the client's KEXINIT: " << run.eve_text();
  EXPECT_TRUE(run.of_type("frame").empty()) << "frame records are off by default";
}

TEST(SenseFrames, FrameRecordsWhenConfigured) {
  FrameFiles files;
  auto run = run_sense(data_path("ssh.pcap"), "--workers 1 -c " + (files.dir / "frames.yaml").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto frames = run.of_type("frame");
  ASSERT_FALSE(frames.empty()) << run.eve_text();
  std::set<std::string> types;
  for (const auto& f : frames) {
    EXPECT_EQ(f["app_proto"], "ssh");
    types.insert(f["frame"]["type"].get<std::string>());
    const bool to_server = f["frame"]["direction"] == "toserver";
    EXPECT_EQ(f["dest_port"] == 22, to_server) << f.dump();
  }
  EXPECT_EQ(types, (std::set<std::string>{"record.pdu", "record.hdr", "record.data", "stream"}));
}

}  // namespace
}  // namespace rampart::testing
