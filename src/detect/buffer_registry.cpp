#include "detect/buffer_registry.hpp"

#include <algorithm>

namespace rampart::detect {

namespace {

constexpr auto ToServer = FlowDirection::ToServer;
constexpr auto ToClient = FlowDirection::ToClient;
constexpr auto Both = FlowDirection::Any;

FlowDirection direction_of(proto::BufferSide side) {
  switch (side) {
    case proto::BufferSide::ToServer: return ToServer;
    case proto::BufferSide::ToClient: return ToClient;
    case proto::BufferSide::Both: return Both;
  }
  return Both;
}

void add_protocol_buffers(BufferRegistry& r) {
  for (const auto& protocol : proto::registered_protocols())
    for (const auto& buffer : protocol.buffers)
      r.add({std::string(buffer.name), std::string(protocol.name), direction_of(buffer.side),
             {buffer.aliases.begin(), buffer.aliases.end()}, buffer.use, buffer.words});
  for (const auto& protocol : proto::registered_protocols())
    for (const auto& frame : protocol.frames)
      r.add({std::string(frame.name), std::string(protocol.name), direction_of(frame.side), {}, proto::BufferUse::Frame});
  for (const auto& protocol : proto::registered_protocols())
    if (!protocol.stream_frame.empty())
      r.add({std::string(protocol.stream_frame), std::string(protocol.name), Both, {}, proto::BufferUse::Frame});
}

BufferRegistry make_builtin() {
  BufferRegistry r;
  r.add({"pkt_data", "", Both, {}});
  r.add({"base64_data", "", Both, {}});
  for (const char* header : {"ipv4.hdr", "ipv6.hdr", "tcp.hdr", "udp.hdr", "icmpv4.hdr", "icmpv6.hdr"})
    r.add({header, "", Both, {}});
  r.add({"ip.src", "", Both, {}});
  r.add({"ip.dst", "", Both, {}});
  // The HTTP response body is file.data, as in Suricata.
  r.add({"file.data", "", Both, {"file_data", "http.response_body"}});
  r.add({"file.name", "", Both, {"file_name"}});
  r.add({"file.magic", "", Both, {}});
  // HTTP
  r.add({"http.uri", "http", ToServer, {}});
  r.add({"http.uri.raw", "http", ToServer, {}});
  r.add({"http.method", "http", ToServer, {}});
  r.add({"http.request_line", "http", ToServer, {"http_request_line"}});
  r.add({"http.request_body", "http", ToServer, {}});
  r.add({"http.user_agent", "http", ToServer, {}});
  r.add({"http.host", "http", ToServer, {}});
  r.add({"http.host.raw", "http", ToServer, {}});
  r.add({"http.referer", "http", ToServer, {}});
  r.add({"http.accept", "http", ToServer, {"http_accept"}});
  r.add({"http.accept_enc", "http", ToServer, {"http_accept_enc"}});
  r.add({"http.accept_lang", "http", ToServer, {"http_accept_lang"}});
  r.add({"http.request_header", "http", ToServer, {}});
  r.add({"http.response_line", "http", ToClient, {"http_response_line"}});
  r.add({"http.stat_code", "http", ToClient, {}});
  r.add({"http.stat_msg", "http", ToClient, {}});
  r.add({"http.server", "http", ToClient, {}});
  r.add({"http.location", "http", ToClient, {}});
  r.add({"http.response_header", "http", ToClient, {}});
  r.add({"http.header", "http", Both, {}});
  r.add({"http.header.raw", "http", Both, {}});
  r.add({"http.cookie", "http", Both, {}});
  r.add({"http.content_type", "http", Both, {"http_content_type"}});
  r.add({"http.content_len", "http", Both, {"http_content_len"}});
  r.add({"http.connection", "http", Both, {"http_connection"}});
  r.add({"http.start", "http", Both, {"http_start"}});
  r.add({"http.protocol", "http", Both, {"http_protocol"}});
  r.add({"http.header_names", "http", Both, {"http_header_names"}});
  // TLS
  r.add({"tls.sni", "tls", ToServer, {"tls_sni"}});
  r.add({"tls.cert_subject", "tls", Both, {"tls_cert_subject"}});
  r.add({"tls.cert_issuer", "tls", Both, {"tls_cert_issuer"}});
  r.add({"tls.cert_serial", "tls", Both, {"tls_cert_serial"}});
  r.add({"tls.cert_fingerprint", "tls", Both, {"tls_cert_fingerprint"}});
  r.add({"tls.certs", "tls", ToClient, {}});
  r.add({"tls.subjectaltname", "tls", ToClient, {}});
  r.add({"ja3.hash", "tls", ToServer, {"ja3_hash"}});
  r.add({"ja3.string", "tls", ToServer, {}});
  r.add({"ja3s.hash", "tls", ToClient, {"ja3s_hash"}});
  r.add({"ja3s.string", "tls", ToClient, {}});
  r.add({"ja4.hash", "tls", ToServer, {}});
  // SSH
  r.add({"ssh.proto", "ssh", Both, {"ssh_proto"}});
  r.add({"ssh.software", "ssh", Both, {"ssh_software"}});
  r.add({"ssh.hassh", "ssh", ToServer, {}});
  r.add({"ssh.hassh.string", "ssh", ToServer, {}});
  r.add({"ssh.hassh.server", "ssh", ToClient, {}});
  r.add({"ssh.hassh.server.string", "ssh", ToClient, {}});
  // SMB, Kerberos, DNP3
  r.add({"smb.named_pipe", "smb", ToServer, {}});
  r.add({"smb.share", "smb", ToServer, {}});
  r.add({"krb5.cname", "krb5", Both, {"krb5_cname"}});
  r.add({"krb5.sname", "krb5", Both, {"krb5_sname"}});
  r.add({"dnp3.data", "dnp3", Both, {"dnp3_data"}});
  add_protocol_buffers(r);

  r.add_legacy_modifier({"http_uri", "http.uri"});
  r.add_legacy_modifier({"http_raw_uri", "http.uri.raw"});
  r.add_legacy_modifier({"http_method", "http.method"});
  r.add_legacy_modifier({"http_header", "http.header"});
  r.add_legacy_modifier({"http_raw_header", "http.header.raw"});
  r.add_legacy_modifier({"http_cookie", "http.cookie"});
  r.add_legacy_modifier({"http_user_agent", "http.user_agent"});
  r.add_legacy_modifier({"http_host", "http.host"});
  r.add_legacy_modifier({"http_raw_host", "http.host.raw"});
  r.add_legacy_modifier({"http_client_body", "http.request_body"});
  r.add_legacy_modifier({"http_server_body", "file.data"});
  r.add_legacy_modifier({"http_stat_code", "http.stat_code"});
  r.add_legacy_modifier({"http_stat_msg", "http.stat_msg"});
  return r;
}

}  // namespace

const BufferRegistry& BufferRegistry::builtin() {
  static const BufferRegistry registry = make_builtin();
  return registry;
}

const BufferSpec* BufferRegistry::find(std::string_view name) const {
  for (const auto& spec : buffers_) {
    if (spec.name == name) return &spec;
    if (std::find(spec.aliases.begin(), spec.aliases.end(), name) != spec.aliases.end()) return &spec;
  }
  return nullptr;
}

const BufferSpec* BufferRegistry::find_frame(std::string_view name) const {
  for (const auto& spec : buffers_)
    if (spec.use == proto::BufferUse::Frame && spec.name == name) return &spec;
  return nullptr;
}

const LegacyModifier* BufferRegistry::find_legacy_modifier(std::string_view name) const {
  for (const auto& m : legacy_)
    if (m.modifier == name) return &m;
  return nullptr;
}

bool app_protocol_compatible(std::string_view rule_protocol, std::string_view buffer_protocol) {
  if (buffer_protocol.empty() || rule_protocol == buffer_protocol) return true;
  if (buffer_protocol == "http") return rule_protocol == "http1" || rule_protocol == "http2";
  return false;
}

}  // namespace rampart::detect
