#include "proto/smtp/smtp_eve.hpp"

#include <utility>

#include "proto/file_info.hpp"
#include "proto/file_magic.hpp"

namespace rampart::proto::smtp {

namespace {

void optional_field(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.field(key, value);
}

// Suricata leaves out empty lists.
void list_field(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  w.begin_array(key);
  for (const auto& value : values) w.element(value);
  w.end_array();
}

std::string md5_of(std::string_view text) {
  FileHasher hasher(file_hash::kMd5);
  hasher.update({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  return hasher.finish().md5;
}

void write_email(JsonWriter& w, const SmtpTransaction& tx, const SmtpLogOptions& md5) {
  const EmailHeaders& h = tx.headers;
  w.begin_object("email").field("status", tx.message_done ? "PARSE_DONE" : "BODY_STARTED");
  optional_field(w, "from", h.from);
  list_field(w, "to", h.to);
  list_field(w, "cc", h.cc);
  optional_field(w, "subject", h.subject);
  if (md5.subject_md5 && !h.subject.empty()) w.plain_field("subject_md5", md5_of(h.subject));
  if (md5.body_md5) optional_field(w, "body_md5", tx.body_md5);
  optional_field(w, "date", h.date);
  optional_field(w, "message_id", h.message_id);
  optional_field(w, "x_mailer", h.x_mailer);
  list_field(w, "received", h.received);
  if (!tx.attachments.empty()) {
    w.begin_array("attachment");
    for (const auto& attachment : tx.attachments) w.element(attachment.name);
    w.end_array();
  }
  list_field(w, "url", tx.urls);
  w.end_object();
}

// The members of a file's object in fileinfo records and alerts' files arrays.
void write_file(JsonWriter& w, const mime::Attachment& file, uint64_t tx_id, bool magic = false) {
  std::string type = magic ? file_magic(file.data) : std::string{};
  write_file_info(w, {.name = file.name, .magic = type, .gaps = false, .complete = file.complete,
                      .digests = &file.digests, .stored = file.spool != nullptr && file.spool->stored(), .size = file.size, .range_start = std::nullopt,
                      .range_end = std::nullopt, .tx_id = tx_id});
}

std::optional<std::span<const uint8_t>> bytes_of(const std::string& value) {
  return std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size());
}

}  // namespace

void SmtpFields::write(JsonWriter& w) const { write_with(w, RecordOptions{}); }

void SmtpFields::write_with(JsonWriter& w, const RecordOptions& options) const {
  w.begin_object("smtp");
  optional_field(w, "helo", tx_.helo);
  optional_field(w, "mail_from", tx_.mail_from);
  list_field(w, "rcpt_to", tx_.rcpt_to);
  w.end_object();
  if (tx_.has_message) write_email(w, tx_, options.smtp);
  if (!options.files || tx_.attachments.empty()) return;
  w.begin_array("files");
  for (const auto& attachment : tx_.attachments) {
    w.begin_object();
    write_file(w, attachment, tx_.id);
    w.end_object();
  }
  w.end_array();
}

void SmtpFileFields::write_with(JsonWriter& w, const RecordOptions& options) const {
  w.plain_field("app_proto", "smtp");
  SmtpFields(tx_).write(w);
  w.begin_object("fileinfo");
  write_file(w, file_, tx_.id, options.file_magic);
  w.end_object();
}

std::optional<std::span<const uint8_t>> SmtpFields::buffer(std::string_view name, size_t index) const {
  const EmailHeaders& h = tx_.headers;
  const std::vector<std::string>* list = nullptr;
  if (name == "smtp.rcpt_to") list = &tx_.rcpt_to;
  if (name == "email.received") list = &h.received;
  if (name == "email.url") list = &tx_.urls;
  if (list != nullptr) {
    if (index >= list->size()) return std::nullopt;
    return bytes_of((*list)[index]);
  }
  if (!tx_.attachments.empty() && (name == "file.data" || name == "file.name")) {
    if (index >= tx_.attachments.size()) return std::nullopt;
    const auto& attachment = tx_.attachments[index];
    return bytes_of(name == "file.data" ? attachment.data : attachment.name);
  }
  if (is_file_property_buffer(name)) {
    if (index >= tx_.attachments.size()) return std::nullopt;
    const auto& a = tx_.attachments[index];
    return file_buffer({a.name, a.size, &a.digests, a.data}, name, built_);
  }
  const std::string* value = nullptr;
  if (name == "smtp.helo") value = &tx_.helo;
  if (name == "smtp.mail_from") value = &tx_.mail_from;
  if (tx_.has_message) {
    if (name == "file.data") value = &tx_.body;
    if (name == "email.from") value = &h.from;
    if (name == "email.subject") value = &h.subject;
    if (name == "email.to") value = &h.to_field;
    if (name == "email.cc") value = &h.cc_field;
    if (name == "email.date") value = &h.date;
    if (name == "email.message_id") value = &h.message_id;
    if (name == "email.x_mailer") value = &h.x_mailer;
  }
  if (value == nullptr || index != 0 || value->empty()) return std::nullopt;
  return bytes_of(*value);
}

}  // namespace rampart::proto::smtp
