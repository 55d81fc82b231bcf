#pragma once
// One SMTP mail transaction (RFC 5321 3.3): the envelope from MAIL FROM and
// RCPT TO, the header fields of the message sent with DATA or BDAT, and what
// its MIME parts carried (attachments, URLs).
#include <cstdint>
#include <string>
#include <vector>

#include "proto/mime/mime_parser.hpp"

namespace rampart::proto::smtp {

// The header fields Suricata's "email" object shows.
struct EmailHeaders {
  std::string from, subject, date, message_id, x_mailer;
  std::string to_field, cc_field;  // the whole unfolded To and Cc values (email.to, email.cc)
  std::vector<std::string> to, cc, received;
};

struct SmtpTransaction {
  uint64_t id = 0;   // the flow's transaction number (tx_id)
  std::string helo;  // the session's latest HELO/EHLO argument
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  bool has_message = false;  // DATA or BDAT started
  bool message_done = false;
  EmailHeaders headers;
  std::string body;  // the message body after the header, dot-unstuffed, capped
  std::string body_md5;  // of the whole body, when computed (hex)
  std::vector<mime::Attachment> attachments;  // decoded MIME parts with a file name
  std::vector<std::string> urls;              // found in the text parts
};

}  // namespace rampart::proto::smtp
