#pragma once
// The SSH application parser of one flow: each side's identification line
// (RFC 4253 4.2), then its binary packets up to NEWKEYS, reading KEXINIT for
// HASSH. After NEWKEYS a side is encrypted and ignored. One "ssh" record is
// logged once both sides switched keys, or when the flow ends. Each binary packet
// is reported as Suricata's frames ssh.record.pdu, .hdr and .data.
#include <array>
#include <memory>
#include <vector>

#include "proto/app_parser.hpp"
#include "proto/ssh/ssh_session.hpp"

namespace rampart::proto::ssh {

class SshParser final : public AppParser {
 public:
  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink& sink) override;
  // Both sides sent NEWKEYS: from there on the flow is encrypted, and Suricata's
  // app-layer.protocols.ssh.encryption-handling applies.
  bool encrypted() const override { return sides_[0].new_keys && sides_[1].new_keys; }

 private:
  enum class Stage : uint8_t { Banner, Packets, Done };
  struct Side {
    Stage stage = Stage::Banner;
    std::vector<uint8_t> partial;  // a banner line or packet that spans calls
    bool new_keys = false;         // it sent NEWKEYS (RFC 4253 7.3)
  };

  // Each consumes from `bytes`; false when the side's input is invalid.
  bool read_banner(Direction dir, std::span<const uint8_t>& bytes, EventSink& sink);
  bool read_packet(Direction dir, std::span<const uint8_t>& bytes, EventSink& sink);
  void on_banner(Direction dir, std::string_view line, EventSink& sink);
  void on_packet(Direction dir, std::span<const uint8_t> packet);
  // record: a whole binary packet, starting at `offset` of dir's stream.
  void report_frames(Direction dir, std::span<const uint8_t> record, uint64_t offset, EventSink& sink);
  Side& side(Direction dir) { return sides_[static_cast<size_t>(dir)]; }
  SshPeer& peer(Direction dir) { return dir == Direction::ToServer ? session_.client : session_.server; }
  void log(EventSink& sink);

  std::array<Side, 2> sides_;
  std::array<uint64_t, 2> stream_bytes_{};  // given to parse() and gap(), per direction
  FrameIds frame_ids_;
  SshSession session_;
  bool logged_ = false;
};

std::unique_ptr<AppParser> make_ssh_parser(bool over_tcp);

}  // namespace rampart::proto::ssh
