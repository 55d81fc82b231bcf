#pragma once
// Reads packets through libpcap: from pcap or pcapng files (one file, "-" for
// standard input, or a directory whose capture files are read in name order), or
// live from a network interface. A damaged file is read up to the damage; a
// warning names the file and the packet number, and reading goes on with the next
// file. A live source runs until its interface fails or the caller stops reading.
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
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

struct LiveOptions {
  std::string interface;
  std::string bpf;            // "" for none
  int snaplen = 262144;       // Suricata's default for live capture
  bool promiscuous = true;
  uint64_t buffer_bytes = 0;  // kernel ring size; 0: libpcap's default
};

// What the kernel counted for a live capture (libpcap's pcap_stats).
struct KernelStats {
  uint64_t packets = 0, drops = 0, ifdrops = 0;
};

class PcapSource {
 public:
  // path: a capture file, "-" (standard input) or a directory. bpf: a filter
  // expression applied to every file ("" for none).
  static std::expected<PcapSource, CaptureError> open(const std::string& path, const std::string& bpf = "");
  // Captures on a network interface (needs CAP_NET_RAW); the error names the
  // interface and says why it cannot be opened.
  static std::expected<PcapSource, CaptureError> open_live(const LiveOptions& options);

  PcapSource(PcapSource&&) noexcept;
  PcapSource& operator=(PcapSource&&) noexcept;
  ~PcapSource();

  // The next packet, or nullptr when every file is exhausted or, live, when no
  // packet came within the read timeout (a tenth of a second): exhausted() tells.
  const RawPacket* next();
  bool exhausted() const;
  bool live() const;
  // The kernel's counters of a live capture; nothing for files.
  std::optional<KernelStats> kernel_stats() const;

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
