#pragma once
// The "ftp" object of an EVE record as Suricata 8 writes it for one command
// (or the greeting), and its rule buffers ftp.command and ftp.command_data.
// Views returned by buffer() point into the transaction.
#include "proto/app_parser.hpp"
#include "proto/ftp/ftp_transaction.hpp"

namespace rampart::proto::ftp {

class FtpFields final : public EveFields {
 public:
  explicit FtpFields(const FtpTransaction& tx) : tx_(tx) {}
  void write(JsonWriter& w) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;

 private:
  const FtpTransaction& tx_;
};

}  // namespace rampart::proto::ftp
