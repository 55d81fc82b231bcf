#pragma once
// The "smtp" and "email" objects of an EVE record as Suricata 8 writes them for
// one mail transaction, and its rule buffers: smtp.helo, smtp.mail_from,
// smtp.rcpt_to (one value per recipient), the message's header fields
// email.from, email.subject, email.to, email.cc (each whole, unfolded),
// email.date, email.message_id, email.x_mailer, email.received (one value per
// field), and file.data (the message body after its header, dot-unstuffed and
// not MIME-decoded, up to 64 KiB) or, for a MIME message with attachments,
// file.data and file.name (one value per attachment), and the file keywords'
// buffers of each attachment (proto/file_buffers.hpp). Views returned by buffer() point into the
// transaction and stay valid as long as it does; file.size, file.magic and the
// digests until the next buffer() call.
#include <string>

#include "proto/app_parser.hpp"
#include "proto/file_buffers.hpp"
#include "proto/smtp/smtp_transaction.hpp"

namespace rampart::proto::smtp {

class SmtpFields final : public EveFields {
 public:
  // rules_deferred: the transaction's rules run apart, on the client's next packet
  // (EventSink::defers_side), so logging it runs none.
  explicit SmtpFields(const SmtpTransaction& tx, bool rules_deferred = false)
      : tx_(tx), rules_deferred_(rules_deferred) {}
  void write(JsonWriter& w) const override;
  std::optional<Direction> inspected_side() const override {
    return rules_deferred_ ? std::optional{Direction::ToServer} : std::nullopt;
  }
  // With the options' MD5s of the body and subject, and the "files" array of
  // its attachments when they ask for it.
  void write_with(JsonWriter& w, const RecordOptions& options) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;

 private:
  const SmtpTransaction& tx_;
  bool rules_deferred_;
  mutable std::string built_;  // the last file buffer made (file.size, a digest ...)
};

// The "fileinfo" record of one attachment of a mail transaction, as Suricata
// writes it: app_proto, the transaction's "smtp" and "email" objects, and a
// "fileinfo" object (name, gaps, state CLOSED or TRUNCATED, the configured
// digests, stored, size, tx_id).
class SmtpFileFields final : public EveFields {
 public:
  SmtpFileFields(const SmtpTransaction& tx, const mime::Attachment& file) : tx_(tx), file_(file) {}
  void write(JsonWriter& w) const override { write_with(w, {}); }
  // With files.force-magic the fileinfo object carries "magic".
  void write_with(JsonWriter& w, const RecordOptions& options) const override;
  std::optional<RecordedFile> recorded_file() const override {
    return RecordedFile{file_.spool.get(), Direction::ToServer, file_.digests.sha256};
  }

 private:
  const SmtpTransaction& tx_;
  const mime::Attachment& file_;
};

}  // namespace rampart::proto::smtp
