#pragma once
// How an application protocol plugs into the sensor: its name, the transports and
// default ports it is found on, a content probe for detection on any port, and a
// parser factory. Each protocol folder defines one `Protocol` value; registry.cpp
// lists them (adding a protocol touches its folder and that one list).
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "proto/app_parser.hpp"

namespace rampart::proto {

enum class ProbeResult : uint8_t { Match, NoMatch, NeedMore };

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
};

// Every protocol the sensor parses, in detection priority order.
const std::vector<Protocol>& registered_protocols();

}  // namespace rampart::proto
