#include "proto/tls/tls_stream.hpp"

#include <algorithm>

namespace rampart::proto::tls {

std::string_view RecordStream::check_header(std::span<const uint8_t> header) const {
  if (sslv2(header)) return record_size(header) - 2 > kMaxBody ? "INVALID_RECORD_LENGTH" : "";
  auto type = header[0];
  if (type < static_cast<uint8_t>(ContentType::ChangeCipherSpec) || type > static_cast<uint8_t>(ContentType::Heartbeat))
    return "INVALID_RECORD_TYPE";
  if (header[1] != 3) return "INVALID_RECORD_VERSION";
  if (record_size(header) - kHeaderSize > kMaxBody) return "INVALID_RECORD_LENGTH";
  return {};
}

Record RecordStream::record_of(std::span<const uint8_t> whole) const {
  if (sslv2(whole))
    return {ContentType::Sslv2, static_cast<uint16_t>(whole[3] << 8 | whole[4]), whole.subspan(2), whole, position_};
  return {static_cast<ContentType>(whole[0]), static_cast<uint16_t>(whole[1] << 8 | whole[2]),
          whole.subspan(kHeaderSize), whole, position_};
}

bool RecordStream::fill(std::span<const uint8_t>& bytes, size_t size) {
  size_t wanted = size - std::min(size, partial_.size());
  size_t taken = std::min(wanted, bytes.size());
  partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(taken));
  bytes = bytes.subspan(taken);
  return partial_.size() >= size;
}

}  // namespace rampart::proto::tls
