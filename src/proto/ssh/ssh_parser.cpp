#include "proto/ssh/ssh_parser.hpp"

#include <algorithm>

#include "proto/ssh/ssh_eve.hpp"

namespace rampart::proto::ssh {

namespace {

// RFC 4253 4.2: an identification line is at most 255 characters with CR LF.
constexpr size_t kMaxBannerLine = 255;
// RFC 4253 6.1: implementations handle packets of 35000 bytes in total.
constexpr size_t kMaxPacket = 35000;
constexpr size_t kPacketHeader = 5;  // packet_length (4), padding_length (1)
constexpr size_t kRecordHeader = 6;  // and the message code: Suricata's ssh.record.hdr
constexpr uint8_t kKexInit = 20, kNewKeys = 21;

std::string_view text_of(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Moves bytes into `partial` until it holds `size`; false if they ran out.
bool fill(std::vector<uint8_t>& partial, std::span<const uint8_t>& bytes, size_t size) {
  size_t taken = std::min(size - std::min(size, partial.size()), bytes.size());
  partial.insert(partial.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(taken));
  bytes = bytes.subspan(taken);
  return partial.size() >= size;
}

}  // namespace

bool SshParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  Side& s = side(dir);
  stream_bytes_[static_cast<size_t>(dir)] += bytes.size();
  while (!bytes.empty()) {
    bool ok = true;
    switch (s.stage) {
      case Stage::Banner: ok = read_banner(dir, bytes, sink); break;
      case Stage::Packets: ok = read_packet(dir, bytes, sink); break;
      case Stage::Done: return true;
    }
    if (!ok) {
      s.stage = Stage::Done;
      s.partial = {};
      return false;
    }
  }
  return true;
}

bool SshParser::read_banner(Direction dir, std::span<const uint8_t>& bytes, EventSink& sink) {
  Side& s = side(dir);
  auto newline = std::find(bytes.begin(), bytes.end(), uint8_t{'\n'});
  size_t line_part = static_cast<size_t>(newline - bytes.begin());
  if (s.partial.size() + line_part > kMaxBannerLine + 1) {  // + 1 for the CR
    sink.anomaly("LONG_BANNER");
    return false;
  }
  if (newline == bytes.end()) {
    s.partial.insert(s.partial.end(), bytes.begin(), bytes.end());
    bytes = {};
    return true;
  }
  std::string_view line = text_of(bytes.first(line_part));
  std::string joined;
  if (!s.partial.empty()) {
    joined.assign(s.partial.begin(), s.partial.end());
    joined += line;
    line = joined;
    s.partial.clear();
  }
  bytes = bytes.subspan(line_part + 1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  // RFC 4253 4.2: a server may send other lines before its identification.
  if (!line.starts_with("SSH-")) return true;
  on_banner(dir, line, sink);
  return side(dir).stage != Stage::Done;
}

void SshParser::on_banner(Direction dir, std::string_view line, EventSink& sink) {
  std::string_view rest = line.substr(4);
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos) {
    sink.anomaly("INVALID_BANNER");
    side(dir).stage = Stage::Done;
    return;
  }
  SshPeer& p = peer(dir);
  p.has_banner = true;
  p.proto_version = rest.substr(0, dash);
  std::string_view software = rest.substr(dash + 1);
  p.software_version = software.substr(0, software.find(' '));
  side(dir).stage = Stage::Packets;
}

bool SshParser::read_packet(Direction dir, std::span<const uint8_t>& bytes, EventSink& sink) {
  Side& s = side(dir);
  if (!fill(s.partial, bytes, kPacketHeader)) return true;
  size_t length = size_t{s.partial[0]} << 24 | size_t{s.partial[1]} << 16 | size_t{s.partial[2]} << 8 | s.partial[3];
  size_t padding = s.partial[4];
  if (length > kMaxPacket || length < padding + 1) {
    sink.anomaly("INVALID_RECORD");
    return false;
  }
  if (!fill(s.partial, bytes, 4 + length)) return true;
  const uint64_t record_end = stream_bytes_[static_cast<size_t>(dir)] - bytes.size();
  report_frames(dir, s.partial, record_end - s.partial.size(), sink);
  on_packet(dir, std::span<const uint8_t>(s.partial).subspan(kPacketHeader, length - padding - 1));
  s.partial.clear();
  if (!logged_ && side(Direction::ToServer).stage == Stage::Done && side(Direction::ToClient).stage == Stage::Done)
    log(sink);
  return true;
}

void SshParser::on_packet(Direction dir, std::span<const uint8_t> payload) {
  if (payload.empty()) return;
  if (payload[0] == kKexInit && !peer(dir).hassh) {
    Hassh hassh;
    if (hassh_of_kexinit(payload.subspan(1), dir == Direction::ToServer, hassh)) peer(dir).hassh = std::move(hassh);
  } else if (payload[0] == kNewKeys) {
    side(dir).new_keys = true;
    side(dir).stage = Stage::Done;
    side(dir).partial = {};
  }
}

void SshParser::report_frames(Direction dir, std::span<const uint8_t> record, uint64_t offset, EventSink& sink) {
  if (!sink.wants_frames()) return;
  const SshFields fields(session_);
  const size_t header = std::min(kRecordHeader, record.size());
  auto report = [&](std::string_view name, size_t from, size_t length) {
    sink.frame(Frame{name, dir, frame_ids_.next(dir), offset + from, record.subspan(from, length), 0}, &fields);
  };
  report("ssh.record.pdu", 0, record.size());
  report("ssh.record.hdr", 0, header);
  report("ssh.record.data", header, record.size() - header);
}

void SshParser::log(EventSink& sink) {
  logged_ = true;
  sink.transaction("ssh", 0, LogDirection::Flow, SshFields(session_));
}

void SshParser::gap(Direction dir, uint32_t length, EventSink&) {
  stream_bytes_[static_cast<size_t>(dir)] += length;
  side(dir).stage = Stage::Done;
  side(dir).partial = {};
}

void SshParser::finish(EventSink& sink) {
  if (!logged_ && (session_.client.has_banner || session_.server.has_banner)) log(sink);
}

std::unique_ptr<AppParser> make_ssh_parser(bool) { return std::make_unique<SshParser>(); }

}  // namespace rampart::proto::ssh
