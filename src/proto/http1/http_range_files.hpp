#pragma once
// The parts of one file that 206 answers on a connection carried, joined as
// Suricata's HTTP range container joins them: once the parts of a file (same host
// and URI, same total size) cover it whole, the whole file is a file of its own.
// Suricata follows ranges across connections; here they are joined per connection.
// Bounded: at most kMaxFiles files and kMaxParts disjoint parts each are followed.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proto/http1/http_transaction.hpp"

namespace rampart::proto::http1 {

// A file whose parts were joined: its name (as the parts were named) and size.
struct JoinedFile {
  std::string name;
  uint64_t size = 0;
};

class RangeFiles {
 public:
  static constexpr size_t kMaxFiles = 8;
  static constexpr size_t kMaxParts = 64;

  // tx is done: when its answer is the part that completes a file, that file (once).
  std::optional<JoinedFile> add(const HttpTransaction& tx, std::string_view file_name);

 private:
  struct File {
    std::string key;  // host, NUL, URI
    uint64_t size = 0;
    std::vector<std::pair<uint64_t, uint64_t>> parts;  // disjoint [first, last] ranges, in order
  };
  File* file_for(std::string key, uint64_t size);

  std::vector<File> files_;
};

}  // namespace rampart::proto::http1
