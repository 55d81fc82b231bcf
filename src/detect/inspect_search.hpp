#pragma once
// Finds a content's pattern in a window of a buffer: byte for byte, or folding ASCII
// letters for nocase; endswith only accepts the occurrence that ends the buffer.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "detect/payload_match.hpp"

namespace rampart::detect {

// The start of the first occurrence of c.pattern inside [start, end) of buffer.
std::optional<size_t> find_content(std::span<const uint8_t> buffer, size_t start, size_t end, const ContentMatch& c);

}  // namespace rampart::detect
