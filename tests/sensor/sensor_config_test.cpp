#include "sensor/sensor_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "proto/file_hasher.hpp"

namespace rampart::sensor {
namespace {

TEST(ParseSize, UnderstandsSuricataUnits) {
  EXPECT_EQ(parse_size("4096").value(), 4096u);
  EXPECT_EQ(parse_size("64mb").value(), 64u << 20);
  EXPECT_EQ(parse_size("1GB").value(), 1u << 30);
  EXPECT_EQ(parse_size("512kb").value(), 512u << 10);
  EXPECT_FALSE(parse_size("12parsecs"));
  EXPECT_FALSE(parse_size("mb"));
}

TEST(ApplySetting, AppliesImplementedKeys) {
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(apply_assignment(c, "stream.midstream=true", notes));
  ASSERT_TRUE(apply_assignment(c, "stream.reassembly.depth=50", notes));
  ASSERT_TRUE(apply_assignment(c, "flow-timeouts.tcp.established=42", notes));
  ASSERT_TRUE(apply_assignment(c, "decoder.vxlan.ports=[4789, 8472]", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.2.anomaly.types.stream=no", notes));
  ASSERT_TRUE(apply_assignment(c, "defrag.policy=first", notes));
  ASSERT_TRUE(apply_assignment(
      c, "app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit=3", notes));
  EXPECT_TRUE(c.stream.midstream);
  EXPECT_EQ(c.stream.reassembly_depth, 50u);
  EXPECT_EQ(c.flow.tcp.established_sec, 42u);
  EXPECT_EQ(c.decoder.vxlan_ports[1], 8472);
  EXPECT_FALSE(c.eve_outputs[0].eve.anomaly_stream);
  EXPECT_EQ(c.defrag.policy, decode::DefragPolicy::First);
  EXPECT_EQ(c.app_layer.http_decompress_layer_limit, 3u);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.http.libhtp.default-config.response-body-limit=1mb", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.http.libhtp.default-config.request-body-limit=8kb", notes));
  EXPECT_EQ(c.app_layer.http_response_body_limit, 1024u * 1024);
  EXPECT_EQ(c.app_layer.http_request_body_limit, 8u * 1024);
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.3.files.force-hash=[md5, sha1]", notes));
  EXPECT_EQ(c.app_layer.file_hashes, proto::file_hash::kMd5 | proto::file_hash::kSha1);
  EXPECT_FALSE(apply_assignment(c, "outputs.0.eve-log.types.3.files.force-hash=[crc]", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.3.files.force-magic=yes", notes));
  EXPECT_TRUE(c.eve_outputs[0].transaction_record_options.file_magic);
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.version=2", notes));
  EXPECT_FALSE(apply_assignment(c, "outputs.1.file-store.version=1", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.enabled=yes", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.force-filestore=yes", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.write-fileinfo=yes", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.dir=files", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.force-hash=[sha256]", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.file-store.stream-depth=100kb", notes));
  EXPECT_EQ(c.file_store.stream_depth, 100u * 1024);
  EXPECT_EQ(c.file_store.flow_depth(1 << 20), 0u) << "no deeper than stream.reassembly.depth: no effect";
  EXPECT_EQ(c.file_store.flow_depth(0), 100u * 1024) << "as Suricata, it also limits an unlimited depth";
  EXPECT_FALSE(apply_assignment(c, "outputs.1.file-store.stream-depth=lots", notes));
  EXPECT_TRUE(c.file_store.enabled && c.file_store.force && c.file_store.write_fileinfo);
  EXPECT_EQ(c.file_store.dir, "files");
  EXPECT_EQ(c.app_layer.file_hashes, proto::file_hash::kMd5 | proto::file_hash::kSha1 | proto::file_hash::kSha256);
  ASSERT_TRUE(apply_assignment(c, "packet-alert-max=32", notes));
  EXPECT_EQ(c.packet_alert_max, 32u);
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.0.alert.xff.enabled=yes", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.0.alert.xff.mode=overwrite", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.0.alert.xff.deployment=forward", notes));
  EXPECT_FALSE(apply_assignment(c, "outputs.0.eve-log.types.0.alert.xff.mode=sometimes", notes));
  EXPECT_TRUE(c.eve_outputs[0].alert_payload.xff.enabled);
  EXPECT_TRUE(c.eve_outputs[0].alert_payload.xff.overwrite);
  EXPECT_FALSE(c.eve_outputs[0].alert_payload.xff.reverse);
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.community-id=true", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.community-id-seed=7", notes));
  EXPECT_FALSE(apply_assignment(c, "outputs.0.eve-log.community-id-seed=70000", notes));
  EXPECT_TRUE(c.eve_outputs[0].eve.community_id);
  EXPECT_EQ(c.eve_outputs[0].eve.community_id_seed, 7);
  EXPECT_TRUE(notes.not_applied.empty());
}

TEST(ApplySetting, SwitchesParsedProtocolsOnAndOff) {
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.http.enabled=no", notes));
  EXPECT_NE(c.app_protocols, ~0ULL);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.http.enabled=detection-only", notes));
  EXPECT_EQ(c.app_protocols, ~0ULL);
  EXPECT_FALSE(apply_assignment(c, "app-layer.protocols.dns.enabled=perhaps", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.sip.enabled=no", notes));  // not parsed: accepted, noted
  EXPECT_EQ(notes.not_applied.back(), "app-layer.protocols.sip.enabled");
  EXPECT_TRUE(notes.not_applied.size() == 1);
}

TEST(ApplySetting, ParserSettingsOfFtpAndDetectionPorts) {
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.ftp.max-line-length=5kb", notes));
  EXPECT_EQ(c.app_layer.ftp_max_line, 5120u);
  EXPECT_FALSE(apply_assignment(c, "app-layer.protocols.ftp.max-line-length=0", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.dns.detection-ports.dp=5353", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.dns.tcp.detection-ports.dp=[53, 5353]", notes));
  ASSERT_EQ(c.app_layer.detection_ports.size(), 1u) << "the last setting of a protocol wins";
  EXPECT_EQ(c.app_layer.detection_ports[0].protocol, "dns");
  EXPECT_EQ(c.app_layer.detection_ports[0].ports, (std::array<uint16_t, 4>{53, 5353, 0, 0}));
  EXPECT_FALSE(apply_assignment(c, "app-layer.protocols.dns.detection-ports.dp=fifty", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.smtp.mime.extract-urls-schemes=[http, https]", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.smtp.mime.log-url-scheme=yes", notes));
  EXPECT_EQ(c.app_layer.smtp_urls.schemes, (std::vector<std::string>{"http", "https"}));
  EXPECT_TRUE(c.app_layer.smtp_urls.log_scheme);
  EXPECT_FALSE(apply_assignment(c, "app-layer.protocols.smtp.mime.extract-urls-schemes=[]", notes));
  EXPECT_EQ(c.app_layer.tls_encryption_handling, proto::EncryptionHandling::Default);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.tls.encryption-handling=full", notes));
  EXPECT_EQ(c.app_layer.tls_encryption_handling, proto::EncryptionHandling::Full);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.tls.encryption-handling=bypass", notes));
  EXPECT_EQ(c.app_layer.tls_encryption_handling, proto::EncryptionHandling::Bypass);
  EXPECT_FALSE(apply_assignment(c, "app-layer.protocols.tls.encryption-handling=track-only", notes));
  EXPECT_EQ(c.app_layer.ssh_encryption_handling, proto::EncryptionHandling::Default);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.ssh.encryption-handling=bypass", notes));
  EXPECT_EQ(c.app_layer.ssh_encryption_handling, proto::EncryptionHandling::Bypass);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.ssh.encryption-handling=track-only", notes));
  EXPECT_EQ(c.app_layer.ssh_encryption_handling, proto::EncryptionHandling::Default);
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.ssh.encryption-handling=full", notes));
  EXPECT_EQ(c.app_layer.ssh_encryption_handling, proto::EncryptionHandling::Full);
  EXPECT_FALSE(apply_assignment(c, "app-layer.protocols.ssh.encryption-handling=default", notes));
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.smtp.mime.body-md5=yes", notes));
  EXPECT_TRUE(c.app_layer.smtp_body_md5);
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.types.1.smtp.md5=[body, subject]", notes));
  EXPECT_TRUE(c.eve_outputs[0].transaction_record_options.smtp.body_md5 && c.eve_outputs[0].transaction_record_options.smtp.subject_md5);
  EXPECT_TRUE(c.eve_outputs[0].alert_record_options.smtp.subject_md5);
  EXPECT_FALSE(apply_assignment(c, "outputs.0.eve-log.types.1.smtp.md5=[headers]", notes));
  EXPECT_TRUE(notes.not_applied.empty());
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.dnp3.detection-ports.dp=20000", notes));
  EXPECT_EQ(notes.not_applied, std::vector<std::string>{"app-layer.protocols.dnp3.detection-ports.dp"})
      << "a protocol the sensor does not parse";
}

TEST(ApplySetting, AcceptsUnimplementedSuricataKeysAndRejectsTheRest) {
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(apply_assignment(c, "app-layer.protocols.sip.enabled=yes", notes));
  ASSERT_EQ(notes.not_applied.size(), 1u);
  EXPECT_EQ(notes.not_applied[0], "app-layer.protocols.sip.enabled");
  auto unknown = apply_assignment(c, "strem.midstream=true", notes);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown setting 'strem.midstream'"), std::string::npos);
  auto bad = apply_assignment(c, "stream.midstream=sometimes", notes);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not a boolean"), std::string::npos);
  EXPECT_FALSE(apply_assignment(c, "no-equals-sign", notes));
}

class ConfigFile : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("rampart-config-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

TEST_F(ConfigFile, AppliesKnownKeysFollowsIncludesAndIgnoresTheRest) {
  write("base.yaml", "%YAML 1.1\n---\nstream:\n  midstream: true\n  reassembly:\n    depth: 1mb\n");
  auto path = write("suricata.yaml",
                    "%YAML 1.1\n---\ninclude: base.yaml\nstream:\n  reassembly:\n    depth: 2mb\n"
                    "vars:\n  address-groups:\n    HOME_NET: \"[10.0.0.0/8]\"\n"
                    "outputs:\n  - fast:\n      enabled: yes\n  - eve-log:\n      enabled: yes\n"
                    "      types:\n        - alert\n        - flow\n        - anomaly:\n            enabled: yes\n"
                    "            types:\n              stream: yes\n");
  SensorConfig c;
  ConfigNotes notes;
  auto r = load_config_file(c, path, notes);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(c.stream.midstream);
  EXPECT_EQ(c.stream.reassembly_depth, 2u << 20);
  EXPECT_TRUE(c.eve_outputs[0].eve.flow);
  EXPECT_FALSE(c.eve_outputs[0].eve.stats);
  EXPECT_TRUE(c.eve_outputs[0].eve.anomaly);
  EXPECT_TRUE(c.eve_outputs[0].eve.anomaly_stream);
  EXPECT_FALSE(c.eve_outputs[0].eve.anomaly_decode);
}

TEST_F(ConfigFile, FrameTypeTurnsFrameRecordsOn) {
  SensorConfig c;
  ConfigNotes notes;
  EXPECT_FALSE(c.eve_outputs[0].eve.frame);
  auto path = write("frames.yaml", "outputs:\n  - eve-log:\n      types:\n        - frame:\n            enabled: yes\n");
  ASSERT_TRUE(load_config_file(c, path, notes));
  EXPECT_TRUE(c.eve_outputs[0].eve.frame);
}

TEST_F(ConfigFile, ReportsFileAndLineOfBadValuesAndSyntax) {
  SensorConfig c;
  ConfigNotes notes;
  auto bad_value = load_config_file(c, write("a.yaml", "flow:\n  memcap: lots\n"), notes);
  ASSERT_FALSE(bad_value);
  EXPECT_NE(bad_value.error().message.find("a.yaml:2"), std::string::npos) << bad_value.error().message;
  auto bad_syntax = load_config_file(c, write("b.yaml", "stream: [unclosed\n"), notes);
  ASSERT_FALSE(bad_syntax);
  EXPECT_NE(bad_syntax.error().message.find("b.yaml"), std::string::npos);
  EXPECT_FALSE(load_config_file(c, (dir / "missing.yaml").string(), notes));
}

TEST_F(ConfigFile, DnsLoggerSettingsShapeDnsRecordsNotAlerts) {
  auto path = write("dns.yaml",
                    "outputs:\n  - eve-log:\n      types:\n        - dns:\n            version: 2\n"
                    "            requests: no\n            types: [a, MX]\n            formats: [grouped]\n");
  SensorConfig c;
  ConfigNotes notes;
  auto r = load_config_file(c, path, notes);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(c.eve_outputs[0].transaction_record_options.dns.version, 2);
  EXPECT_FALSE(c.eve_outputs[0].transaction_record_options.dns.requests);
  EXPECT_TRUE(c.eve_outputs[0].transaction_record_options.dns.responses);
  EXPECT_EQ(c.eve_outputs[0].transaction_record_options.dns.rrtypes, (std::vector<uint16_t>{1, 15}));
  EXPECT_FALSE(c.eve_outputs[0].transaction_record_options.dns.detailed);
  EXPECT_EQ(c.eve_outputs[0].alert_record_options.dns.version, 3) << "alerts keep the version 3 object";
  auto bad = load_config_file(c, write("bad.yaml", "outputs:\n  - eve-log:\n      types:\n        - dns:\n"
                                                   "            types: [a, nope]\n"),
                              notes);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("nope"), std::string::npos) << bad.error().message;
}

TEST_F(ConfigFile, EachEveLogEntryIsItsOwnOutput) {
  auto path = write("outputs.yaml",
                    "outputs:\n  - eve-log:\n      filename: alerts.json\n      types:\n        - alert:\n"
                    "            payload: yes\n  - fast:\n      enabled: yes\n"
                    "  - eve-log:\n      filename: protocols.json\n      types:\n        - files\n        - ftp\n"
                    "        - dns:\n            version: 2\n");
  SensorConfig c;
  ConfigNotes notes;
  auto r = load_config_file(c, path, notes);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(c.eve_outputs.size(), 2u);
  const auto& alerts = c.eve_outputs[0];
  const auto& protocols = c.eve_outputs[1];
  EXPECT_EQ(alerts.eve.filename, "alerts.json");
  EXPECT_TRUE(alerts.eve.alert);
  EXPECT_TRUE(alerts.alert_payload.payload);
  EXPECT_FALSE(alerts.eve.flow);
  EXPECT_FALSE(alerts.eve.writes_transaction("dns"));
  EXPECT_EQ(alerts.transaction_record_options.dns.version, 3);
  EXPECT_EQ(protocols.eve.filename, "protocols.json");
  EXPECT_FALSE(protocols.eve.alert);
  EXPECT_FALSE(protocols.alert_payload.payload);
  EXPECT_TRUE(protocols.eve.writes_transaction("dns"));
  EXPECT_TRUE(protocols.eve.writes_transaction("fileinfo"));
  EXPECT_TRUE(protocols.eve.writes_transaction("ftp_data"));
  EXPECT_FALSE(protocols.eve.writes_transaction("http"));
  EXPECT_EQ(protocols.transaction_record_options.dns.version, 2);
}

TEST_F(ConfigFile, AnIncludedFilesEveLogsAreTheSameOutputsInOrder) {
  write("base.yaml", "outputs:\n  - fast:\n      enabled: yes\n  - eve-log:\n      filename: base.json\n"
                     "      community-id: yes\n");
  auto path = write("main.yaml", "include: base.yaml\noutputs:\n  - eve-log:\n      types:\n        - alert:\n"
                                 "            payload: yes\n  - eve-log:\n      filename: second.json\n");
  SensorConfig c;
  ConfigNotes notes;
  auto r = load_config_file(c, path, notes);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(c.eve_outputs.size(), 2u);
  EXPECT_EQ(c.eve_outputs[0].eve.filename, "base.json");
  EXPECT_TRUE(c.eve_outputs[0].eve.community_id);
  EXPECT_TRUE(c.eve_outputs[0].alert_payload.payload);
  EXPECT_FALSE(c.eve_outputs[0].eve.flow);
  EXPECT_EQ(c.eve_outputs[1].eve.filename, "second.json");
  ASSERT_TRUE(apply_assignment(c, "outputs.0.eve-log.filename=first.json", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.1.eve-log.enabled=no", notes));
  EXPECT_EQ(c.eve_outputs[0].eve.filename, "first.json") << "--set indexes the last file's outputs list";
  EXPECT_FALSE(c.eve_outputs[1].eve.enabled);
}

TEST(ApplySetting, EveLogIndexSelectsTheOutput) {
  SensorConfig c;
  ConfigNotes notes;
  ASSERT_TRUE(apply_assignment(c, "outputs.2.eve-log.filename=first.json", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.5.eve-log.filename=second.json", notes));
  ASSERT_TRUE(apply_assignment(c, "outputs.2.eve-log.types.0.alert.payload=yes", notes));
  ASSERT_EQ(c.eve_outputs.size(), 2u);
  EXPECT_EQ(c.eve_outputs[0].eve.filename, "first.json");
  EXPECT_TRUE(c.eve_outputs[0].alert_payload.payload);
  EXPECT_EQ(c.eve_outputs[1].eve.filename, "second.json");
  EXPECT_FALSE(c.eve_outputs[1].alert_payload.payload);
  EXPECT_TRUE(c.eve_outputs[1].eve.writes_transaction("http")) << "no types list: every transaction type";
}

TEST(ApplyEnvironment, DnsVersionOverridesTheConfiguration) {
  SensorConfig c;
  ASSERT_TRUE(apply_environment(c, nullptr));
  EXPECT_EQ(c.eve_outputs[0].transaction_record_options.dns.version, 3);
  ASSERT_TRUE(apply_environment(c, "2"));
  EXPECT_EQ(c.eve_outputs[0].transaction_record_options.dns.version, 2);
  auto bad = apply_environment(c, "7");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("SURICATA_EVE_DNS_VERSION"), std::string::npos);
}

}  // namespace
}  // namespace rampart::sensor
