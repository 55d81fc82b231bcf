#pragma once
// One SMTP mail transaction (RFC 5321 3.3): the envelope from MAIL FROM and
// RCPT TO, and the header fields of the message sent with DATA or BDAT.
#include <string>
#include <vector>

namespace rampart::proto::smtp {

// The header fields Suricata's "email" object shows.
struct EmailHeaders {
  std::string from, subject, date, message_id, x_mailer;
  std::vector<std::string> to, cc, received;
};

struct SmtpTransaction {
  std::string helo;  // the session's latest HELO/EHLO argument
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  bool has_message = false;  // DATA or BDAT started
  bool message_done = false;
  EmailHeaders headers;
  std::string body;  // the message body after the header, dot-unstuffed, capped
};

}  // namespace rampart::proto::smtp
