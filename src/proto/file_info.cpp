#include "proto/file_info.hpp"

#include <utility>

namespace rampart::proto {

void write_file_info(JsonWriter& w, const FileInfo& file) {
  w.field("filename", file.name);
  if (!file.magic.empty()) w.field("magic", file.magic);
  w.field("gaps", file.gaps);
  // As Suricata's files, one with bytes missing is truncated even when its end was seen.
  w.plain_field("state", file.complete && !file.gaps ? "CLOSED" : "TRUNCATED");
  if (file.digests != nullptr) {
    const FileDigests& d = *file.digests;
    for (auto [key, hex] : {std::pair{"md5", &d.md5}, {"sha1", &d.sha1}, {"sha256", &d.sha256}})
      if (!hex->empty()) w.plain_field(key, *hex);
  }
  w.field("stored", file.stored);
  w.field("size", file.size);
  if (file.range_start && file.range_end) {
    w.field("start", *file.range_start);
    w.field("end", *file.range_end);
  }
  w.field("tx_id", file.tx_id);
}

}  // namespace rampart::proto
