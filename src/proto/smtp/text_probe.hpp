#pragma once
// Content probes shared by the line-based protocols (SMTP, FTP): a client's
// first command among known verbs, or a server's 220 greeting whose first line
// names the protocol.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "proto/protocol.hpp"

namespace rampart::proto::text {

// Does `data` start with one of `verbs` (upper-case, compared case-insensitively)?
ProbeResult probe_command(std::span<const uint8_t> data, std::initializer_list<std::string_view> verbs);
// "220 " or "220-" and, on that first line, `name` (case-insensitively).
ProbeResult probe_greeting(std::span<const uint8_t> data, std::string_view name);

}  // namespace rampart::proto::text
