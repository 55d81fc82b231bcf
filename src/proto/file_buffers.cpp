#include "proto/file_buffers.hpp"

#include <fmt/format.h>

#include <array>

#include "proto/file_magic.hpp"

namespace rampart::proto {

namespace {

constexpr std::array<std::string_view, 5> kPropertyBuffers = {"file.size", "file.md5", "file.sha1", "file.sha256",
                                                              "file.magic"};

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The raw digest a lower-case hex text stands for; nullopt when it was not computed.
std::optional<std::span<const uint8_t>> raw_digest(const std::string& hex, std::string& built) {
  if (hex.empty() || hex.size() % 2 != 0) return std::nullopt;
  built.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = hex_value(hex[i]), low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    built.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes_of(built);
}

}  // namespace

bool is_file_property_buffer(std::string_view name) {
  for (auto b : kPropertyBuffers)
    if (b == name) return true;
  return false;
}

std::optional<std::span<const uint8_t>> file_buffer(const FileView& f, std::string_view name, std::string& built) {
  if (name == "file.name") return f.name.empty() ? std::nullopt : std::optional(bytes_of(f.name));
  if (name == "file.size") {
    built = fmt::format("{}", f.size);
    return bytes_of(built);
  }
  if (name == "file.magic") {
    built = file_magic(bytes_of(f.first_bytes));
    return built.empty() ? std::nullopt : std::optional(bytes_of(built));
  }
  if (f.digests == nullptr) return std::nullopt;
  if (name == "file.md5") return raw_digest(f.digests->md5, built);
  if (name == "file.sha1") return raw_digest(f.digests->sha1, built);
  if (name == "file.sha256") return raw_digest(f.digests->sha256, built);
  return std::nullopt;
}

}  // namespace rampart::proto
