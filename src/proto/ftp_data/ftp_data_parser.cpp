#include "proto/ftp_data/ftp_data_parser.hpp"

#include <algorithm>

#include "proto/flow_context.hpp"
#include "proto/ftp_data/ftp_data_eve.hpp"

namespace rampart::proto::ftp_data {

void FtpDataParser::attach(const FlowContext& context) {
  channel_ = context.channel;
  if (context.settings == nullptr) return;
  file_hashes_ = context.settings->file_hashes;
  file_store_ = context.settings->file_store;
}

bool FtpDataParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  feed_file(dir, bytes, sink);
  transfer_.bytes[static_cast<size_t>(dir)] += bytes.size();
  if (!transfer_.data_side) transfer_.data_side = dir;
  size_t kept = gap_seen_ ? 0 : std::min(bytes.size(), kMaxData - transfer_.data.size());
  transfer_.data.append(reinterpret_cast<const char*>(bytes.data()), kept);
  transfer_.truncated = transfer_.truncated || kept < bytes.size();
  return true;
}

void FtpDataParser::feed_file(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  if (bytes.empty()) return;
  if (!transfer_.file) open_file(dir, sink);
  auto& file = transfer_.file;
  if (!file || file->direction != dir || file->ended) return;
  file->size += bytes.size();
  if (file->tap) file->tap->update(bytes);
}

void FtpDataParser::open_file(Direction dir, EventSink& sink) {
  if (!channel_) return;
  DataChannel::Use use = channel_->use();
  if (file_direction(use.command, channel_->passive()) != dir) return;
  auto& file = transfer_.file.emplace();
  file.name = std::move(use.argument);
  file.direction = dir;
  if (FileTap::wanted(file_hashes_, file_store_)) file.tap.emplace(file_hashes_, file_store_);
  sink.file_opened();
}

void FtpDataParser::end_file(Direction dir, bool whole) {
  auto& file = transfer_.file;
  if (!file || file->direction != dir || file->ended) return;
  file->ended = true;
  file->truncated = !whole;
  if (file->tap) file->digests = file->tap->finish();
}

void FtpDataParser::truncate(Direction dir, EventSink&) { end_file(dir, false); }

void FtpDataParser::gap(Direction dir, uint32_t length, EventSink&) {
  // As Suricata's ftp-data parser, which takes no gaps: the file ends cut short.
  end_file(dir, false);
  transfer_.bytes[static_cast<size_t>(dir)] += length;
  // What follows a hole is not the file's next bytes: file.data stops here.
  transfer_.truncated = true;
  gap_seen_ = true;
}

void FtpDataParser::finish(EventSink& sink) {
  if (done_) return;
  done_ = true;
  if (channel_) transfer_.use = channel_->use();
  if (transfer_.file) end_file(transfer_.file->direction, true);
  sink.transaction("ftp_data", 0, LogDirection::Flow, FtpDataFields(transfer_));
  if (transfer_.file) sink.file(0, FtpDataFileRecord(*transfer_.file, transfer_.data));
}

std::unique_ptr<AppParser> make_ftp_data_parser(bool) { return std::make_unique<FtpDataParser>(); }

}  // namespace rampart::proto::ftp_data
