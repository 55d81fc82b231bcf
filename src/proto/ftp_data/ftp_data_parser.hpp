#pragma once
// The parser of an FTP data channel (a flow the FTP control channel announced):
// it counts the bytes each side sent, keeps the first 64 KiB of the transferred
// bytes for file.data (up to the first gap), and at the end of the flow logs one "ftp_data" record
// naming the command that used the channel and its file, as read from the data
// channel the control flow filled (it may fill it after this flow has started).
// Nothing here is interpreted, so any bytes are accepted. A RETR or STOR channel
// also carries a file (ftp_data_file.hpp): hashed and spooled as it passes, and
// logged in a "fileinfo" record before the "ftp_data" one.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "proto/app_parser.hpp"
#include "proto/expectation_table.hpp"
#include "proto/ftp_data/ftp_data_file.hpp"

namespace rampart::proto::ftp_data {

struct FtpDataTransfer {
  std::array<uint64_t, 2> bytes{};  // sent to the server [0] and to the client [1], gaps included
  std::string data;                 // the first transferred bytes, either way
  std::optional<Direction> data_side;  // the way the first bytes went
  bool truncated = false;           // more bytes were sent than data holds
  DataChannel::Use use;             // the command and file name, when known
  std::optional<FtpDataFile> file;  // once its first byte went
};

class FtpDataParser final : public AppParser {
 public:
  static constexpr size_t kMaxData = 64 * 1024;

  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink& sink) override;
  void truncate(Direction dir, EventSink& sink) override;
  void attach(const FlowContext& context) override;

  const FtpDataTransfer& transfer() const { return transfer_; }

 private:
  // The file's bytes: the first opens it when they go the way its command says.
  void feed_file(Direction dir, std::span<const uint8_t> bytes, EventSink& sink);
  void open_file(Direction dir, EventSink& sink);
  // No more bytes of dir come (a gap, the depth, the end): its file ends, cut short unless `whole`.
  void end_file(Direction dir, bool whole);

  FtpDataTransfer transfer_;
  std::shared_ptr<const DataChannel> channel_;
  uint8_t file_hashes_ = 0;
  FileStore* file_store_ = nullptr;
  bool gap_seen_ = false;
  bool done_ = false;
};

std::unique_ptr<AppParser> make_ftp_data_parser(bool over_tcp);

}  // namespace rampart::proto::ftp_data
