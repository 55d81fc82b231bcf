#pragma once
// The number reading and arithmetic of byte_test, byte_jump, byte_extract and byte_math,
// with Suricata's rules: relative reads start at the end of the previous match, binary
// numbers are big or little endian (dce is read as little endian), string numbers are
// parsed like strtoull in their base and may stop at the first non-digit, and a bitmask
// is applied and then shifted right by its trailing zero bits.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "detect/payload_match.hpp"

namespace rampart::detect {

struct NumberRead {
  uint64_t value = 0;
  size_t end = 0;  // buffer position just after the bytes the number was read from
};

// Reads spec.bytes bytes at offset (from position when spec.relative); nullopt when they
// are not all inside the buffer or do not form a number. 0 bytes with a string base
// reads the rest of the buffer; 0 binary bytes read the value 0 (byte_jump by
// post_offset alone), even at the buffer end.
std::optional<NumberRead> read_number(const ByteReadSpec& spec, int64_t offset, std::span<const uint8_t> buffer,
                                      size_t position);

uint64_t apply_bitmask(uint64_t value, uint32_t bitmask);

// byte_test's comparison (op as parsed: <, >, =, <=, >=, &, ^), before negation.
bool compare_number(std::string_view op, uint64_t read, uint64_t value);

// byte_math's operation; nullopt for a division by zero.
std::optional<uint64_t> byte_math_apply(std::string_view op, uint64_t value, uint64_t rvalue);

// byte_jump's target position, or nullopt when it lands past the buffer end (the end
// itself is a valid target; a target before the buffer start is moved to the start).
std::optional<size_t> byte_jump_target(const ByteJump& jump, const NumberRead& read, size_t buffer_size);

}  // namespace rampart::detect
