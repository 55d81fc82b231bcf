#include "proto/file_magic.hpp"

#include <magic.h>

#include <algorithm>
#include <memory>

namespace rampart::proto {

namespace {

struct MagicCloser {
  void operator()(magic_set* cookie) const { magic_close(cookie); }
};
using MagicHandle = std::unique_ptr<magic_set, MagicCloser>;

MagicHandle open_magic() {
  // No decompression or sub-file probing: the type of the bytes as they are, as Suricata asks.
  MagicHandle cookie(magic_open(MAGIC_NONE));
  if (cookie && magic_load(cookie.get(), nullptr) != 0) cookie.reset();
  return cookie;
}

}  // namespace

std::string file_magic(std::span<const uint8_t> first_bytes) {
  thread_local MagicHandle cookie = open_magic();
  if (!cookie || first_bytes.empty()) return {};
  const char* text = magic_buffer(cookie.get(), first_bytes.data(), std::min(first_bytes.size(), kMagicBytes));
  return text != nullptr ? std::string(text) : std::string();
}

std::string file_magic(std::string_view first_bytes) {
  return file_magic(std::span(reinterpret_cast<const uint8_t*>(first_bytes.data()), first_bytes.size()));
}

}  // namespace rampart::proto
