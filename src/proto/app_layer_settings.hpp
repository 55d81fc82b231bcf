#pragma once
// What the configuration says about the application-layer parsers
// (suricata.yaml's app-layer.protocols.*). The sensor owns one; each flow's
// parsers read it through their FlowContext when they are attached.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "proto/mime/url_finder.hpp"

namespace rampart::proto {

// app-layer.protocols.<name>.detection-ports.dp: the server ports a protocol is
// looked for first (and the only ones a port-bound probe such as DNS's runs on),
// in place of its default ports. Up to 4; 0 is unused.
struct DetectionPorts {
  std::string protocol;
  std::array<uint16_t, 4> ports{};
};

struct AppLayerSettings {
  // app-layer.protocols.http.libhtp.default-config.response-body-decompress-layer-limit
  uint32_t http_decompress_layer_limit = 2;
  // app-layer.protocols.ftp.max-line-length: longer FTP lines are truncated.
  uint64_t ftp_max_line = 4096;
  std::vector<DetectionPorts> detection_ports;
  // app-layer.protocols.smtp.mime.extract-urls-schemes and log-url-scheme.
  mime::UrlOptions smtp_urls;
};

}  // namespace rampart::proto
