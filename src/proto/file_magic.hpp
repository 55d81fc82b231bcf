#pragma once
// The file type libmagic sees in a file's first bytes (Suricata's fileinfo.magic
// and filemagic keyword), e.g. "PDF document, version 1.4". Each thread opens
// its own libmagic handle once (handles are not thread-safe); the text is empty
// when libmagic or its database is not available.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto {

// How many first bytes of a file the type is taken from.
inline constexpr size_t kMagicBytes = 4096;

std::string file_magic(std::span<const uint8_t> first_bytes);
std::string file_magic(std::string_view first_bytes);

}  // namespace rampart::proto
