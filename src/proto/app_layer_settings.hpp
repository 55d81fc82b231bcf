#pragma once
// What the configuration says about the application-layer parsers
// (suricata.yaml's app-layer.protocols.*). The sensor owns one; each flow's
// parsers read it through their FlowContext when they are attached.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "proto/file_store.hpp"
#include "proto/mime/url_finder.hpp"

namespace rampart::proto {

// app-layer.protocols.<name>.detection-ports.dp: the server ports a protocol is
// looked for first (and the only ones a port-bound probe such as DNS's runs on),
// in place of its default ports. Up to 4; 0 is unused.
struct DetectionPorts {
  std::string protocol;
  std::array<uint16_t, 4> ports{};
};

// app-layer.protocols.tls.encryption-handling, as Suricata: once a TLS flow carries
// application data, `default` stops inspecting its payload (packet and stream rules
// that need payload bytes skip it; transaction rules and the TLS record go on),
// `bypass` also stops inspecting its packets at all, `full` inspects it like any flow.
enum class EncryptionHandling : uint8_t { Default, Bypass, Full };

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
  // The file-store output, when files may be stored (force-filestore or a filestore rule); nullptr: none.
  FileStore* file_store = nullptr;
  // app-layer.protocols.ftp.max-line-length: longer FTP lines are truncated.
  uint64_t ftp_max_line = 4096;
  std::vector<DetectionPorts> detection_ports;
  // app-layer.protocols.smtp.mime.extract-urls-schemes and log-url-scheme.
  mime::UrlOptions smtp_urls;
  // app-layer.protocols.smtp.mime.body-md5: the MD5 of each message body is computed.
  bool smtp_body_md5 = false;
  EncryptionHandling tls_encryption_handling = EncryptionHandling::Default;
  // app-layer.protocols.ssh.encryption-handling, once both sides sent NEWKEYS:
  // Suricata's `track-only` (its default) is Default here.
  EncryptionHandling ssh_encryption_handling = EncryptionHandling::Default;
};

}  // namespace rampart::proto
