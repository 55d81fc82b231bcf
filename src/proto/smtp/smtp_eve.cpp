#include "proto/smtp/smtp_eve.hpp"

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

void write_email(JsonWriter& w, const SmtpTransaction& tx) {
  const EmailHeaders& h = tx.headers;
  w.begin_object("email").field("status", tx.message_done ? "PARSE_DONE" : "BODY_STARTED");
  optional_field(w, "from", h.from);
  list_field(w, "to", h.to);
  list_field(w, "cc", h.cc);
  optional_field(w, "subject", h.subject);
  optional_field(w, "date", h.date);
  optional_field(w, "message_id", h.message_id);
  optional_field(w, "x_mailer", h.x_mailer);
  list_field(w, "received", h.received);
  w.end_object();
}

std::optional<std::span<const uint8_t>> bytes_of(const std::string& value) {
  return std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size());
}

}  // namespace

void SmtpFields::write(JsonWriter& w) const {
  w.begin_object("smtp");
  optional_field(w, "helo", tx_.helo);
  optional_field(w, "mail_from", tx_.mail_from);
  list_field(w, "rcpt_to", tx_.rcpt_to);
  w.end_object();
  if (tx_.has_message) write_email(w, tx_);
}

std::optional<std::span<const uint8_t>> SmtpFields::buffer(std::string_view name, size_t index) const {
  if (name == "smtp.rcpt_to") {
    if (index >= tx_.rcpt_to.size()) return std::nullopt;
    return bytes_of(tx_.rcpt_to[index]);
  }
  if (index != 0) return std::nullopt;
  if (name == "smtp.helo" && !tx_.helo.empty()) return bytes_of(tx_.helo);
  if (name == "smtp.mail_from" && !tx_.mail_from.empty()) return bytes_of(tx_.mail_from);
  if (name == "file.data" && tx_.has_message && !tx_.body.empty()) return bytes_of(tx_.body);
  return std::nullopt;
}

}  // namespace rampart::proto::smtp
