#pragma once
// The Internet Message Format part of SMTP (RFC 5322): reads a message line by
// line, unfolds its header fields into EmailHeaders and keeps the body up to a
// cap. Memory is bounded: each field, the count of list entries and the body.
#include <string>
#include <string_view>

#include "proto/app_parser.hpp"
#include "proto/mime/mime_parser.hpp"
#include "proto/smtp/smtp_transaction.hpp"

namespace rampart::proto::smtp {

class MessageReader {
 public:
  // file_hashes: the digests attachments get (file_hash bits).
  MessageReader(SmtpTransaction& tx, const mime::UrlOptions& urls, uint8_t file_hashes) : tx_(tx) {
    mime_.set_url_options(urls);
    mime_.set_file_hashes(file_hashes);
  }
  // One line of the message (dot-unstuffed, without CR LF); MIME anomalies go to sink.
  void line(std::string_view text, EventSink& sink);
  // The message ended (complete: its end was seen, else it was cut short): the
  // last header field, attachments and URLs are stored in the transaction.
  // Later calls do nothing.
  void finish(bool complete);

 private:
  void flush_field();

  SmtpTransaction& tx_;
  mime::MimeParser mime_;
  bool in_body_ = false;
  bool finished_ = false;
  std::string field_;  // the header field being unfolded
};

// "a <x@y>, \"b, c\" <z@w>" -> {"a <x@y>", "\"b, c\" <z@w>"}; empty entries dropped.
std::vector<std::string> split_addresses(std::string_view list);

}  // namespace rampart::proto::smtp
