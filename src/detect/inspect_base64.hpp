#pragma once
// Base64 decoding in the modes of Suricata's base64_decode keyword and from_base64
// transform. The output may alias the input: a decoder never writes past what it read.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace rampart::detect {

enum class Base64Mode {
  Rfc4648,  // stops at the first byte outside the alphabet or at '='
  Rfc2045,  // skips bytes outside the alphabet, stops at '='
  Strict,   // fails on any byte outside the alphabet and on misplaced or missing padding
};

// Decodes input into out (room for input.size() bytes) and returns the number of bytes
// written; nullopt when Strict mode rejects the input. A trailing group of 2 or 3
// characters yields 1 or 2 bytes; a lone trailing character yields nothing.
std::optional<size_t> decode_base64(std::span<const uint8_t> input, Base64Mode mode, uint8_t* out);

}  // namespace rampart::detect
