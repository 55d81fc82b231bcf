#pragma once
// The DNS application parser of one flow: every message is one transaction,
// numbered in arrival order as Suricata numbers them, and logged as a "request"
// (to the server) or a "response" (to the client) record as soon as it parses.
// Each message is Suricata's frame dns.pdu (over TCP without its length prefix).
#include <array>
#include <memory>
#include <string>

#include "proto/app_parser.hpp"
#include "proto/dns/dns_message.hpp"
#include "proto/dns/tcp_framing.hpp"

namespace rampart::proto::dns {

class DnsParser final : public AppParser {
 public:
  explicit DnsParser(bool over_tcp) : over_tcp_(over_tcp) {}
  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink&) override {}

 private:
  // False when the message cannot be DNS or is malformed. stream_offset: where it
  // starts in dir's stream (TCP).
  bool handle_message(Direction dir, std::span<const uint8_t> bytes, EventSink& sink,
                      std::optional<uint64_t> stream_offset = std::nullopt);
  void report_frame(Direction dir, std::span<const uint8_t> bytes, std::optional<uint64_t> stream_offset,
                    std::optional<uint64_t> tx_id, const EveFields* tx, EventSink& sink);
  bool parse_stream(Direction dir, std::span<const uint8_t> bytes, EventSink& sink);

  bool over_tcp_;
  uint64_t next_tx_id_ = 0;
  Message message_;     // reused: its vectors keep their storage
  std::string scratch_;  // reused text storage for logging
  std::array<TcpFramer, 2> framers_;
  // After a gap, a direction's framing is lost until data that starts with a
  // plausible length-prefixed message arrives.
  std::array<bool, 2> resyncing_{};
  FrameIds frame_ids_;
};

std::unique_ptr<AppParser> make_dns_parser(bool over_tcp);

}  // namespace rampart::proto::dns
