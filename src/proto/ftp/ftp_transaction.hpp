#pragma once
// One FTP control-channel transaction (RFC 959): a command and the replies up
// to its completion reply, or the server's greeting, which answers no command.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::proto::ftp {

struct FtpTransaction {
  uint64_t id = 0;      // numbered as they start, as Suricata numbers them
  std::string command;  // the verb, upper-case; empty for the greeting
  std::string command_data;
  bool command_truncated = false;
  std::vector<std::string> replies;           // each reply line's text
  std::vector<std::string> completion_codes;  // the code of each line that has one
  bool reply_truncated = false;
  bool reply_received = false;
  std::optional<uint16_t> dynamic_port;  // the data port PASV/EPSV/PORT/EPRT agreed on
  std::optional<uint16_t> offered_port;  // the port a PORT/EPRT command proposed
  std::string_view mode;                 // "passive", "active" or empty
  // A PORT/EPRT command naming an address other than the client's own (an FTP
  // bounce: the server is asked to connect to a third host).
  bool bounce = false;
};

}  // namespace rampart::proto::ftp
