#pragma once
// The in-place buffer transforms a TransformChain applies, with Suricata 8's semantics.
// Each takes a non-empty buffer (the chain leaves empty buffers alone).
#include <cstdint>
#include <optional>
#include <vector>

#include "detect/compiled_regex.hpp"
#include "detect/inspect_base64.hpp"

namespace rampart::detect::transforms {

enum class Digest { Md5, Sha1, Sha256 };

std::optional<uint8_t> hex_digit_value(uint8_t digit);

void strip_whitespace(std::vector<uint8_t>& data);
void compress_whitespace(std::vector<uint8_t>& data);
void change_case(std::vector<uint8_t>& data, bool upper);
// The raw digest bytes (OpenSSL EVP).
void digest(std::vector<uint8_t>& data, Digest kind);
void url_decode(std::vector<uint8_t>& data);
void header_lowercase(std::vector<uint8_t>& data);
void strip_pseudo_headers(std::vector<uint8_t>& data);
void xor_with_key(std::vector<uint8_t>& data, const std::vector<uint8_t>& key);
void pcrexform(std::vector<uint8_t>& data, const CompiledRegex& regex);
// false when nothing decodes: the buffer must not be inspected then.
bool from_base64(std::vector<uint8_t>& data, uint32_t offset, uint32_t bytes, Base64Mode mode);

}  // namespace rampart::detect::transforms
