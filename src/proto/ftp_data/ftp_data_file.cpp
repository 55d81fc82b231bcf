#include "proto/ftp_data/ftp_data_file.hpp"

#include "proto/file_info.hpp"
#include "proto/file_magic.hpp"

namespace rampart::proto::ftp_data {

std::optional<Direction> file_direction(std::string_view command, bool passive) {
  // A download goes to the control channel's client: the data connection's client when passive.
  if (command == "RETR") return passive ? Direction::ToClient : Direction::ToServer;
  if (command == "STOR") return passive ? Direction::ToServer : Direction::ToClient;
  return std::nullopt;
}

void FtpDataFileRecord::write_with(JsonWriter& w, const RecordOptions& options) const {
  w.plain_field("app_proto", "ftp-data");
  w.begin_object("fileinfo");
  std::string magic = options.file_magic ? file_magic(first_bytes_) : std::string{};
  FileSpool* spool = file_.tap ? file_.tap->spool().get() : nullptr;
  write_file_info(w, {.name = file_.name, .magic = magic, .gaps = false, .complete = !file_.truncated,
                      .digests = &file_.digests, .stored = spool != nullptr && spool->stored(), .size = file_.size,
                      .range_start = std::nullopt, .range_end = std::nullopt, .tx_id = 0});
  w.end_object();
}

std::optional<RecordedFile> FtpDataFileRecord::recorded_file() const {
  FileSpool* spool = file_.tap ? file_.tap->spool().get() : nullptr;
  return RecordedFile{spool, file_.direction, file_.digests.sha256};
}

}  // namespace rampart::proto::ftp_data
