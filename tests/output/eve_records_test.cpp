#include "output/eve_records.hpp"

#include "detect/variable_names.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <ctime>
#include <vector>

namespace rampart::output {
namespace {

class EveRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

TEST_F(EveRecords, FlowRecordCarriesSuricataFields) {
  flow::Flow f;
  f.flow_id = 123456789;
  f.client = *IpAddress::parse("2001:db8::1");
  f.server = *IpAddress::parse("2001:db8::2");
  f.client_port = 5555;
  f.server_port = 443;
  f.ip_proto = 6;
  f.vlan_ids = {10, 20, 0};
  f.vlan_count = 2;
  f.start_usec = 1704164645000000;
  f.last_usec = 1704164707500000;
  f.pkts = {3, 2};
  f.bytes = {300, 200};
  f.state = flow::FlowState::Established;
  std::string out;
  EveRecordWriter w;
  w.flow_record(out, f, flow::EndReason::Timeout);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["timestamp"], "2024-01-02T03:04:05.000000+0000");
  EXPECT_EQ(j["flow_id"], 123456789);
  EXPECT_EQ(j["event_type"], "flow");
  EXPECT_EQ(j["vlan"], nlohmann::json::array({10, 20}));
  EXPECT_EQ(j["src_ip"], "2001:0db8:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(j["dest_port"], 443);
  EXPECT_EQ(j["proto"], "TCP");
  EXPECT_EQ(j["flow"]["age"], 62);
  EXPECT_EQ(j["flow"]["end"], "2024-01-02T03:05:07.500000+0000");
  EXPECT_EQ(j["flow"]["state"], "established");
  EXPECT_EQ(j["flow"]["reason"], "timeout");
  EXPECT_EQ(j["flow"]["bytes_toclient"], 200);
  EXPECT_FALSE(j.contains("tcp"));  // no session was tracked
}

struct IgnoringSink final : stream::StreamSink {
  void on_data(stream::Direction, std::span<const uint8_t>) override {}
  void on_gap(stream::Direction, uint32_t) override {}
  void on_close(stream::Direction) override {}
};

nlohmann::json flow_record_json(const flow::Flow& f) {
  std::string out;
  EveRecordWriter().flow_record(out, f, flow::EndReason::Shutdown);
  return nlohmann::json::parse(out);
}

// A TCP flow picked up without its SYN names the midstream exception policy (ignore,
// as an IDS applies it); a bypassed one what came after the bypass.
TEST_F(EveRecords, FlowRecordNamesTheMidstreamPolicyAndBypassedTraffic) {
  stream::StreamConfig config{.midstream = true};
  stream::StreamMemory memory(1 << 20);
  stream::StreamStats stats;
  flow::Flow f;
  f.ip_proto = 6;
  f.pkts = {5, 4};
  f.bytes = {500, 400};
  f.tcp.emplace(config, memory, stats);
  IgnoringSink sink;
  stream::StreamEvents events;
  stream::TcpSegment ack;  // an ACK with no session before it
  ack.flags = 0x10;
  f.tcp->handle(stream::Direction::ToServer, ack, sink, events);
  f.bypassed = true;
  f.bypassed_pkts = {2, 1};
  f.bypassed_bytes = {120, 60};
  auto j = flow_record_json(f);
  EXPECT_EQ(j["flow"]["exception_policy"],
            nlohmann::json::parse(R"([{"target":"stream_midstream","policy":"ignore"}])"));
  EXPECT_EQ(j["flow"]["pkts_toserver"], 5);
  EXPECT_EQ(j["flow"]["bypassed"], nlohmann::json::parse(
                                       R"({"pkts_toserver":2,"pkts_toclient":1,"bytes_toserver":120,"bytes_toclient":60})"));
  EXPECT_EQ(j["flow"]["state"], "bypassed");
  EXPECT_EQ(j["tcp"]["ts_max_regions"], 1);
  EXPECT_EQ(j["tcp"]["tc_max_regions"], 1);
}

TEST_F(EveRecords, NetflowRecordsDescribeOneDirectionEach) {
  flow::Flow f;
  f.flow_id = 42;
  f.client = *IpAddress::parse("10.0.0.1");
  f.server = *IpAddress::parse("10.0.0.2");
  f.client_port = 5555;
  f.server_port = 53;
  f.ip_proto = 17;
  f.start_usec = 1704164645000000;
  f.last_usec = 1704164647000000;
  f.pkts = {3, 2};
  f.bytes = {300, 200};
  f.min_ttl = {60, 52};
  f.max_ttl = {64, 57};
  std::string out;
  EveRecordWriter w;
  w.netflow_record(out, f, stream::Direction::ToClient);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["event_type"], "netflow");
  EXPECT_EQ(j["src_ip"], "10.0.0.2");
  EXPECT_EQ(j["src_port"], 53);
  EXPECT_EQ(j["dest_port"], 5555);
  EXPECT_EQ(j["netflow"]["pkts"], 2);
  EXPECT_EQ(j["netflow"]["bytes"], 200);
  EXPECT_EQ(j["netflow"]["age"], 2);
  EXPECT_EQ(j["netflow"]["min_ttl"], 52);
  EXPECT_EQ(j["netflow"]["max_ttl"], 57);
  EXPECT_FALSE(j.contains("spi"));
}

TEST_F(EveRecords, EspFlowsNameTheirSpiAndHaveNoPorts) {
  decode::Packet pkt;
  pkt.ip_version = 4;
  pkt.src = *IpAddress::parse("190.0.0.1");
  pkt.dst = *IpAddress::parse("190.0.0.2");
  pkt.ip_proto = 50;
  pkt.l4 = decode::L4Proto::Esp;
  pkt.esp_spi = 321;
  flow::Flow f;
  f.key = flow::make_flow_key(pkt);
  f.client = pkt.src;
  f.server = pkt.dst;
  f.ip_proto = 50;
  f.pkts = {2, 0};
  std::string out;
  EveRecordWriter w;
  w.flow_record(out, f, flow::EndReason::Shutdown);
  w.netflow_record(out += '\n', f, stream::Direction::ToServer);
  auto newline = out.find('\n');
  for (auto text : {out.substr(0, newline), out.substr(newline + 1)}) {
    auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["spi"], 321) << text;
    EXPECT_EQ(j["proto"], "ESP") << text;
    EXPECT_FALSE(j.contains("src_port")) << text;
  }
}

