#include "proto/smtp/smtp_parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "proto/smtp/smtp_eve.hpp"

namespace rampart::proto::smtp {

namespace {

// Suricata keeps SMTP lines up to 4096 bytes; RFC 5321 4.5.3.1 allows 512 for
// command lines and reply lines.
constexpr size_t kMaxLine = 4096;
constexpr size_t kMaxCommandLine = 512;
constexpr size_t kMaxReplyLine = 512;
constexpr size_t kMaxRecipients = 256;
constexpr size_t kMaxAwaitingReplies = 256;
// Mails whose rules wait for the client's next packet; past it the oldest is inspected at once.
constexpr size_t kMaxPendingMails = 64;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// The path of "FROM:<a@b> SIZE=10" after `prefix` ("FROM:"): "<a@b>".
std::string_view path_argument(std::string_view argument, std::string_view prefix) {
  if (argument.size() < prefix.size() || upper(argument.substr(0, prefix.size())) != prefix) return {};
  std::string_view rest = trim_left(argument.substr(prefix.size()));
  return rest.substr(0, rest.find(' '));
}

// The reply codes Suricata knows (its smtp_reply_map); any other is an invalid reply.
constexpr std::array<int, 26> kKnownReplies = {211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451,
                                               452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555};

// RFC 5321 4.2: three digits, then a space, a dash (more lines follow) or the end.
std::optional<int> reply_code(std::string_view line) {
  if (line.size() < 3 || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) return std::nullopt;
  if (!std::all_of(line.begin(), line.begin() + 3, [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (std::find(kKnownReplies.begin(), kKnownReplies.end(), code) == kKnownReplies.end()) return std::nullopt;
  return code;
}

}  // namespace

SmtpParser::SmtpParser() : commands_(kMaxLine), replies_(kMaxLine) {}

void SmtpParser::attach(const FlowContext& context) {
  if (context.settings == nullptr) return;
  url_options_ = context.settings->smtp_urls;
  file_hashes_ = context.settings->file_hashes;
  file_store_ = context.settings->file_store;
  body_md5_ = context.settings->smtp_body_md5;
}

bool SmtpParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  if (failed_) return false;
  if (done_) return true;
  parsing_client_ = dir == Direction::ToServer;
  bool ok = parsing_client_ ? parse_client(bytes, sink) : parse_server(bytes, sink);
  parsing_client_ = false;
  if (!ok) failed_ = true;
  return ok;
}

bool SmtpParser::parse_client(std::span<const uint8_t> bytes, EventSink& sink) {
  command_frames_.arrive(bytes.size());
  while (!bytes.empty() && !done_) {
    if (mode_ == ClientMode::Bdat) {
      read_bdat(bytes, sink);
      command_frames_.pass(bytes.size());
      continue;
    }
    // The message's lines reach MIME whole, in pieces, as Suricata's do.
    auto line = mode_ == ClientMode::Data ? commands_.next_piece(bytes) : commands_.next(bytes);
    if (!line) break;
    if (line->truncated || (line->piece.continues && !line->piece.continuation)) sink.anomaly("TRUNCATED_LINE");
    if (mode_ == ClientMode::Data) {
      command_frames_.pass(bytes.size());
      on_data_line(*line, sink);
      continue;
    }
    if (line->text.size() > kMaxCommandLine) sink.anomaly("MAX_COMMAND_LINE_LEN_EXCEEDED");
    command_frames_.report(*line, bytes.size(), next_tx_id_, sink);
    on_command(line->text, sink);
  }
  return true;
}

void SmtpParser::on_command(std::string_view line, EventSink& sink) {
  client_spoke_ = true;
  std::string_view verb_text = line.substr(0, line.find(' '));
  std::string verb = upper(verb_text);
  std::string_view argument = trim_left(line.substr(verb_text.size()));
  if (verb == "HELO" || verb == "EHLO") {
    helo_ = argument;
    if (tx_) tx_->helo = helo_;
  } else if (verb == "MAIL") {
    if (tx_) log(sink);
    tx().mail_from = path_argument(argument, "FROM:");
  } else if (verb == "RCPT") {
    if (tx().rcpt_to.size() < kMaxRecipients) tx().rcpt_to.emplace_back(path_argument(argument, "TO:"));
  } else if (verb == "DATA") {
    tx().has_message = true;
    message_ = std::make_unique<MessageReader>(tx(), url_options_, file_hashes_, file_store_, body_md5_, true);
    mode_ = ClientMode::Data;
    expect_reply(Command::Data, sink);
    return;
  } else if (verb == "BDAT") {
    start_bdat(argument, sink);
  } else if (verb == "STARTTLS") {
    expect_reply(Command::StartTls, sink);
    return;
  } else if (verb == "RSET") {
    if (tx_) log(sink);
  } else if (!tx_ && next_tx_id_ > 0) {
    // As Suricata 8.0 before 8.0.7: another command after a finished mail opens a
    // transaction, so a trailing QUIT is logged, with the session's HELO.
    tx();
  }
  expect_reply(Command::Other, sink);
}

// RFC 3030 2: "BDAT <size> [LAST]"; the chunk's bytes follow the command line.
void SmtpParser::start_bdat(std::string_view argument, EventSink& sink) {
  std::string_view size_text = argument.substr(0, argument.find(' '));
  uint64_t size = 0;
  auto [end, error] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size);
  if (error != std::errc{} || end != size_text.data() + size_text.size()) {
    sink.anomaly("INVALID_BDAT");
    return;
  }
  tx().has_message = true;
  if (!message_)
    message_ = std::make_unique<MessageReader>(tx(), url_options_, file_hashes_, file_store_, body_md5_, false);
  if (!bdat_lines_) bdat_lines_ = std::make_unique<text::LineReader>(kMaxLine);
  bdat_left_ = size;
  bdat_last_ = upper(argument.substr(size_text.size())).find("LAST") != std::string::npos;
  mode_ = ClientMode::Bdat;
}

void SmtpParser::on_data_line(const text::Line& line, EventSink& sink) {
  if (line.text == "." && !line.piece.continuation && !line.piece.continues) {
    mode_ = ClientMode::Commands;
    expect_reply(Command::Other, sink);  // the server answers the message too
    end_message(sink);
    return;
  }
  if (message_) message_->line(line.text, sink, line.piece);
}

void SmtpParser::read_bdat(std::span<const uint8_t>& bytes, EventSink& sink) {
  size_t taken = static_cast<size_t>(std::min<uint64_t>(bdat_left_, bytes.size()));
  std::span<const uint8_t> chunk = bytes.first(taken);
  bytes = bytes.subspan(taken);
  bdat_left_ -= taken;
  while (auto line = bdat_lines_->next_piece(chunk))
    if (message_) message_->line(line->text, sink, line->piece);
  if (bdat_left_ > 0) return;
  mode_ = ClientMode::Commands;
  if (bdat_last_) {
    bdat_lines_.reset();
    end_message(sink);
  }
}

void SmtpParser::end_message(EventSink& sink) {
  if (message_) message_->finish(true);
  message_.reset();
  if (!tx_) return;
  tx_->message_done = true;
  log(sink);
}

void SmtpParser::expect_reply(Command command, EventSink& sink) {
  if (awaiting_reply_.size() >= kMaxAwaitingReplies) {
    sink.anomaly("INVALID_PIPELINED_SEQUENCE");
    return;
  }
  awaiting_reply_.push_back(command);
}

bool SmtpParser::parse_server(std::span<const uint8_t> bytes, EventSink& sink) {
  reply_frames_.arrive(bytes.size());
  while (!bytes.empty() && !done_) {
    auto line = replies_.next(bytes);
    if (!line) break;
    reply_frames_.report(*line, bytes.size(), next_tx_id_, sink);
    if (line->truncated || line->text.size() > kMaxReplyLine) reply_anomaly("MAX_REPLY_LINE_LEN_EXCEEDED", sink);
    if (!on_reply(line->text, sink)) return false;
  }
  return true;
}

bool SmtpParser::on_reply(std::string_view line, EventSink& sink) {
  auto code = reply_code(line);
  if (!code) {
    reply_anomaly("INVALID_REPLY", sink);
    return false;
  }
  if (line.size() > 3 && line[3] == '-') return true;  // more lines of a multiline reply follow
  on_final_reply(*code, sink);
  return true;
}

void SmtpParser::on_final_reply(int code, EventSink& sink) {
  if (!greeted_) {  // the greeting answers no command, whichever side was read first
    greeted_ = true;
    return;
  }
  if (awaiting_reply_.empty()) {
    reply_anomaly("UNABLE_TO_MATCH_REPLY_WITH_REQUEST", sink);
    return;
  }
  Command command = awaiting_reply_.front();
  awaiting_reply_.pop_front();
  if (command == Command::StartTls) {
    if (code == 220) {
      stop(sink);
      tls_started_ = true;
    } else {
      reply_anomaly("TLS_REJECTED", sink);
    }
  } else if (command == Command::Data && code != 354) {
    reply_anomaly("DATA_COMMAND_REJECTED", sink);
    if (mode_ == ClientMode::Data) mode_ = ClientMode::Commands;
    message_.reset();
  }
}

// As Suricata 8.0 before 8.0.7 ties an event to the current transaction: once a
// mail was logged and no other opened, a reply's anomaly has none and is not logged.
void SmtpParser::reply_anomaly(std::string_view event, EventSink& sink) {
  if (!tx_ && next_tx_id_ > 0) return;
  sink.anomaly(event);
}

SmtpTransaction& SmtpParser::tx() {
  if (!tx_) {
    tx_.emplace();
    tx_->id = next_tx_id_;
    tx_->helo = helo_;
  }
  return *tx_;
}

void SmtpParser::log(EventSink& sink) {
  if (!tx_) return;
  if (message_) message_->finish(false);  // a message cut short by RSET, MAIL or the end of the flow
  message_.reset();                       // it points into the transaction
  ++next_tx_id_;
  const bool defer_rules = parsing_client_ && sink.defers_side(Direction::ToServer);
  sink.transaction("smtp", tx_->id, LogDirection::Flow, SmtpFields(*tx_, defer_rules));
  if (defer_rules) {
    if (rules_pending_.size() >= kMaxPendingMails) {
      inspect(rules_pending_.front(), sink);
      rules_pending_.pop_front();
    }
    rules_pending_.push_back(std::move(*tx_));
  } else {
    log_files(*tx_, sink);
  }
  tx_.reset();
}

// Suricata logs a file on a packet of the direction that carried it.
void SmtpParser::log_files(const SmtpTransaction& mail, EventSink& sink) {
  for (const auto& attachment : mail.attachments) sink.file(mail.id, SmtpFileFields(mail, attachment));
}

void SmtpParser::inspect(const SmtpTransaction& mail, EventSink& sink) {
  sink.side_complete("smtp", mail.id, Direction::ToServer, SmtpFields(mail));
  log_files(mail, sink);
}

void SmtpParser::inspect_deferred(Direction side, EventSink& sink) {
  if (side != Direction::ToServer) return;
  for (const SmtpTransaction& mail : rules_pending_) inspect(mail, sink);
  rules_pending_.clear();
}

// A session whose client spoke but never started a mail is still logged once
// (with its HELO, if any), as Suricata logs its first transaction.
void SmtpParser::log_session_if_silent(EventSink& sink) {
  if (next_tx_id_ == 0 && !tx_ && client_spoke_) tx();
  log(sink);
}

void SmtpParser::stop(EventSink& sink) {
  if (message_) message_->finish(false);
  log_session_if_silent(sink);
  done_ = true;
}

void SmtpParser::gap(Direction, uint32_t, EventSink& sink) {
  if (!done_ && !failed_) stop(sink);
}

void SmtpParser::truncate(Direction dir, EventSink& sink) {
  if (dir != Direction::ToServer || done_ || failed_) return;
  if (mode_ == ClientMode::Data && message_)
    if (auto line = commands_.take_incomplete()) message_->line(line->text, sink, line->piece);
  stop(sink);
}

void SmtpParser::finish(EventSink& sink) {
  inspect_deferred(Direction::ToServer, sink);
  if (done_) return;
  if (message_) message_->finish(false);
  log_session_if_silent(sink);
  done_ = true;
}

std::unique_ptr<AppParser> make_smtp_parser(bool) { return std::make_unique<SmtpParser>(); }

}  // namespace rampart::proto::smtp
