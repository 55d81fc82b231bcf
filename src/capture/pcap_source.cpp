#include "capture/pcap_source.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace rampart::capture {

namespace fs = std::filesystem;

constexpr size_t kReadBufferBytes = 1 << 20;
// A live read returns at least this often, so the reader notices a stop request;
// it is also how long the kernel may hold packets before handing a block over.
constexpr int kLiveReadTimeoutMs = 100;

struct PcapSource::Impl {
  std::vector<std::string> files;
  size_t next_file = 0;
  std::string bpf;
  pcap_t* handle = nullptr;
  std::string current;
  uint64_t file_packets = 0;
  uint64_t packets = 0, bytes = 0, total_bytes = 0, finished_bytes = 0;
  std::vector<std::string> warnings;
  RawPacket packet;
  bool live = false;
  bool exhausted = false;
  KernelStats kernel;

  ~Impl() { close(); }

  void close() {
    if (handle == nullptr) return;
    if (!live) finished_bytes += file_size(current);
    pcap_close(handle);
    handle = nullptr;
  }

  static uint64_t file_size(const std::string& path) {
    std::error_code ec;
    if (path == "-") return 0;
    auto n = fs::file_size(path, ec);
    return ec ? 0 : n;
  }

  bool open_next() {
    while (next_file < files.size()) {
      current = files[next_file++];
      char err[PCAP_ERRBUF_SIZE] = {};
      std::FILE* file = current == "-" ? stdin : std::fopen(current.c_str(), "rbe");
      if (file == nullptr) {
        warnings.push_back(fmt::format("{}: cannot open: {}", current, std::strerror(errno)));
        continue;
      }
      // libpcap reads through stdio; a large buffer saves a system call per few packets.
      std::setvbuf(file, nullptr, _IOFBF, kReadBufferBytes);
      handle = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_MICRO, err);
      if (handle == nullptr) {
        if (file != stdin) std::fclose(file);
        warnings.push_back(fmt::format("{}: cannot read capture: {}", current, err));
        continue;
      }
      if (!bpf.empty() && !apply_filter()) continue;
      file_packets = 0;
      return true;
    }
    return false;
  }

  bool apply_filter() {
    bpf_program prog{};
    if (pcap_compile(handle, &prog, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 ||
        pcap_setfilter(handle, &prog) != 0) {
      warnings.push_back(fmt::format("{}: bad BPF filter '{}': {}", current, bpf, pcap_geterr(handle)));
      pcap_freecode(&prog);
      close();
      return false;
    }
    pcap_freecode(&prog);
    return true;
  }

  const RawPacket* next() {
    if (live) return next_live();
    while (handle != nullptr || open_next()) {
      pcap_pkthdr* hdr = nullptr;
      const u_char* data = nullptr;
      int rc = pcap_next_ex(handle, &hdr, &data);
      if (rc == 1) return fill(hdr, data);
      if (rc == PCAP_ERROR) {
        warnings.push_back(fmt::format("{}: damaged after packet {}: {}; read up to there", current,
                                       file_packets, pcap_geterr(handle)));
      }
      close();
    }
    exhausted = true;
    return nullptr;
  }

  const RawPacket* next_live() {
    if (exhausted) return nullptr;
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle, &hdr, &data);
    if (rc == 0) {
      // Non-blocking: nothing ready, so wait a bounded time for the descriptor.
      pollfd ready{pcap_get_selectable_fd(handle), POLLIN, 0};
      if (::poll(&ready, 1, kLiveReadTimeoutMs) <= 0) return nullptr;
      rc = pcap_next_ex(handle, &hdr, &data);
    }
    if (rc == 1) return fill(hdr, data);
    if (rc == 0) return nullptr;
    warnings.push_back(fmt::format("{}: capture stopped after packet {}: {}", current, packets, pcap_geterr(handle)));
    read_kernel_stats();
    exhausted = true;
    return nullptr;
  }

  void read_kernel_stats() {
    pcap_stat st{};
    if (handle == nullptr || pcap_stats(handle, &st) != 0) return;
    kernel = KernelStats{st.ps_recv, st.ps_drop, st.ps_ifdrop};
  }

  const RawPacket* fill(const pcap_pkthdr* hdr, const u_char* data) {
    ++file_packets;
    ++packets;
    bytes += hdr->caplen;
    packet.ts_usec = static_cast<uint64_t>(hdr->ts.tv_sec) * 1'000'000ULL + static_cast<uint64_t>(hdr->ts.tv_usec);
    packet.wire_len = hdr->len;
    packet.linktype = pcap_datalink(handle);
    packet.number = packets;
    packet.data = Bytes(data, hdr->caplen);
    return &packet;
  }

  uint64_t consumed() const {
    uint64_t n = finished_bytes;
    if (handle != nullptr && !live && current != "-") {
      long pos = std::ftell(pcap_file(handle));
      if (pos > 0) n += static_cast<uint64_t>(pos);
    }
    return n;
  }
};

