#pragma once
// Shared by the SMTP and FTP tests: a conversation as the turns each side took,
// fed to a new parser in order with every turn cut in two at `cut` (or in
// pieces of `piece` bytes), so the same conversation arrives split every way.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "proto/protocol.hpp"

namespace rampart::line_test {

using proto::Direction;
using Turns = std::vector<std::pair<Direction, std::string>>;

inline std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Feeds the turns to `parser`, each in pieces of `piece` bytes, the first piece
// `cut` bytes long when cut > 0. Returns false as soon as the parser does.
template <typename Sink>
bool feed(proto::AppParser& parser, const Turns& turns, Sink& sink, size_t cut = 0, size_t piece = SIZE_MAX) {
  for (const auto& [dir, text] : turns) {
    size_t at = 0;
    while (at < text.size()) {
      size_t size = at == 0 && cut > 0 ? cut : piece;
      size_t end = std::min(text.size(), at + std::min(size, text.size() - at));
      if (!parser.parse(dir, bytes_of(std::string_view(text).substr(at, end - at)), sink)) return false;
      at = end;
    }
  }
  return true;
}

}  // namespace rampart::line_test
