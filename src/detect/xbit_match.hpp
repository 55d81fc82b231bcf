#pragma once
// A rule's xbits and hostbits, compiled, and their evaluation against the shared
// HostBitStore: isset/isnotset are conditions checked with the other non-payload
// conditions; set/unset/toggle are applied when the whole rule matched. The host is
// the packet's source (track ip_src) or destination (ip_dst), or both (ip_pair).
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "detect/host_bits.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

struct CompiledXbit {
  enum class Op : uint8_t { Set, Unset, Toggle, IsSet, IsNotSet };
  enum class Track : uint8_t { Source, Destination, Pair };
  Op op = Op::IsSet;
  Track track = Track::Source;
  uint32_t id = 0;  // interned name (variable_names.hpp)
  uint32_t expire_seconds = HostBitStore::kDefaultExpireSeconds;
};

// Fails for what the engine does not keep (track tx).
std::expected<std::vector<CompiledXbit>, std::string> compile_xbits(const Signature& sig);

bool xbits_hold(std::span<const CompiledXbit> xbits, const IpAddress& src, const IpAddress& dst, uint64_t now_usec);
void apply_xbits(std::span<const CompiledXbit> xbits, const IpAddress& src, const IpAddress& dst, uint64_t now_usec);

}  // namespace rampart::detect
