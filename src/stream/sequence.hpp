#pragma once
// TCP sequence number arithmetic modulo 2^32 (RFC 1982 style): a is "before" b
// when the signed distance from b to a is negative, so comparisons stay right
// across the wrap from 0xffffffff to 0.
#include <cstdint>

namespace rampart::stream {

inline int32_t seq_diff(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b); }
inline bool seq_lt(uint32_t a, uint32_t b) { return seq_diff(a, b) < 0; }
inline bool seq_leq(uint32_t a, uint32_t b) { return seq_diff(a, b) <= 0; }
inline bool seq_gt(uint32_t a, uint32_t b) { return seq_diff(a, b) > 0; }
inline bool seq_geq(uint32_t a, uint32_t b) { return seq_diff(a, b) >= 0; }
inline uint32_t seq_max(uint32_t a, uint32_t b) { return seq_gt(a, b) ? a : b; }

}  // namespace rampart::stream
