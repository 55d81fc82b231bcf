// The uploader over https: against a stand-in HTTPS endpoint (tls_sink.py) with a
// self-signed certificate made by the openssl CLI for IP 127.0.0.1. With that
// certificate as center.ca-file every event arrives; without it, or under a host
// name the certificate does not carry, the handshake is refused and nothing is sent.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "integration/run_sense.hpp"

extern char** environ;

namespace rampart::testing {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TlsSink {
 public:
  explicit TlsSink(const fs::path& dir) : out_(dir / "received.txt") {
    fs::path script = fs::path(RAMPART_TEST_SOURCES) / "integration" / "tls_sink.py";
    std::string cmd = "exec python3 '" + script.string() + "' '" + (dir / "cert.pem").string() + "' '" +
                      (dir / "key.pem").string() + "' '" + out_.string() + "' >'" + (dir / "port").string() + "'";
    std::vector<std::string> words{"/bin/sh", "-c", cmd};
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
    for (int i = 0; i < 200 && pid_ > 0 && port_ == 0; ++i) {
      std::string text = read_text(dir / "port");
      if (!text.empty() && text.back() == '\n') port_ = static_cast<uint16_t>(std::stoi(text));
      else std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~TlsSink() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  TlsSink(const TlsSink&) = delete;
  TlsSink& operator=(const TlsSink&) = delete;

  uint16_t port() const { return port_; }
  // Per received batch: "PATH BATCH-ID Bearer TOKEN LINES".
  std::vector<std::string> received() const {
    std::vector<std::string> out;
    std::istringstream in(read_text(out_));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  fs::path out_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

class CenterUploadTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rampart-upload-tls-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                      "-addext subjectAltName=IP:127.0.0.1 -keyout '" + (dir_ / "key.pem").string() + "' -out '" +
                      (dir_ / "cert.pem").string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  void TearDown() override { fs::remove_all(dir_); }

  SenseRun upload(const std::string& url, const std::string& extra) {
    return run_sense(data_path("alert_session.pcap"),
                     "--workers 1 --center " + url + " --token rpt_test --set center.batch-events=4 "
                     "--set center.drain-timeout=500ms --set center.spool-dir='" + (dir_ / "spool").string() + "' " +
                         extra);
  }

  fs::path dir_;
};

TEST_F(CenterUploadTls, UploadsOverHttpsWithTheConfiguredCa) {
  TlsSink sink(dir_);
  ASSERT_NE(sink.port(), 0);
  std::string url = "https://127.0.0.1:" + std::to_string(sink.port()) + "/prefix";
  auto run = upload(url, "--set center.ca-file='" + (dir_ / "cert.pem").string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  uint64_t lines = 0;
  std::set<std::string> batch_ids;
  for (const auto& batch : sink.received()) {
    std::istringstream in(batch);
    std::string path, id, bearer, token;
    uint64_t count = 0;
    in >> path >> id >> bearer >> token >> count;
    EXPECT_EQ(path, "/prefix/api/v1/events");
    EXPECT_EQ(token, "rpt_test");
    EXPECT_TRUE(batch_ids.insert(id).second) << id;
    lines += count;
  }
  EXPECT_EQ(lines, run.events.size());
}

TEST_F(CenterUploadTls, RefusesAnUntrustedOrMisnamedCertificate) {
  TlsSink sink(dir_);
  ASSERT_NE(sink.port(), 0);
  auto untrusted = upload("https://127.0.0.1:" + std::to_string(sink.port()), "");
  ASSERT_EQ(untrusted.exit_code, 0) << untrusted.stderr_text;
  EXPECT_NE(untrusted.stderr_text.find("TLS handshake"), std::string::npos) << untrusted.stderr_text;
  fs::remove_all(dir_ / "spool");
  auto misnamed = upload("https://localhost:" + std::to_string(sink.port()),
                         "--set center.ca-file='" + (dir_ / "cert.pem").string() + "'");
  ASSERT_EQ(misnamed.exit_code, 0) << misnamed.stderr_text;
  EXPECT_NE(misnamed.stderr_text.find("TLS handshake"), std::string::npos) << misnamed.stderr_text;
  EXPECT_TRUE(sink.received().empty());
}

}  // namespace
}  // namespace rampart::testing
