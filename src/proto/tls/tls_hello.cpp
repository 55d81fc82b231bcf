#include "proto/tls/tls_hello.hpp"

#include <algorithm>

#include "proto/tls/byte_reader.hpp"

namespace rampart::proto::tls {

namespace {

// Extension types (IANA TLS ExtensionType registry).
constexpr uint16_t kServerName = 0, kSupportedGroups = 10, kPointFormats = 11, kSignatureAlgorithms = 13,
                   kAlpn = 16, kSupportedVersions = 43;
constexpr uint32_t kHostName = 0;

std::vector<uint16_t> read_u16_list(std::span<const uint8_t> bytes) {
  std::vector<uint16_t> out;
  ByteReader r(bytes);
  while (r.remaining() >= 2) out.push_back(static_cast<uint16_t>(r.u16()));
  return out;
}

std::string as_text(std::span<const uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

std::vector<std::string> read_alpns(std::span<const uint8_t> data) {
  std::vector<std::string> out;
  ByteReader list(ByteReader(data).prefixed(2));
  while (!list.empty()) {
    auto name = list.prefixed(1);
    if (!list.ok()) break;
    out.push_back(as_text(name));
  }
  return out;
}

void read_server_name(std::span<const uint8_t> data, ClientHello& out, HelloEvents& events) {
  if (out.has_sni) events.names.push_back("MULTIPLE_SNI_EXTENSIONS");
  out.has_sni = true;
  ByteReader list(ByteReader(data).prefixed(2));
  if (list.empty()) return;
  if (list.u8() != kHostName) {
    events.names.push_back("INVALID_SNI_TYPE");
    return;
  }
  auto name = list.prefixed(2);
  if (!list.ok()) {
    events.names.push_back("INVALID_SNI_LENGTH");
    return;
  }
  out.sni = as_text(name);
}

void read_client_extension(uint16_t type, std::span<const uint8_t> data, ClientHello& out, HelloEvents& events) {
  switch (type) {
    case kServerName: read_server_name(data, out, events); break;
    case kSupportedGroups: out.groups = read_u16_list(ByteReader(data).prefixed(2)); break;
    case kPointFormats: {
      auto formats = ByteReader(data).prefixed(1);
      out.point_formats.assign(formats.begin(), formats.end());
      break;
    }
    case kSignatureAlgorithms: out.signature_algorithms = read_u16_list(ByteReader(data).prefixed(2)); break;
    case kAlpn: out.alpns = read_alpns(data); break;
    case kSupportedVersions: out.supported_versions = read_u16_list(ByteReader(data).prefixed(1)); break;
    default: break;
  }
}

void read_random(ByteReader& r, HelloRandom& random) {
  auto bytes = r.take(kRandomSize);
  if (bytes.size() == kRandomSize) std::ranges::copy(bytes, random.begin());
}

}  // namespace

bool parse_client_hello(std::span<const uint8_t> body, ClientHello& out, HelloEvents& events) {
  ByteReader r(body);
  out.legacy_version = static_cast<uint16_t>(r.u16());
  read_random(r, out.random);
  auto session_id = r.prefixed(1);
  out.session_id.assign(session_id.begin(), session_id.end());
  out.ciphers = read_u16_list(r.prefixed(2));
  r.prefixed(1);  // compression methods
  if (!r.ok()) return false;
  if (r.empty()) return true;  // extensions are optional before TLS 1.3
  ByteReader extensions(r.prefixed(2));
  while (r.ok() && !extensions.empty()) {
    auto type = static_cast<uint16_t>(extensions.u16());
    auto data = extensions.prefixed(2);
    if (!extensions.ok()) return false;
    out.extensions.push_back(type);
    read_client_extension(type, data, out, events);
  }
  return r.ok();
}

bool parse_server_hello(std::span<const uint8_t> body, ServerHello& out) {
  ByteReader r(body);
  out.legacy_version = static_cast<uint16_t>(r.u16());
  out.version = out.legacy_version;
  read_random(r, out.random);
  // TLS 1.3 drafts before 22 (version 0x7F..) dropped the session id and the
  // compression method, which later drafts restored for middleboxes.
  bool draft_layout = (out.legacy_version >> 8) == 0x7F;
  if (!draft_layout) {
    auto session_id = r.prefixed(1);
    out.session_id.assign(session_id.begin(), session_id.end());
  }
  out.cipher = static_cast<uint16_t>(r.u16());
  if (!draft_layout) r.u8();  // compression method
  if (!r.ok()) return false;
  if (r.empty()) return true;
  ByteReader extensions(r.prefixed(2));
  while (r.ok() && !extensions.empty()) {
    auto type = static_cast<uint16_t>(extensions.u16());
    auto data = extensions.prefixed(2);
    if (!extensions.ok()) return false;
    out.extensions.push_back(type);
    if (type == kSupportedVersions && data.size() == 2) out.version = static_cast<uint16_t>((data[0] << 8) | data[1]);
    if (type == kAlpn) out.alpns = read_alpns(data);
  }
  return r.ok();
}

}  // namespace rampart::proto::tls