TEST_F(EveRecords, AnomalyRecordForPacketWithoutIpHasNoAddresses) {
  decode::Packet pkt;
  pkt.ts_usec = 1704164645000001;
  pkt.pcap_cnt = 7;
  std::string out;
  EveRecordWriter w;
  w.anomaly_record(out, pkt, nullptr, "decode", "decoder.", "ethernet.pkt_too_small");
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["pcap_cnt"], 7);
  EXPECT_FALSE(j.contains("src_ip"));
  EXPECT_FALSE(j.contains("flow_id"));
  EXPECT_EQ(j["anomaly"]["type"], "decode");
  EXPECT_EQ(j["anomaly"]["event"], "decoder.ethernet.pkt_too_small");
}

TEST_F(EveRecords, AnomalyPacketHeaderIsTheFramesFirst32Bytes) {
  std::vector<uint8_t> frame(60, 'A');
  decode::Packet pkt;
  pkt.frame = frame;
  pkt.link = decode::LinkType::Ethernet;
  std::string out;
  EveRecordWriter w;
  w.anomaly_record(out, pkt, nullptr, "decode", "decoder.", "ethernet.pkt_too_small");
  EXPECT_FALSE(nlohmann::json::parse(out).contains("packet"));  // off by default, as in Suricata
  w.set_anomaly_packet_header(true);
  out.clear();
  w.anomaly_record(out, pkt, nullptr, "decode", "decoder.", "ethernet.pkt_too_small");
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["packet"], "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=");  // 32 of the 60 bytes
  EXPECT_EQ(j["packet_info"]["linktype"], 1);
  EXPECT_EQ(j["packet_info"]["linktype_name"], "EN10MB");
}

