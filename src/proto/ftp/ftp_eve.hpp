#pragma once
// The "ftp" object of an EVE record as Suricata 8 writes it for one command
// (or the greeting), and its rule buffers: ftp.command, ftp.command_data,
// ftp.reply and ftp.completion_code (one value per reply line), ftp.mode
// ("active"/"passive"), ftp.reply_received ("yes"/"no") and ftp.dynamic_port
// (16-bit big-endian, for `ftp.dynamic_port:N`), and ftpbounce ("yes" for a
// PORT/EPRT bounce, for the keyword of that name). Views returned by buffer()
// point into the transaction or into this object.
#include <array>

#include "proto/app_parser.hpp"
#include "proto/ftp/ftp_transaction.hpp"

namespace rampart::proto::ftp {

class FtpFields final : public EveFields {
 public:
  explicit FtpFields(const FtpTransaction& tx);
  void write(JsonWriter& w) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;
  // A command and its reply: Suricata inspects the transaction from each side, so
  // a rule on ftp.mode or ftp.dynamic_port that sets no direction alerts twice.
  bool two_sided() const override { return true; }

 private:
  const FtpTransaction& tx_;
  std::array<uint8_t, 2> dynamic_port_;
};

}  // namespace rampart::proto::ftp
