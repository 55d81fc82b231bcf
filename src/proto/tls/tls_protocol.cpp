#include "proto/tls/tls_protocol.hpp"

#include "proto/tls/tls_hello.hpp"
#include "proto/tls/tls_parser.hpp"
#include "proto/tls/tls_stream.hpp"

namespace rampart::proto::tls {

namespace {

// An SSLv2-framed CLIENT-HELLO offering SSLv3 or TLS (RFC 5246 E.2).
ProbeResult probe_sslv2_hello(std::span<const uint8_t> data) {
  constexpr uint8_t kClientHello = 1;
  if (data.size() < 4) return ProbeResult::NeedMore;
  return data[2] == kClientHello && data[3] == 3 ? ProbeResult::Match : ProbeResult::NoMatch;
}

// A handshake record of some TLS/SSLv3 version whose first message is a hello.
ProbeResult probe(Direction, std::span<const uint8_t> data) {
  constexpr size_t kTypeOffset = RecordStream::kHeaderSize;
  if (!data.empty() && (data[0] & 0x80) != 0) return probe_sslv2_hello(data);
  if (!data.empty() && data[0] != static_cast<uint8_t>(ContentType::Handshake)) return ProbeResult::NoMatch;
  if (data.size() > 1 && data[1] != 3) return ProbeResult::NoMatch;
  if (data.size() <= kTypeOffset) return ProbeResult::NeedMore;
  auto type = static_cast<HandshakeType>(data[kTypeOffset]);
  return type == HandshakeType::ClientHello || type == HandshakeType::ServerHello ? ProbeResult::Match
                                                                                  : ProbeResult::NoMatch;
}

}  // namespace

Protocol tls_protocol() {
  return {.name = "tls",
          .stats_name = "",
          .stats_name_udp = "",
          .tcp = true,
          .udp = false,
          .ports = {443, 465, 636, 853, 993, 995, 8443},
          .port_required = false,
          .probe = probe,
          .make_parser = make_tls_parser,
          .counts_transactions = false,
          .buffers = {{.name = "tls.alpn"}},
          .frames = {{"tls.pdu"},
                     {"tls.hdr"},
                     {"tls.data"},
                     {"tls.alert"},
                     {"tls.heartbeat"},
                     {"tls.ssl2.hdr"},
                     {"tls.ssl2.pdu"}},
          .stream_frame = "tls.stream"};
}

}  // namespace rampart::proto::tls