// Suricata's EveAddFlowVars: traffic tags by name prefix, other flowbits and the
// flowints under "metadata", on the flow record as on every other record of the flow.
TEST_F(EveRecords, FlowVariablesBecomeTrafficTagsAndMetadata) {
  flow::Flow f;
  f.ip_proto = 6;
  f.client = *IpAddress::parse("10.0.0.1");
  f.server = *IpAddress::parse("10.0.0.2");
  std::string out;
  EveRecordWriter w;
  w.flow_record(out, f, flow::EndReason::Timeout);
  EXPECT_FALSE(nlohmann::json::parse(out).contains("metadata"));
  f.detect_vars.set(detect::intern_variable_name("traffic/id/mozilla"));
  f.detect_vars.set(detect::intern_variable_name("traffic/label/browser"));
  f.detect_vars.set(detect::intern_variable_name("ET.http.javaclient"));
  f.detect_vars.set_int(detect::intern_variable_name("logins"), -2);
  out.clear();
  w.flow_record(out, f, flow::EndReason::Timeout);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["traffic"]["id"], nlohmann::json::array({"mozilla"}));
  EXPECT_EQ(j["traffic"]["label"], nlohmann::json::array({"browser"}));
  EXPECT_EQ(j["metadata"]["flowbits"], nlohmann::json::array({"ET.http.javaclient"}));
  EXPECT_EQ(j["metadata"]["flowints"]["logins"], -2);
}

// pcre captures: flowvars on the flow's metadata, the alert's pktvars beside them and
// its alert: captures in alert.context.
TEST_F(EveRecords, AlertCarriesFlowvarsPktvarsAndContext) {
  flow::Flow f;
  f.ip_proto = 6;
  f.client = *IpAddress::parse("10.0.0.1");
  f.server = *IpAddress::parse("10.0.0.2");
  f.detect_vars.set_string(detect::intern_variable_name("ubuntu"), "8.1");
  detect::CompiledRule rule;
  rule.sig.meta.sid = 2;
  detect::Alert alert;
  alert.rule = &rule;
  alert.vars = {{detect::CaptureScope::Alert, "user_agent", "Mozilla"},
                {detect::CaptureScope::Packet, "firefox", "3.0.13"},
                {detect::CaptureScope::Packet, "quote", "a\"b\x01"}};
  std::string out;
  EveRecordWriter w;
  w.alert_record(out, alert, nullptr, &f, nullptr, {}, nullptr);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["alert"]["context"], nlohmann::json({{"user_agent", "Mozilla"}}));
  EXPECT_EQ(j["metadata"]["flowvars"], nlohmann::json::array({{{"ubuntu", "8.1"}}}));
  EXPECT_EQ(j["metadata"]["pktvars"], nlohmann::json::array({{{"firefox", "3.0.13"}}, {{"quote", "a\"b\x01"}}}));
  out.clear();
  w.flow_record(out, f, flow::EndReason::Timeout);
  j = nlohmann::json::parse(out);
  EXPECT_EQ(j["metadata"]["flowvars"], nlohmann::json::array({{{"ubuntu", "8.1"}}}));
  EXPECT_FALSE(j["metadata"].contains("pktvars"));
}

struct ZFlagMessage final : proto::EveFields {
  void write(JsonWriter& w) const override { w.begin_object("dns").field("z", true).end_object(); }
};

// A DNS event belongs to its message: the anomaly names the transaction, and
// the members an alert on it carries are the message's object.
TEST_F(EveRecords, TransactionEventsNameTheirTransaction) {
  flow::Flow f;
  f.flow_id = 9;
  f.ip_proto = 17;
  f.client = *IpAddress::parse("10.0.0.1");
  f.server = *IpAddress::parse("10.0.0.2");
  std::string out;
  EveRecordWriter w;
  w.applayer_anomaly_record(out, f, nullptr, "z_flag_set", 3);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["tx_id"], 3);
  EXPECT_EQ(j["anomaly"]["event"], "z_flag_set");
  out.clear();
  w.applayer_anomaly_record(out, f, nullptr, "gap");
  EXPECT_FALSE(nlohmann::json::parse(out).contains("tx_id"));
  w.render_alert_transaction(out, ZFlagMessage{});
  EXPECT_EQ(out, R"("dns":{"z":true})");
}

TEST(IpProtoName, NamesKnownProtocolsAndNumbersTheRest) {
  char scratch[4];
  EXPECT_EQ(ip_proto_name(58, scratch), "IPv6-ICMP");
  EXPECT_EQ(ip_proto_name(47, scratch), "GRE");
  EXPECT_EQ(ip_proto_name(253, scratch), "253");
}

}  // namespace
}  // namespace rampart::output
