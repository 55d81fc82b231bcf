#pragma once
// The Internet Message Format part of SMTP (RFC 5322): reads a message line by
// line, unfolds its header fields into EmailHeaders and keeps the body up to a
// cap. Memory is bounded: each field, the count of list entries and the body.
#include <optional>
#include <string>
#include <string_view>

#include "proto/app_parser.hpp"
#include "proto/file_hasher.hpp"
#include "proto/mime/mime_parser.hpp"
#include "proto/smtp/line_reader.hpp"
#include "proto/smtp/smtp_transaction.hpp"

namespace rampart::proto::smtp {

class MessageReader {
 public:
  // file_hashes: the digests attachments get (file_hash bits); file_store: where
  // attachments are spooled (nullptr: none); body_md5: the
  // MD5 of the body as sent (each line with CR LF) goes into the transaction;
  // dot_stuffed: lines come as DATA sends them (RFC 5321 4.5.2), not as BDAT does.
  MessageReader(SmtpTransaction& tx, const mime::UrlOptions& urls, uint8_t file_hashes, FileStore* file_store,
                bool body_md5, bool dot_stuffed);
  // One line of the message as sent, without CR LF, or a piece of a longer line
  // (a header line keeps only its first piece); MIME anomalies go to sink.
  void line(std::string_view text, EventSink& sink, text::Piece piece = {});
  // The message ended (complete: its end was seen, else it was cut short): the
  // last header field, attachments and URLs are stored in the transaction.
  // Later calls do nothing.
  void finish(bool complete);

 private:
  void flush_field();

  SmtpTransaction& tx_;
  mime::MimeParser mime_;
  bool dot_stuffed_;
  bool in_body_ = false;
  bool finished_ = false;
  std::string field_;  // the header field being unfolded
  std::optional<FileHasher> body_hasher_;
};

// "a <x@y>, \"b, c\" <z@w>" -> {"a <x@y>", "\"b, c\" <z@w>"}; empty entries dropped.
std::vector<std::string> split_addresses(std::string_view list);

}  // namespace rampart::proto::smtp
