#pragma once
// Reads packets from pcap or pcapng files through libpcap: one file, "-" for
// standard input, or a directory whose capture files are read in name order. A
// damaged file is read up to the damage; a warning names the file and the packet
// number, and reading goes on with the next file.
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "common/bytes.hpp"

namespace rampart::capture {

struct RawPacket {
  uint64_t ts_usec = 0;
  uint32_t wire_len = 0;
  int linktype = 0;    // libpcap DLT_* of the file it came from
  uint64_t number = 0; // 1-based across all files of the source
  Bytes data;          // valid until the next call to next()
};

struct CaptureError {
  std::string message;
};

class PcapSource {
 public:
  // path: a capture file, "-" (standard input) or a directory. bpf: a filter
  // expression applied to every file ("" for none).
  static std::expected<PcapSource, CaptureError> open(const std::string& path, const std::string& bpf = "");

  PcapSource(PcapSource&&) noexcept;
  PcapSource& operator=(PcapSource&&) noexcept;
  ~PcapSource();

  // The next packet, or nullptr when every file is exhausted.
  const RawPacket* next();

  // Problems met so far (damaged or unreadable files), each naming the file.
  const std::vector<std::string>& warnings() const;
  uint64_t packets_read() const;
  uint64_t bytes_read() const;
  // Total size of the capture files (0 for standard input): for progress reports.
  uint64_t total_file_bytes() const;
  // Bytes of the capture files consumed so far (approximate, from file offsets).
  uint64_t file_bytes_consumed() const;

 private:
  struct Impl;
  explicit PcapSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::capture
