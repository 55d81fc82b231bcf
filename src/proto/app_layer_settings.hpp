#pragma once
// What the configuration says about the application-layer parsers
// (suricata.yaml's app-layer.protocols.*). The sensor owns one; each flow's
// parsers read it through their FlowContext when they are attached.
#include <cstdint>

namespace rampart::proto {

struct AppLayerSettings {
  // app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit
  uint32_t http_decompress_layer_limit = 2;
};

}  // namespace rampart::proto
