// FTP data channels: the control parser announces them to the expectation table
// (PASV/EPSV replies, accepted PORT/EPRT), names the transfer command and flags
// bounces; a flow that takes an expectation is ftp-data from its first byte, and
// its parser counts and keeps the transferred bytes and logs one ftp_data record,
// and the file of a RETR or STOR in a fileinfo record.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "buffer_capture.hpp"
#include "proto/app_layer.hpp"
#include "proto/flow_context.hpp"
#include "proto/ftp_data/ftp_data_parser.hpp"

namespace rampart::proto {
namespace {

using buffer_test::BufferSink;
using buffer_test::Values;
using nlohmann::json;

constexpr uint64_t kNow = 1'700'000'000'000'000ULL;
const IpAddress kClient = *IpAddress::parse("172.23.0.3");
const IpAddress kServer = *IpAddress::parse("172.23.0.2");

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

class JsonSink final : public EventSink {
 public:
  void transaction(std::string_view event_type, uint64_t, LogDirection, const EveFields& fields) override {
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    fields.write(w);
    w.end_object();
    types.emplace_back(event_type);
    records.push_back(json::parse(text));
  }
  void anomaly(std::string_view) override {}
  std::vector<std::string> types;
  std::vector<json> records;
};

// One flow through the application layer, attached as the worker attaches it.
struct TestFlow {
  TestFlow(ExpectationTable& table, IpAddress client, IpAddress server, uint16_t client_port, uint16_t server_port)
      : app(true, server_port) {
    app.attach({client, server, client_port, server_port, client_port, &now, &table, {}}, stats);
  }
  void send(Direction dir, std::string_view text, EventSink& sink) { app.on_data(dir, bytes(text), sink, stats); }

