#pragma once
// Names of DNS record types and response codes as Suricata logs them.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rampart::proto::dns {

namespace rrtype {
inline constexpr uint16_t kA = 1, kNs = 2, kCname = 5, kSoa = 6, kNull = 10, kPtr = 12, kMx = 15, kTxt = 16,
                          kAaaa = 28, kSrv = 33, kOpt = 41, kDs = 43, kSshfp = 44, kRrsig = 46, kDnskey = 48,
                          kSvcb = 64, kHttps = 65, kCaa = 257;
}

// Big enough for "TYPE65535" / "65535".
using NameScratch = std::array<char, 12>;

// "A", "AAAA", "HTTPS", ... or "TYPE<n>" for types without a mnemonic.
std::string_view rrtype_name(uint16_t type, NameScratch& scratch);
// The type a mnemonic names, in any case ("aaaa" -> 28); nullopt if unknown.
std::optional<uint16_t> rrtype_from_name(std::string_view name);
// "NOERROR", "NXDOMAIN", ... or the number for unassigned codes.
std::string_view rcode_name(uint8_t rcode, NameScratch& scratch);

}  // namespace rampart::proto::dns
