#pragma once
// E-mail delivery of incident notices over SMTP, through libcurl: smtp:// (with
// STARTTLS required unless turned off) or smtps:// (TLS from the start), optional
// login, one envelope sender and a list of recipients. The server's certificate
// and host name are verified (the system's CAs, or ca_file). The message is plain
// UTF-8 text; header values are stripped of line breaks and a non-ASCII subject is
// encoded (RFC 2047). Failures are values naming the server and the cause (an SMTP
// reply such as 451 included).
#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace rampart::center::notify {

struct EmailSettings {
  std::string server;    // smtp://HOST[:PORT] or smtps://HOST[:PORT]; empty: no e-mail
  bool starttls = true;  // smtp://: refuse to send unless the server upgrades to TLS
  std::string username;  // empty: no login
  std::string password;
  std::string from;                  // envelope sender and From:
  std::vector<std::string> to;       // envelope recipients and To:
  std::string ca_file;               // PEM CAs to trust instead of the system's
  std::string link;                  // incident URL, "{id}" replaced by its id; empty: no link line
  bool on_created = true;
  bool on_escalated = true;
  std::chrono::milliseconds timeout{30000};

  bool enabled() const { return !server.empty(); }
};

struct EmailMessage {
  std::string subject;
  std::string body;  // lines separated by "\n"
};

// The RFC 5322 text sent: headers (From, To, Subject, Date, MIME) then the body, CRLF line ends.
std::string render_email(const EmailSettings& settings, const EmailMessage& message, int64_t now_us);

std::expected<void, std::string> send_email(const EmailSettings& settings, const EmailMessage& message);

}  // namespace rampart::center::notify
