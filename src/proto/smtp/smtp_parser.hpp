#pragma once
// The SMTP application parser of one flow (RFC 5321): the client's commands,
// including pipelined ones (RFC 2920), the message after DATA or in BDAT chunks
// (RFC 3030), and the server's replies matched to the commands in order. One
// "smtp" record per mail transaction (MAIL FROM to the end of the message, or
// what was open at RSET, STARTTLS or the end of the flow). After a 220 reply to
// STARTTLS the session is encrypted: the parser hands the flow over to TLS
// (upgrade() is "tls") and reads no more. Anomalies carry the
// names of Suricata's smtp-events.rules (INVALID_REPLY, TLS_REJECTED, ...).
// As Suricata inspects a direction's transactions on that direction's packets, a
// mail the server's ACK completes is logged on that ACK, and its rules run and its
// attachments' fileinfo records are written on the client's next packet.
#include <deque>
#include <memory>
#include <optional>

#include "proto/app_parser.hpp"
#include "proto/flow_context.hpp"
#include "proto/smtp/line_frames.hpp"
#include "proto/smtp/line_reader.hpp"
#include "proto/smtp/smtp_message.hpp"
#include "proto/smtp/smtp_transaction.hpp"

namespace rampart::proto::smtp {

class SmtpParser final : public AppParser {
 public:
  SmtpParser();
  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink& sink) override;
  // The client's stream reached the depth: the message ends with the part of its
  // line that came (its base64 decoded, as Suricata 7's fix of bug 6367 does),
  // its attachment truncated, and the mail is logged.
  void truncate(Direction dir, EventSink& sink) override;
  // Runs the rules of the mails logged when the server's ACK handed over their end,
  // and logs their attachments.
  void inspect_deferred(Direction side, EventSink& sink) override;
  std::string_view upgrade() const override { return tls_started_ ? "tls" : ""; }
  // Takes the configured URL extraction and body MD5 (app-layer.protocols.smtp.mime) and file digests.
  void attach(const FlowContext& context) override;

 private:
  // What a reply answers, where it matters.
  enum class Command : uint8_t { Other, Data, StartTls };
  enum class ClientMode : uint8_t { Commands, Data, Bdat };

  bool parse_client(std::span<const uint8_t> bytes, EventSink& sink);
  bool parse_server(std::span<const uint8_t> bytes, EventSink& sink);
  void on_command(std::string_view line, EventSink& sink);
  void start_bdat(std::string_view argument, EventSink& sink);
  void on_data_line(const text::Line& line, EventSink& sink);
  void read_bdat(std::span<const uint8_t>& bytes, EventSink& sink);
  bool on_reply(std::string_view line, EventSink& sink);
  void on_final_reply(int code, EventSink& sink);
  void expect_reply(Command command, EventSink& sink);
  void reply_anomaly(std::string_view event, EventSink& sink);
  void end_message(EventSink& sink);
  void log(EventSink& sink);
  void log_files(const SmtpTransaction& mail, EventSink& sink);
  // Runs the rules of a logged mail whose rules waited, and logs its attachments.
  void inspect(const SmtpTransaction& mail, EventSink& sink);
  void log_session_if_silent(EventSink& sink);
  void stop(EventSink& sink);
  SmtpTransaction& tx();

  text::LineReader commands_, replies_;
  text::LineFrames command_frames_{"smtp.command_line", Direction::ToServer};
  text::LineFrames reply_frames_{"smtp.response_line", Direction::ToClient};
  mime::UrlOptions url_options_;
  uint8_t file_hashes_ = 0;
  FileStore* file_store_ = nullptr;
  bool body_md5_ = false;
  ClientMode mode_ = ClientMode::Commands;
  uint64_t bdat_left_ = 0;
  bool bdat_last_ = false;
  std::string helo_;
  std::optional<SmtpTransaction> tx_;
  // Logged mails whose rules and fileinfo records wait for the client's next packet
  // (EventSink::defers_side).
  std::deque<SmtpTransaction> rules_pending_;
  bool parsing_client_ = false;
  std::unique_ptr<MessageReader> message_;
  std::unique_ptr<text::LineReader> bdat_lines_;
  std::deque<Command> awaiting_reply_;
  uint64_t next_tx_id_ = 0;
  bool greeted_ = false;  // the server's first reply (its greeting) was read
  bool client_spoke_ = false;
  bool done_ = false;     // encrypted after STARTTLS, or bytes were lost
  bool failed_ = false;   // invalid input: parsing ended with an anomaly
  bool tls_started_ = false;
};

std::unique_ptr<AppParser> make_smtp_parser(bool over_tcp);

}  // namespace rampart::proto::smtp
