#include "proto/ftp/ftp_parser.hpp"

#include <cctype>

#include "proto/ftp/ftp_eve.hpp"
#include "proto/ftp/ftp_ports.hpp"

namespace rampart::proto::ftp {

namespace {

// Suricata's default app-layer.protocols.ftp.max-line-length.
constexpr size_t kMaxLine = 4096;
constexpr size_t kMaxAwaitingReplies = 256;
constexpr size_t kMaxReplyLines = 256;

bool is_transfer(std::string_view command) {
  return command == "RETR" || command == "STOR" || command == "LIST" || command == "NLST" || command == "APPE" ||
         command == "STOU";
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The three-digit code that starts a reply line followed by ' ', '-' or nothing.
std::optional<int> code_of(std::string_view line) {
  if (line.size() < 3 || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) return std::nullopt;
  for (size_t i = 0; i < 3; ++i)
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return std::nullopt;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

}  // namespace

FtpParser::FtpParser() : commands_(kMaxLine), replies_(kMaxLine) {}

void FtpParser::attach(const FlowContext& context) {
  context_ = context;
  if (context.settings == nullptr) return;
  commands_ = text::LineReader(context.settings->ftp_max_line);
  replies_ = text::LineReader(context.settings->ftp_max_line);
}

bool FtpParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  text::LineReader& reader = dir == Direction::ToServer ? commands_ : replies_;
  text::LineFrames& frames = dir == Direction::ToServer ? command_frames_ : reply_frames_;
  frames.arrive(bytes.size());
  while (!done_ && !bytes.empty()) {
    auto line = reader.next(bytes);
    if (!line) break;
    frames.report(*line, bytes.size(), std::nullopt, sink);
    if (dir == Direction::ToServer) {
      on_command(*line, sink);
    } else {
      on_reply(*line, sink);
    }
  }
  return true;
}

void FtpParser::on_command(const text::Line& line, EventSink& sink) {
  if (line.text.empty()) return;
  if (awaiting_reply_.size() >= kMaxAwaitingReplies) {
    sink.anomaly("too_many_transactions");
    log(awaiting_reply_.front(), sink);
    awaiting_reply_.pop_front();
  }
  FtpTransaction& tx = awaiting_reply_.emplace_back();
  tx.id = next_tx_id_++;
  size_t space = line.text.find(' ');
  tx.command = upper(line.text.substr(0, space));
  if (space != std::string_view::npos) tx.command_data = line.text.substr(space + 1);
  tx.command_truncated = line.truncated;
  if (line.truncated) sink.transaction_anomaly("request_command_too_long", tx.id, FtpFields(tx));
  if (tx.command == "PASV" || tx.command == "EPSV") {
    tx.mode = "passive";
  } else if (tx.command == "PORT") {
    offer_port(tx, address_of_host_port(tx.command_data), port_of_host_port(tx.command_data));
  } else if (tx.command == "EPRT") {
    offer_port(tx, address_of_eprt(tx.command_data), port_of_eprt(tx.command_data));
  } else if (is_transfer(tx.command)) {
    name_data_channel(tx);
  }
}

void FtpParser::offer_port(FtpTransaction& tx, std::optional<IpAddress> address, std::optional<uint16_t> port) {
  tx.mode = "active";
  tx.offered_port = port;
  tx.bounce = address && context_ && *address != context_->client;
}

void FtpParser::name_data_channel(const FtpTransaction& tx) {
  if (!unclaimed_channel_) return;
  unclaimed_channel_->set_use(tx.command, tx.command_data);
  unclaimed_channel_.reset();
}

void FtpParser::announce_data_channel(const FtpTransaction& tx) {
  if (!tx.dynamic_port || !context_ || context_->expectations == nullptr) return;
  // Passive: the client connects to the server's port; active: the server to the client's.
  bool passive = tx.mode == "passive";
  auto channel = std::make_shared<DataChannel>(passive);
  Expectation expected{.connector = passive ? context_->client : context_->server,
                       .listener = passive ? context_->server : context_->client,
                       .port = *tx.dynamic_port,
                       .control_flow_id = context_->flow_id,
                       .protocol = "ftp-data",
                       .channel = channel};
  uint64_t now = context_->now_usec != nullptr ? *context_->now_usec : 0;
  if (context_->expectations->add(std::move(expected), now)) unclaimed_channel_ = std::move(channel);
}

FtpTransaction& FtpParser::replied_transaction() {
  // The first reply is the greeting even when the client's bytes were read first.
  if (greeted_ && !awaiting_reply_.empty()) return awaiting_reply_.front();
  if (!unsolicited_) unsolicited_.emplace().id = next_tx_id_++;
  return *unsolicited_;
}

void FtpParser::on_reply(const text::Line& line, EventSink& sink) {
  FtpTransaction& tx = replied_transaction();
  tx.reply_truncated = tx.reply_truncated || line.truncated;
  if (line.truncated) sink.transaction_anomaly("response_command_too_long", tx.id, FtpFields(tx));
  auto code = code_of(line.text);
  std::string_view text = code ? line.text.substr(std::min<size_t>(4, line.text.size())) : line.text;
  if (tx.replies.size() < kMaxReplyLines) {
    tx.replies.emplace_back(text);
    if (code) tx.completion_codes.emplace_back(line.text.substr(0, 3));
  }
  bool continued = code && line.text.size() > 3 && line.text[3] == '-';
  if (multiline_code_) {
    if (code != multiline_code_ || continued) return;
    multiline_code_.reset();
  } else if (continued) {
    multiline_code_ = code;
    return;
  }
  if (!code || *code < 200) return;  // text without a code, or a 1xx preliminary reply
  complete(tx, *code, sink);
}

void FtpParser::complete(FtpTransaction& tx, int code, EventSink& sink) {
  tx.reply_received = true;
  std::string_view last = tx.replies.empty() ? std::string_view{} : std::string_view(tx.replies.back());
  if (tx.command == "PASV" && code == 227) tx.dynamic_port = port_of_host_port(last);
  if (tx.command == "EPSV" && code == 229) tx.dynamic_port = port_of_epsv_reply(last);
  if ((tx.command == "PORT" || tx.command == "EPRT") && code == 200) tx.dynamic_port = tx.offered_port;
  announce_data_channel(tx);
  bool starts_tls = tx.command == "AUTH" && code == 234;
  log(tx, sink);
  if (starts_tls) {
    awaiting_reply_.pop_front();
    tls_started_ = true;
    finish(sink);
    return;
  }
  if (unsolicited_ && &tx == &*unsolicited_) {
    unsolicited_.reset();
    greeted_ = true;
  } else {
    awaiting_reply_.pop_front();
  }
}

void FtpParser::log(const FtpTransaction& tx, EventSink& sink) {
  sink.transaction("ftp", tx.id, LogDirection::Flow, FtpFields(tx));
}

void FtpParser::gap(Direction, uint32_t, EventSink& sink) { finish(sink); }

void FtpParser::finish(EventSink& sink) {
  if (done_) return;
  done_ = true;
  if (unsolicited_) log(*unsolicited_, sink);
  for (const FtpTransaction& tx : awaiting_reply_) log(tx, sink);
  unsolicited_.reset();
  awaiting_reply_.clear();
}

std::unique_ptr<AppParser> make_ftp_parser(bool) { return std::make_unique<FtpParser>(); }

}  // namespace rampart::proto::ftp
