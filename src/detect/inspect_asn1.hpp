#pragma once
// The asn1 keyword: decodes BER elements at a position and reports whether any of them
// trips one of the keyword's checks (oversize_length, bitstring_overflow, double_overflow).
#include <cstddef>
#include <cstdint>
#include <span>

#include "detect/payload_match.hpp"

namespace rampart::detect {

// Suricata's default asn1 frame limit: at most this many top-level elements and this
// nesting depth; more than that is treated as undecodable (no match).
inline constexpr size_t kAsn1MaxFrames = 30;

// position is the end of the previous match, for relative_offset.
bool asn1_check_matches(const Asn1Check& check, std::span<const uint8_t> buffer, size_t position);

}  // namespace rampart::detect
