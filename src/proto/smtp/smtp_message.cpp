#include "proto/smtp/smtp_message.hpp"

#include "proto/smtp/smtp_eve.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <utility>

namespace rampart::proto::smtp {

namespace {

constexpr size_t kMaxField = 8192;     // one unfolded header field
constexpr size_t kMaxListEntries = 256;  // addresses or Received fields kept
constexpr size_t kMaxBody = 65536;     // body bytes kept for file.data

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void append_capped(std::vector<std::string>& list, std::vector<std::string> more) {
  for (auto& entry : more)
    if (list.size() < kMaxListEntries) list.push_back(std::move(entry));
}

}  // namespace

std::vector<std::string> split_addresses(std::string_view list) {
  std::vector<std::string> out;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size() && list[i] == '"') quoted = !quoted;
    if (i == list.size() || (list[i] == ',' && !quoted)) {
      std::string_view entry = trim(list.substr(start, i - start));
      if (!entry.empty()) out.emplace_back(entry);
      start = i + 1;
    }
  }
  return out;
}

MessageReader::MessageReader(SmtpTransaction& tx, const mime::UrlOptions& urls, uint8_t file_hashes,
                             FileStore* file_store, bool body_md5, bool dot_stuffed)
    : tx_(tx), dot_stuffed_(dot_stuffed) {
  mime_.set_url_options(urls);
  mime_.set_file_hashes(file_hashes);
  mime_.set_file_store(file_store);
  if (body_md5) body_hasher_.emplace(file_hash::kMd5);
}

void MessageReader::line(std::string_view sent, EventSink& sink, text::Piece piece) {
  if (finished_) return;
  std::string_view text = sent;
  if (dot_stuffed_ && !piece.continuation && text.starts_with('.')) text.remove_prefix(1);
  if (in_body_) {
    const std::string_view line_break = piece.continues ? "" : "\r\n";
    if (body_hasher_) {  // Suricata hashes the body as sent
      for (std::string_view part : {sent, line_break})
        body_hasher_->update({reinterpret_cast<const uint8_t*>(part.data()), part.size()});
    }
    for (std::string_view part : {text, line_break})
      tx_.body.append(part.substr(0, kMaxBody - std::min(kMaxBody, tx_.body.size())));
    mime_.body_line(text, {piece.continuation, piece.continues});
    // As Suricata, a MIME anomaly names the mail's transaction.
    for (std::string_view event : mime_.take_anomalies()) sink.transaction_anomaly(event, tx_.id, SmtpFields(tx_));
    return;
  }
  if (piece.continuation) return;  // a header line is capped at its first piece
  if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {  // folded continuation
    field_.append(text.substr(0, kMaxField - std::min(kMaxField, field_.size())));
    return;
  }
  flush_field();
  if (text.empty()) {
    in_body_ = true;
    mime_.start_body();
    return;
  }
  field_.assign(text.substr(0, kMaxField));
}

void MessageReader::finish(bool complete) {
  if (finished_) return;
  finished_ = true;
  flush_field();
  if (!in_body_) mime_.start_body();  // a message that is all header has an empty body
  mime_.finish(complete);
  if (body_hasher_) tx_.body_md5 = std::exchange(body_hasher_, std::nullopt)->finish().md5;
  tx_.attachments = mime_.take_attachments();
  tx_.urls = mime_.take_urls();
}

void MessageReader::flush_field() {
  if (field_.empty()) return;
  std::string_view field = field_;
  size_t colon = field.find(':');
  if (colon != std::string_view::npos) {
    std::string_view name = trim(field.substr(0, colon)), value = trim(field.substr(colon + 1));
    mime_.header(name, value);
    EmailHeaders& h = tx_.headers;
    if (iequals(name, "From")) h.from = value;
    else if (iequals(name, "To")) {
      h.to_field = value;
      append_capped(h.to, split_addresses(value));
    } else if (iequals(name, "Cc")) {
      h.cc_field = value;
      append_capped(h.cc, split_addresses(value));
    }
    else if (iequals(name, "Subject")) h.subject = value;
    else if (iequals(name, "Date")) h.date = value;
    else if (iequals(name, "Message-Id")) h.message_id = value;
    else if (iequals(name, "X-Mailer")) h.x_mailer = value;
    else if (iequals(name, "Received")) append_capped(h.received, {std::string(value)});
  }
  field_.clear();
}

}  // namespace rampart::proto::smtp
