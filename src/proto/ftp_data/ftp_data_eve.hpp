#pragma once
// The "ftp_data" object of an EVE record as Suricata 8 writes it,
// {"filename": "index.html", "command": "RETR"} (each only when known), and the
// transfer's rule buffers: file.data (the kept bytes), file.name and
// ftpdata_command (the command, for `ftpdata_command:retr|stor`) and, for the
// file of a RETR or STOR, the file keywords' buffers (proto/file_buffers.hpp).
// Views returned by buffer() point into the transfer (a built one until the next call).
#include "proto/app_parser.hpp"
#include "proto/file_buffers.hpp"
#include "proto/ftp_data/ftp_data_parser.hpp"

namespace rampart::proto::ftp_data {

class FtpDataFields final : public EveFields {
 public:
  explicit FtpDataFields(const FtpDataTransfer& transfer) : transfer_(transfer) {}
  void write(JsonWriter& w) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;
  // file.data is on the side the file went (to the server for an upload or an
  // active-mode download, whose server connects to the client).
  bool two_sided() const override { return true; }
  std::optional<std::span<const uint8_t>> side_buffer(std::string_view name, size_t index,
                                                      Direction side) const override;

 private:
  const FtpDataTransfer& transfer_;
  mutable std::string built_;  // the last file buffer made (file.size, a digest ...)
};

}  // namespace rampart::proto::ftp_data
