#pragma once
// What a parser may know of its flow beyond the bytes: the endpoints, the flow's
// id, the time of the packet being processed, the table of expected flows the
// workers share (nullptr: none), and the data channel the flow was expected for
// (nullptr: it was found by probing), the configured parser settings
// (nullptr: the defaults), and whether the flow was picked up midstream. The sensor hands it to the application layer
// when the flow starts; views and pointers outlive the flow's parsers.
#include <cstdint>
#include <memory>

#include "common/ip_address.hpp"
#include "proto/app_layer_settings.hpp"
#include "proto/expectation_table.hpp"

namespace rampart::proto {

struct FlowContext {
  IpAddress client, server;
  uint16_t client_port = 0, server_port = 0;
  uint64_t flow_id = 0;
  const uint64_t* now_usec = nullptr;
  ExpectationTable* expectations = nullptr;
  std::shared_ptr<const DataChannel> channel;
  const AppLayerSettings* settings = nullptr;
  // The flow's first data may come from its server: a TCP flow picked up midstream,
  // or any UDP flow (its first datagram may be a reply, as a DNS response).
  bool midstream = false;
};

}  // namespace rampart::proto
