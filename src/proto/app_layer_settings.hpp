#pragma once
// What the configuration says about the application-layer parsers
// (suricata.yaml's app-layer.protocols.*). The sensor owns one; each flow's
// parsers read it through their FlowContext when they are attached.
#include <cstdint>

namespace rampart::proto {

struct AppLayerSettings {
  // app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit
  uint32_t http_decompress_layer_limit = 2;
  // ...request-body-limit / response-body-limit: the body bytes kept per transaction
  // for http.request_body and file_data. The defaults are those of Suricata's shipped
  // suricata.yaml; 0 ("unlimited" there) means kHttpBodyLimitMax, so a flow stays bounded.
  uint64_t http_request_body_limit = 100 * 1024;
  uint64_t http_response_body_limit = 100 * 1024;
  static constexpr uint64_t kHttpBodyLimitMax = 16 * 1024 * 1024;
  // outputs.N.eve-log.types.N.files.force-hash: the digests of every file (file_hash bits).
  uint8_t file_hashes = 0;
};

}  // namespace rampart::proto
