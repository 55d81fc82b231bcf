#pragma once
// Bytes as EVE writes them: base64 (RFC 4648, padded) and Suricata's printable
// form (printable ASCII, CR and LF as they are, any other byte as '.').
#include <cstdint>
#include <span>
#include <string>

namespace rampart {

void append_base64(std::string& out, std::span<const uint8_t> bytes);
void append_printable(std::string& out, std::span<const uint8_t> bytes);

}  // namespace rampart
