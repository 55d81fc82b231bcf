#pragma once
// Inflates a gzip body (Content-Encoding: gzip, one member) with libdeflate, refusing output beyond
// max_output bytes so a small compressed bomb cannot exhaust memory.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace rampart::center {

enum class GunzipError { corrupt, too_large };

std::expected<std::string, GunzipError> gunzip(std::string_view compressed, size_t max_output);

}  // namespace rampart::center