  uint64_t now = kNow;
  AppLayerStats stats;
  AppLayer app;
};

constexpr Direction C = Direction::ToServer, S = Direction::ToClient;

size_t ftp_data_index() {
  const auto& protocols = registered_protocols();
  for (size_t i = 0; i < protocols.size(); ++i)
    if (protocols[i].name == "ftp-data") return i;
  ADD_FAILURE() << "ftp-data is not registered";
  return 0;
}

void login(TestFlow& control, EventSink& sink) {
  control.send(S, "220 FTP Sandbox Ready.\r\n", sink);
  control.send(C, "USER bob\r\n", sink);
  control.send(S, "331 Please specify the password.\r\n", sink);
  control.send(C, "PASS password\r\n", sink);
  control.send(S, "230 Login successful.\r\n", sink);
}

TEST(FtpData, PassiveModeTheClientConnectsToTheAnnouncedPort) {
  ExpectationTable table;
  JsonSink sink;
  TestFlow control(table, kClient, kServer, 41790, 21);
  login(control, sink);
  control.send(C, "PASV\r\n", sink);
  control.send(S, "227 Entering Passive Mode (172,23,0,2,82,9).\r\n", sink);
  EXPECT_EQ(table.stats().added, 1u);
  EXPECT_FALSE(table.take(kServer, kClient, 21001, kNow)) << "the server does not connect in passive mode";

  TestFlow data(table, kClient, kServer, 41928, 82 * 256 + 9);
  EXPECT_EQ(data.app.app_proto(), "ftp-data") << "no probing";
  EXPECT_EQ(data.stats.flows_tcp[ftp_data_index()], 1u);
  control.send(C, "RETR index.html\r\n", sink);  // the command may follow the connection
  data.send(S, "root:x:0:0:root:/root:/bin/bash\n", sink);
  control.send(S, "150 Opening data connection.\r\n226 Transfer complete.\r\n", sink);
  data.app.finish(sink, data.stats);
  ASSERT_EQ(sink.types.back(), "ftp_data");
  EXPECT_EQ(sink.records.back(), (json{{"ftp_data", {{"filename", "index.html"}, {"command", "RETR"}}}}));

  TestFlow again(table, kClient, kServer, 41929, 82 * 256 + 9);
  EXPECT_NE(again.app.app_proto(), "ftp-data") << "an expectation serves one flow";
  auto stats = table.stats();
  EXPECT_EQ(stats.taken, 1u);
  EXPECT_EQ(stats.active, 0u);
}

TEST(FtpData, ActiveModeTheServerConnectsToTheClientsPort) {
  ExpectationTable table;
  JsonSink sink;
  TestFlow control(table, kClient, kServer, 58252, 21);
  login(control, sink);
  control.send(C, "PORT 172,23,0,3,174,127\r\n", sink);
  EXPECT_EQ(table.stats().added, 0u) << "announced only once the server accepts it";
  control.send(S, "200 PORT command successful.\r\n", sink);
  control.send(C, "STOR upload.bin\r\n", sink);
  TestFlow data(table, kServer, kClient, 20, 174 * 256 + 127);
  EXPECT_EQ(data.app.app_proto(), "ftp-data");
  data.send(C, "uploaded bytes", sink);
  data.app.finish(sink, data.stats);
  EXPECT_EQ(sink.records.back(), (json{{"ftp_data", {{"filename", "upload.bin"}, {"command", "STOR"}}}}));
}

TEST(FtpData, EpsvAndEprtAnnounceTooButRefusedPortsDoNot) {
  ExpectationTable table;
  JsonSink sink;
  TestFlow control(table, kClient, kServer, 40000, 21);
  login(control, sink);
  control.send(C, "PORT 172,23,0,3,4,1\r\n", sink);
  control.send(S, "500 Illegal PORT command.\r\n", sink);
  EXPECT_EQ(table.stats().added, 0u);
  control.send(C, "EPSV\r\n", sink);
  control.send(S, "229 Entering Extended Passive Mode (|||58612|)\r\n", sink);
  control.send(C, "EPRT |1|172.23.0.3|34325|\r\n", sink);
  control.send(S, "200 EPRT command successful.\r\n", sink);
  EXPECT_TRUE(table.take(kClient, kServer, 58612, kNow));
  auto active = table.take(kServer, kClient, 34325, kNow);
  ASSERT_TRUE(active);
  EXPECT_EQ(active->control_flow_id, 40000u);
}

TEST(FtpData, PortNamingAnotherHostIsABounce) {
  ExpectationTable table;
  BufferSink sink({"ftpbounce"});
  TestFlow control(table, kClient, kServer, 58316, 21);
  login(control, sink);
  control.send(C, "PORT 172,23,0,3,232,157\r\n", sink);
  control.send(S, "200 PORT command successful.\r\n", sink);
  control.send(C, "PORT 10,0,0,9,0,80\r\n", sink);
  control.send(S, "200 PORT command successful.\r\n", sink);
  control.send(C, "EPRT |1|192.0.2.1|80|\r\n", sink);
  control.send(S, "200 EPRT command successful.\r\n", sink);
  control.send(C, "EPRT |2|2001:db8::1|80|\r\n", sink);
  control.send(S, "200 EPRT command successful.\r\n", sink);
  control.send(C, "PASV\r\n", sink);
  control.send(S, "227 Entering Passive Mode (10,0,0,9,0,80).\r\n", sink);
  ASSERT_EQ(sink.transactions.size(), 8u);  // the greeting, USER, PASS and five
  EXPECT_EQ(sink.transactions[3]["ftpbounce"], Values{}) << "the client's own address";
  EXPECT_EQ(sink.transactions[4]["ftpbounce"], Values{"yes"});
  EXPECT_EQ(sink.transactions[5]["ftpbounce"], Values{"yes"});
  EXPECT_EQ(sink.transactions[6]["ftpbounce"], Values{"yes"});
  EXPECT_EQ(sink.transactions[7]["ftpbounce"], Values{}) << "a 227 reply's address is the server's business";
}

TEST(FtpDataParser, CountsBothWaysAndKeepsTheFirst64KiB) {
  ftp_data::FtpDataParser parser;
  BufferSink sink({"file.data", "file.name", "ftpdata_command"});
  std::string chunk(40000, 'x');
  parser.parse(S, bytes(chunk), sink);
  parser.parse(S, bytes(chunk), sink);
  parser.parse(C, bytes("ack"), sink);
  const auto& transfer = parser.transfer();
  EXPECT_EQ(transfer.bytes[0], 3u);
  EXPECT_EQ(transfer.bytes[1], 80000u);
  EXPECT_EQ(transfer.data.size(), ftp_data::FtpDataParser::kMaxData);
  EXPECT_TRUE(transfer.truncated);
  parser.finish(sink);
  parser.finish(sink);
  ASSERT_EQ(sink.transactions.size(), 1u) << "one record, however often the flow ends";
  EXPECT_EQ(sink.types[0], "ftp_data");
  EXPECT_EQ(sink.transactions[0]["file.data"][0].size(), ftp_data::FtpDataParser::kMaxData);
  EXPECT_EQ(sink.transactions[0]["file.name"], Values{}) << "no control channel named it";
  EXPECT_EQ(sink.transactions[0]["ftpdata_command"], Values{});
}

// An active-mode download goes to the server of the data connection (the FTP
// server connects to the client): a rule sees file.data only from that side.
TEST(FtpDataParser, FileDataIsOnTheSideTheFileWent) {
  for (Direction way : {C, S}) {
    ftp_data::FtpDataParser parser;
    BufferSink sink({"file.data", "ftpdata_command"});
    parser.parse(way, bytes("root:x:0:0"), sink);
    parser.finish(sink);
    ASSERT_EQ(sink.sides[0].size(), 1u);
    size_t there = static_cast<size_t>(way), other = 1 - there;
    EXPECT_EQ(sink.sides[there][0]["file.data"], Values{"root:x:0:0"});
    EXPECT_EQ(sink.sides[other][0]["file.data"], Values{});
  }
}

TEST(FtpDataParser, FileDataStopsAtAGap) {
  ftp_data::FtpDataParser parser;
  JsonSink sink;
  parser.parse(S, bytes("first "), sink);
  parser.gap(S, 100, sink);
  parser.parse(S, bytes("after the hole"), sink);
  EXPECT_EQ(parser.transfer().data, "first ");
  EXPECT_EQ(parser.transfer().bytes[1], 6u + 100u + 14u);
  EXPECT_TRUE(parser.transfer().truncated);
  parser.finish(sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0], (json{{"ftp_data", json::object()}}));
}

// Keeps each fileinfo record as written, with the direction that heads it.
class FileSink final : public EventSink {
 public:
  void transaction(std::string_view, uint64_t, LogDirection, const EveFields&) override {}
  void anomaly(std::string_view) override {}
  void file(uint64_t, const EveFields& fields) override {
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    fields.write(w);
    w.end_object();
    records.push_back(json::parse(text));
    headings.push_back(fields.log_direction({}, LogDirection::Flow));
  }
  void file_opened() override { ++opened; }
  std::vector<json> records;
  std::vector<LogDirection> headings;
  int opened = 0;
};

// A data connection's parser for `command` with `argument`, announced passive or active.
struct DataFlow {
  DataFlow(bool passive, std::string command, std::string argument) {
    auto channel = std::make_shared<DataChannel>(passive);
    channel->set_use(std::move(command), std::move(argument));
    settings.file_hashes = file_hash::kSha256;
    parser.attach({.client = kClient, .server = kServer, .client_port = 40000, .server_port = 20, .flow_id = 1,
                   .now_usec = nullptr, .expectations = nullptr, .channel = channel, .settings = &settings,
                   .midstream = false});
  }
  AppLayerSettings settings;
  ftp_data::FtpDataParser parser;
  FileSink sink;
};

TEST(FtpDataFile, APassiveRetrIsAFileToTheClientHeadedByTheServer) {
  DataFlow flow(true, "RETR", "notes.txt");
  flow.parser.parse(C, bytes("not the file"), flow.sink);
  EXPECT_EQ(flow.sink.opened, 0) << "bytes the other way open no file";
  flow.parser.parse(S, bytes("hello "), flow.sink);
  flow.parser.parse(S, bytes("world"), flow.sink);
  flow.parser.finish(flow.sink);
  EXPECT_EQ(flow.sink.opened, 1);
  ASSERT_EQ(flow.sink.records.size(), 1u);
  EXPECT_EQ(flow.sink.records[0],
            (json{{"app_proto", "ftp-data"},
                  {"fileinfo",
                   {{"filename", "notes.txt"},
                    {"gaps", false},
                    {"state", "CLOSED"},
                    {"sha256", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"},
                    {"stored", false},
                    {"size", 11},
                    {"tx_id", 0}}}}));
  EXPECT_EQ(flow.sink.headings[0], LogDirection::FromServer);
}

// Active mode: the FTP server opens the data connection, so a download goes to
// that connection's server and an upload to its client.
TEST(FtpDataFile, ActiveModeTurnsTheFilesWayRound) {
  DataFlow download(false, "RETR", "a.bin");
  download.parser.parse(S, bytes("ignored"), download.sink);
  download.parser.parse(C, bytes("data"), download.sink);
  download.parser.finish(download.sink);
  ASSERT_EQ(download.sink.records.size(), 1u);
  EXPECT_EQ(download.sink.records[0]["fileinfo"]["size"], 4);
  EXPECT_EQ(download.sink.headings[0], LogDirection::Flow);

  DataFlow upload(false, "STOR", "b.bin");
  upload.parser.parse(S, bytes("up"), upload.sink);
  upload.parser.finish(upload.sink);
  ASSERT_EQ(upload.sink.records.size(), 1u);
  EXPECT_EQ(upload.sink.records[0]["fileinfo"]["filename"], "b.bin");
  EXPECT_EQ(upload.sink.headings[0], LogDirection::FromServer);
}

TEST(FtpDataFile, AGapOrTheDepthEndsTheFileTruncated) {
  for (bool depth : {false, true}) {
    DataFlow flow(true, "STOR", "up.bin");
    flow.parser.parse(C, bytes("abc"), flow.sink);
    if (depth)
      flow.parser.truncate(C, flow.sink);
    else
      flow.parser.gap(C, 10, flow.sink);
    flow.parser.parse(C, bytes("def"), flow.sink);
    flow.parser.finish(flow.sink);
    ASSERT_EQ(flow.sink.records.size(), 1u);
    EXPECT_EQ(flow.sink.records[0]["fileinfo"]["state"], "TRUNCATED");
    EXPECT_EQ(flow.sink.records[0]["fileinfo"]["size"], 3);
    EXPECT_EQ(flow.sink.records[0]["fileinfo"]["sha256"],
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

TEST(FtpDataFile, AListingIsNoFile) {
  DataFlow flow(true, "LIST", "");
  flow.parser.parse(S, bytes("drwxr-xr-x 2 ftp ftp 4096 pub\r\n"), flow.sink);
  flow.parser.finish(flow.sink);
  EXPECT_TRUE(flow.sink.records.empty());
  EXPECT_EQ(flow.sink.opened, 0);
}

}  // namespace
}  // namespace rampart::proto
