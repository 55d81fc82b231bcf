#pragma once
// The FTP control-channel parser of one flow (RFC 959): one transaction per
// client command, completed by the server's first reply that is not a 1xx
// preliminary reply, and one for the server's greeting. Commands may be sent
// ahead of their replies (matched in order). Lines are kept up to 4096 bytes
// (app-layer.protocols.ftp.max-line-length): longer ones are truncated, flagged
// and reported as Suricata's request_command_too_long / response_command_too_long,
// events of their transaction. At most 256
// transactions wait for a reply (too_many_transactions beyond). The data
// channel's port is recorded from PASV, EPSV, PORT and EPRT; once agreed (227,
// 229, or 200 to PORT/EPRT) it is announced to the flow's expectation table, with
// the transfer command that follows (RETR, STOR, LIST, NLST, APPE, STOU). PORT and
// EPRT naming another address than the client's are flagged as bounces.
// A 234 reply to AUTH TLS (or SSL, RFC 4217) hands the flow over to TLS.
#include <deque>
#include <memory>
#include <optional>

#include "proto/app_parser.hpp"
#include "proto/flow_context.hpp"
#include "proto/ftp/ftp_transaction.hpp"
#include "proto/smtp/line_frames.hpp"
#include "proto/smtp/line_reader.hpp"

namespace rampart::proto::ftp {

class FtpParser final : public AppParser {
 public:
  FtpParser();
  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink& sink) override;
  std::string_view upgrade() const override { return tls_started_ ? "tls" : ""; }
  // Takes the flow's endpoints and the configured line length.
  void attach(const FlowContext& context) override;

 private:
  void on_command(const text::Line& line, EventSink& sink);
  void on_reply(const text::Line& line, EventSink& sink);
  FtpTransaction& replied_transaction();
  void complete(FtpTransaction& tx, int code, EventSink& sink);
  void log(const FtpTransaction& tx, EventSink& sink);
  void offer_port(FtpTransaction& tx, std::optional<IpAddress> address, std::optional<uint16_t> port);
  void announce_data_channel(const FtpTransaction& tx);
  void name_data_channel(const FtpTransaction& tx);

  text::LineReader commands_, replies_;
  text::LineFrames command_frames_{"ftp.command_line", Direction::ToServer};
  text::LineFrames reply_frames_{"ftp.response_line", Direction::ToClient};
  std::deque<FtpTransaction> awaiting_reply_;
  std::optional<FtpTransaction> unsolicited_;  // replies to no command: the greeting
  std::optional<int> multiline_code_;          // inside "ddd-" ... "ddd " lines
  bool greeted_ = false;
  bool done_ = false;
  bool tls_started_ = false;
  uint64_t next_tx_id_ = 0;
  std::optional<FlowContext> context_;
  // The data channel announced last, until a transfer command claims it.
  std::shared_ptr<DataChannel> unclaimed_channel_;
};

std::unique_ptr<AppParser> make_ftp_parser(bool over_tcp);

}  // namespace rampart::proto::ftp
