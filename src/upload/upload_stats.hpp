#pragma once
// What the center uploader did, for the EVE stats record (stats.center) and the
// run summary. Counted in events; retries are failed send attempts.
#include <cstdint>

namespace rampart::upload {

struct UploadStats {
  uint64_t uploaded = 0;  // acknowledged by the center (a batch a previous run left included)
  uint64_t spooled = 0;   // written to the spool by this run
  uint64_t dropped = 0;   // dropped because the spool was full, or refused by the center as malformed
  uint64_t retries = 0;
  uint64_t batches_uploaded = 0;
  uint64_t batches_left = 0;  // in the spool, not yet acknowledged
};

}  // namespace rampart::upload
