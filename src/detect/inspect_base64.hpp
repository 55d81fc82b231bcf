#pragma once
// Base64 decoding in the modes of Suricata 8's base64_decode keyword and from_base64
// transform. Input is read in groups of four characters from the alphabet or '=';
// a group "xx==" gives one byte, "xxx=" two, "xxxx" three, and decoding goes on after a
// padded group. The output may alias the input: a decoder never writes past what it read.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace rampart::detect {

enum class Base64Mode {
  Rfc4648,  // stops at the first byte outside the alphabet and '='; a final partial group is padded
  Rfc2045,  // skips bytes outside the alphabet and '='; a final partial group is dropped
  Strict,   // canonical base64 only: any other byte, bad padding or non-zero trailing bits fail
};

// Decodes input into out (room for input.size() bytes) and returns the number of bytes
// written; nullopt when the input does not decode (a group with '=' in its first two
// places, a lone final character in Rfc4648 mode, anything non-canonical in Strict mode).
std::optional<size_t> decode_base64(std::span<const uint8_t> input, Base64Mode mode, uint8_t* out);

}  // namespace rampart::detect
