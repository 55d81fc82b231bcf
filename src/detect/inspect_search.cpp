#include "detect/inspect_search.hpp"

#include <cstring>
#include <string_view>

namespace rampart::detect {

namespace {

uint8_t fold(uint8_t byte) { return (byte >= 'A' && byte <= 'Z') ? static_cast<uint8_t>(byte + 32) : byte; }

bool equal_at(std::span<const uint8_t> haystack, size_t at, std::string_view pattern, bool nocase) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    uint8_t a = haystack[at + i];
    auto b = static_cast<uint8_t>(pattern[i]);
    if (nocase ? fold(a) != fold(b) : a != b) return false;
  }
  return true;
}

std::optional<size_t> find_pattern(std::span<const uint8_t> buffer, size_t start, size_t end, std::string_view pattern,
                                   bool nocase) {
  if (end - start < pattern.size()) return std::nullopt;
  if (!nocase) {
    const void* hit = memmem(buffer.data() + start, end - start, pattern.data(), pattern.size());
    if (hit == nullptr) return std::nullopt;
    return static_cast<size_t>(static_cast<const uint8_t*>(hit) - buffer.data());
  }
  for (size_t at = start; at + pattern.size() <= end; ++at)
    if (equal_at(buffer, at, pattern, true)) return at;
  return std::nullopt;
}

}  // namespace

std::optional<size_t> find_content(std::span<const uint8_t> buffer, size_t start, size_t end, const ContentMatch& c) {
  if (!c.endswith) return find_pattern(buffer, start, end, c.pattern, c.nocase);
  // endswith: the only candidate ends at the buffer end, and the window must reach it.
  if (end != buffer.size() || end - start < c.pattern.size()) return std::nullopt;
  size_t at = end - c.pattern.size();
  if (!equal_at(buffer, at, c.pattern, c.nocase)) return std::nullopt;
  return at;
}

}  // namespace rampart::detect
