#pragma once
// Bytes as EVE writes them: base64 (RFC 4648, padded) and Suricata's printable
// form (printable ASCII, CR and LF as they are, any other byte as '.'), and bytes
// cut by gaps with Suricata's "[N bytes missing]" markers.
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>

namespace rampart {

void append_base64(std::string& out, std::span<const uint8_t> bytes);
void append_printable(std::string& out, std::span<const uint8_t> bytes);

// Appends the first `shown` of bytes to out, with "[N bytes missing]" before the
// byte at each gap's `at` (gaps in order; each lost `length` bytes). Gap: any type
// with those two members (stream::RawGap, proto::FrameGap).
template <typename Out, typename Gap>
void append_gap_marked(Out& out, std::span<const uint8_t> bytes, std::span<const Gap> gaps, size_t shown) {
  size_t from = 0;
  for (const Gap& gap : gaps) {
    if (gap.at > shown) break;
    out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(from),
               bytes.begin() + static_cast<std::ptrdiff_t>(gap.at));
    fmt::format_to(std::back_inserter(out), "[{} bytes missing]", gap.length);
    from = static_cast<size_t>(gap.at);
  }
  out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(from),
             bytes.begin() + static_cast<std::ptrdiff_t>(shown));
}

}  // namespace rampart
