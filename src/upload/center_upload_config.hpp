#pragma once
// What the sensor's center uploader is configured with: `center:` in the sensor
// YAML, `--set center.KEY=VALUE`, or `rampart sense --center URL --token T`.
// An empty url means no upload.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace rampart::upload {

struct CenterUploadConfig {
  std::string url;    // http://host[:port][/prefix] or https://...
  std::string token;  // the sensor's token (`rampart center sensor add`)
  size_t batch_events = 1000;                             // a batch is cut at this many events
  std::chrono::milliseconds batch_interval{1000};         // or when its oldest event waited this long
  std::string spool_dir;                                  // empty: LOGDIR/center-spool
  uint64_t spool_max_bytes = 256ULL << 20;                // compressed batches kept on disk
  std::vector<std::string> types;                         // event types uploaded; empty: all
  std::chrono::milliseconds drain_timeout{30000};         // at the end of a run, how long to keep sending
  std::chrono::milliseconds max_retry_interval{30000};    // cap of the exponential backoff
  std::string ca_file;                                    // https: trust this CA instead of the system's

  bool enabled() const { return !url.empty(); }
};

}  // namespace rampart::upload
