#pragma once
// Lower-case hex digests of text, as the fingerprints (JA3, JA4, HASSH) print them.
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto::tls {

std::string md5_hex(std::string_view text);
std::string sha256_hex(std::string_view text);
// Hex of bytes, with `separator` between bytes unless it is NUL.
std::string hex(std::span<const unsigned char> bytes, bool upper, char separator);

}  // namespace rampart::proto::tls
