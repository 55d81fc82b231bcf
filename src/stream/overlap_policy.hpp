#pragma once
// Which copy of overlapping TCP payload a target OS keeps, as Suricata models it
// (Novak & Sturges, "Target-Based TCP Stream Reassembly"): decided per pair of
// an already buffered segment and a newly arriving one, from how their extents
// relate.
#include <cstdint>

#include "stream/tcp_session.hpp"

namespace rampart::stream {

// A segment's extent in stream offsets: [begin, end).
struct StreamExtent {
  uint64_t begin = 0, end = 0;
};

// True when the overlapping bytes of `fresh` replace those of `buffered`.
bool new_data_wins(OverlapPolicy policy, StreamExtent buffered, StreamExtent fresh);

}  // namespace rampart::stream
