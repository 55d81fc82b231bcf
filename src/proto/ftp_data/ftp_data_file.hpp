#pragma once
// The file of an FTP data channel, as Suricata opens one for a RETR or STOR: the
// bytes the data connection carries the way the command sends them (RETR from
// the control channel's server, STOR to it; data the other way is not the file),
// named by the command's argument. It ends CLOSED with its stream, or TRUNCATED
// at a gap or at the reassembly depth (the parser takes no bytes after either).
// Its "fileinfo" record is headed by the file's sender, with app_proto "ftp-data".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "proto/app_parser.hpp"
#include "proto/file_tap.hpp"

namespace rampart::proto::ftp_data {

struct FtpDataFile {
  std::string name;
  Direction direction = Direction::ToClient;  // of the data connection
  uint64_t size = 0;
  bool ended = false;
  bool truncated = false;
  FileDigests digests;
  std::optional<FileTap> tap;  // when files are hashed or may be stored
};

// The way the file of `command` goes on a data connection whose client is (passive)
// or is not the control channel's client; nullopt for a command without a file.
std::optional<Direction> file_direction(std::string_view command, bool passive);

class FtpDataFileRecord final : public EveFields {
 public:
  // first_bytes: the start of the transfer, for files.force-magic.
  FtpDataFileRecord(const FtpDataFile& file, std::string_view first_bytes) : file_(file), first_bytes_(first_bytes) {}
  void write(JsonWriter& w) const override { write_with(w, {}); }
  void write_with(JsonWriter& w, const RecordOptions& options) const override;
  LogDirection log_direction(const RecordOptions&, LogDirection given) const override {
    return file_.direction == Direction::ToClient ? LogDirection::FromServer : given;
  }
  std::optional<RecordedFile> recorded_file() const override;

 private:
  const FtpDataFile& file_;
  std::string_view first_bytes_;
};

}  // namespace rampart::proto::ftp_data
