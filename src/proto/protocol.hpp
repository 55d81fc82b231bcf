#pragma once
// How an application protocol plugs into the sensor: its name, the transports and
// default ports it is found on, a content probe for detection on any port, and a
// parser factory, and the rule buffers its transactions serve. Each protocol
// folder defines one `Protocol` value; registry.cpp lists them (adding a protocol
// touches its folder and that one list; adding a buffer, its protocol's file).
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "proto/app_parser.hpp"

namespace rampart::proto {

enum class ProbeResult : uint8_t { Match, NoMatch, NeedMore };

// Which side's data a rule buffer holds (a rule on it inspects that direction).
enum class BufferSide : uint8_t { ToServer, ToClient, Both };

// How a rule uses a buffer. Sticky: `name; content:...` (the buffer holds text).
// Word: `name:value;` matches when the buffer equals the word that `words` maps
// the rule's value to (e.g. ftp.reply_received: on -> "yes"). Number: `name:N;`
// (with <, >, A-B ... as dsize takes) on a buffer holding a 16-bit big-endian value;
// `words` name values a rule may give instead of N (dns.rcode:nxdomain -> "3").
// Frame: `frame:name;` selects it (the bytes of a proto::Frame of that name).
enum class BufferUse : uint8_t { Sticky, Word, Number, Frame };

struct WordValue {
  std::string_view in_rule, in_buffer;
};

// A buffer that EveFields::buffer(name, index) serves for this protocol.
struct RuleBuffer {
  std::string_view name;
  BufferSide side = BufferSide::Both;
  BufferUse use = BufferUse::Sticky;
  std::vector<std::string_view> aliases{};
  std::vector<WordValue> words{};
};

struct FrameName {
  std::string_view name;
  BufferSide side = BufferSide::Both;
};

struct Protocol {
  std::string_view name;        // EVE's app_proto value: "http", "dns", "tls", ...
  std::string_view stats_name;  // stats.app_layer.flow key for TCP, e.g. "dns_tcp" ("" = name)
  std::string_view stats_name_udp;
  bool tcp = false, udp = false;
  std::vector<uint16_t> ports;  // default server ports, tried first
  bool port_required = false;   // probe only on those ports (weak probes, e.g. DNS)
  // Does the first data of a direction look like this protocol? `to_server` tells
  // which way it travels; protocols where the server speaks first probe replies.
  ProbeResult (*probe)(Direction dir, std::span<const uint8_t> data) = nullptr;
  std::unique_ptr<AppParser> (*make_parser)(bool over_tcp) = nullptr;
  // False for protocols whose session is one transaction (TLS, SSH): Suricata's
  // stats.app_layer.tx counts only transactions a flow adds, so never these.
  bool counts_transactions = true;
  // The buffers rules may name; the detect buffer registry adds them.
  std::vector<RuleBuffer> buffers{};
  // The frames its parser reports (proto/frame.hpp), by full name ("dns.pdu"), with
  // the side whose bytes they hold; `frame:` rules name them.
  std::vector<FrameName> frames{};
  // Its generic stream frame over TCP ("http1.stream", proto/stream_frame.hpp), if any.
  std::string_view stream_frame{};
};

// Every protocol the sensor parses, in detection priority order.
const std::vector<Protocol>& registered_protocols();

}  // namespace rampart::proto
