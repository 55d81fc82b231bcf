#include "detect/protocols.hpp"

#include <algorithm>
#include <array>

namespace rampart::detect {

namespace {

constexpr auto kTransport = std::to_array<std::string_view>({
    "ip", "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv4", "icmpv6", "igmp", "sctp", "pkthdr", "tcp-pkt", "tcp-stream", "udp-pkt"});

constexpr auto kApplication = std::to_array<std::string_view>({
    "http", "http1", "http2", "dns", "tls", "ssh", "smtp", "ftp", "ftp-data", "smb", "dcerpc", "dhcp", "nfs", "krb5",
    "snmp", "sip", "rdp", "rfb", "mqtt", "modbus", "dnp3", "enip", "quic", "ike", "pgsql", "ldap", "tftp", "ntp", "imap",
    "pop3", "websocket", "telnet", "bittorrent-dht", "mdns", "doh2", "failed", "ikev2", "template", "ssl", "msn", "irc",
    "jabber", "s7comm", "iec104", "ftp-data"});

}  // namespace

bool is_transport_protocol(std::string_view name) { return std::find(kTransport.begin(), kTransport.end(), name) != kTransport.end(); }

bool is_app_protocol(std::string_view name) { return std::find(kApplication.begin(), kApplication.end(), name) != kApplication.end(); }

}  // namespace rampart::detect
