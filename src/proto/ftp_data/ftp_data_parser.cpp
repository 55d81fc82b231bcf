#include "proto/ftp_data/ftp_data_parser.hpp"

#include <algorithm>

#include "proto/flow_context.hpp"
#include "proto/ftp_data/ftp_data_eve.hpp"

namespace rampart::proto::ftp_data {

void FtpDataParser::attach(const FlowContext& context) { channel_ = context.channel; }

bool FtpDataParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink&) {
  transfer_.bytes[static_cast<size_t>(dir)] += bytes.size();
  if (!transfer_.data_side) transfer_.data_side = dir;
  size_t kept = gap_seen_ ? 0 : std::min(bytes.size(), kMaxData - transfer_.data.size());
  transfer_.data.append(reinterpret_cast<const char*>(bytes.data()), kept);
  transfer_.truncated = transfer_.truncated || kept < bytes.size();
  return true;
}

void FtpDataParser::gap(Direction dir, uint32_t length, EventSink&) {
  transfer_.bytes[static_cast<size_t>(dir)] += length;
  // What follows a hole is not the file's next bytes: file.data stops here.
  transfer_.truncated = true;
  gap_seen_ = true;
}

void FtpDataParser::finish(EventSink& sink) {
  if (done_) return;
  done_ = true;
  if (channel_) transfer_.use = channel_->use();
  sink.transaction("ftp_data", 0, LogDirection::Flow, FtpDataFields(transfer_));
}

std::unique_ptr<AppParser> make_ftp_data_parser(bool) { return std::make_unique<FtpDataParser>(); }

}  // namespace rampart::proto::ftp_data
