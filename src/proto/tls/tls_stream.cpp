#include "proto/tls/tls_stream.hpp"

#include <algorithm>

namespace rampart::proto::tls {

std::string_view RecordStream::check_header(std::span<const uint8_t> header) {
  auto type = header[0];
  if (type < static_cast<uint8_t>(ContentType::ChangeCipherSpec) || type > static_cast<uint8_t>(ContentType::Heartbeat))
    return "INVALID_RECORD_TYPE";
  if (header[1] != 3) return "INVALID_RECORD_VERSION";
  if (body_length(header) > kMaxBody) return "INVALID_RECORD_LENGTH";
  return {};
}

bool RecordStream::fill(std::span<const uint8_t>& bytes, size_t size) {
  size_t wanted = size - std::min(size, partial_.size());
  size_t taken = std::min(wanted, bytes.size());
  partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(taken));
  bytes = bytes.subspan(taken);
  return partial_.size() >= size;
}

}  // namespace rampart::proto::tls