static std::expected<std::vector<std::string>, CaptureError> list_inputs(const std::string& path) {
  if (path == "-") return std::vector<std::string>{"-"};
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return std::unexpected(CaptureError{fmt::format("{}: no such file or directory", path)});
  if (!fs::is_directory(status)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  if (ec) return std::unexpected(CaptureError{fmt::format("{}: cannot list directory: {}", path, ec.message())});
  std::sort(files.begin(), files.end());
  if (files.empty()) return std::unexpected(CaptureError{fmt::format("{}: directory holds no files", path)});
  return files;
}

std::expected<PcapSource, CaptureError> PcapSource::open(const std::string& path, const std::string& bpf) {
  auto files = list_inputs(path);
  if (!files) return std::unexpected(files.error());
  auto impl = std::make_unique<Impl>();
  impl->files = std::move(*files);
  impl->bpf = bpf;
  for (const auto& f : impl->files) impl->total_bytes += Impl::file_size(f);
  if (!bpf.empty()) {
    // Check the filter once up front so a typo fails at start-up, not per file.
    pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
    bpf_program prog{};
    bool ok = pcap_compile(dead, &prog, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0;
    std::string err = ok ? "" : pcap_geterr(dead);
    if (ok) pcap_freecode(&prog);
    pcap_close(dead);
    if (!ok) return std::unexpected(CaptureError{fmt::format("bad BPF filter '{}': {}", bpf, err)});
  }
  return PcapSource(std::move(impl));
}

// pcap_activate's warnings (e.g. promiscuous mode refused) leave a working handle.
static std::expected<void, CaptureError> activate(pcap_t* handle, const LiveOptions& o) {
  pcap_set_snaplen(handle, o.snaplen);
  pcap_set_promisc(handle, o.promiscuous ? 1 : 0);
  pcap_set_timeout(handle, kLiveReadTimeoutMs);
  if (o.buffer_bytes > 0)
    pcap_set_buffer_size(handle, static_cast<int>(std::min<uint64_t>(o.buffer_bytes, INT32_MAX)));
  int rc = pcap_activate(handle);
  if (rc >= 0) return {};
  std::string why = rc == PCAP_ERROR || rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_NO_SUCH_DEVICE
                        ? pcap_geterr(handle)
                        : pcap_statustostr(rc);
  if (rc == PCAP_ERROR_PERM_DENIED) why += " (live capture needs root or CAP_NET_RAW)";
  return std::unexpected(CaptureError{fmt::format("{}: cannot capture: {}", o.interface, why)});
}

std::expected<PcapSource, CaptureError> PcapSource::open_live(const LiveOptions& options) {
  char err[PCAP_ERRBUF_SIZE] = {};
  auto impl = std::make_unique<Impl>();
  impl->live = true;
  impl->current = options.interface;
  impl->bpf = options.bpf;
  impl->handle = pcap_create(options.interface.c_str(), err);
  if (impl->handle == nullptr)
    return std::unexpected(CaptureError{fmt::format("{}: cannot capture: {}", options.interface, err)});
  if (auto ok = activate(impl->handle, options); !ok) return std::unexpected(ok.error());
  // libpcap's read timeout does not bound a read on every kernel ring version, so
  // reads do not block and next() waits on the descriptor itself.
  if (pcap_setnonblock(impl->handle, 1, err) != 0)
    return std::unexpected(CaptureError{fmt::format("{}: cannot capture: {}", options.interface, err)});
  if (!options.bpf.empty() && !impl->apply_filter())
    return std::unexpected(CaptureError{impl->warnings.back()});
  return PcapSource(std::move(impl));
}

PcapSource::PcapSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PcapSource::PcapSource(PcapSource&&) noexcept = default;
PcapSource& PcapSource::operator=(PcapSource&&) noexcept = default;
PcapSource::~PcapSource() = default;

const RawPacket* PcapSource::next() { return impl_->next(); }
const std::vector<std::string>& PcapSource::warnings() const { return impl_->warnings; }
uint64_t PcapSource::packets_read() const { return impl_->packets; }
uint64_t PcapSource::bytes_read() const { return impl_->bytes; }
bool PcapSource::exhausted() const { return impl_->exhausted; }
bool PcapSource::live() const { return impl_->live; }
std::optional<KernelStats> PcapSource::kernel_stats() const {
  if (!impl_->live) return std::nullopt;
  impl_->read_kernel_stats();
  return impl_->kernel;
}
uint64_t PcapSource::total_file_bytes() const { return impl_->total_bytes; }
uint64_t PcapSource::file_bytes_consumed() const { return impl_->consumed(); }

}  // namespace rampart::capture
