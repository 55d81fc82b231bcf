#include "proto/http1/http_range_files.hpp"

#include <algorithm>

#include "proto/http1/http_content_range.hpp"

namespace rampart::proto::http1 {

namespace {

// Adds [first, last] to disjoint ordered ranges, joining those it touches.
void add_part(std::vector<std::pair<uint64_t, uint64_t>>& parts, uint64_t first, uint64_t last) {
  auto it = std::lower_bound(parts.begin(), parts.end(), std::pair{first, last});
  if (it != parts.begin() && std::prev(it)->second + 1 >= first) --it;
  auto end = it;
  while (end != parts.end() && end->first <= last + 1) {
    first = std::min(first, end->first);
    last = std::max(last, end->second);
    ++end;
  }
  it = parts.erase(it, end);
  parts.insert(it, {first, last});
}

}  // namespace

std::optional<JoinedFile> RangeFiles::add(const HttpTransaction& tx, std::string_view file_name) {
  const HttpResponse& res = tx.response;
  if (res.status != 206 || !res.complete || res.body_gaps) return std::nullopt;
  auto range = parse_content_range(res.headers.value("Content-Range"));
  if (!range || !range->start || !range->end || !range->size) return std::nullopt;
  const uint64_t first = *range->start, last = *range->end, size = *range->size;
  if (last < first || last >= size || res.entity_length != last - first + 1) return std::nullopt;
  if (first == 0 && last == size - 1) return std::nullopt;  // the whole file already: nothing to join
  File* file = file_for(tx.request.hostname + '\0' + tx.request.uri_normalized, size);
  if (file == nullptr) return std::nullopt;
  add_part(file->parts, first, last);
  const bool whole = file->parts.size() == 1 && file->parts[0] == std::pair<uint64_t, uint64_t>{0, size - 1};
  const bool too_scattered = file->parts.size() > kMaxParts;
  if (!whole && !too_scattered) return std::nullopt;
  files_.erase(files_.begin() + (file - files_.data()));
  if (!whole) return std::nullopt;
  return JoinedFile{std::string(file_name), size};
}

RangeFiles::File* RangeFiles::file_for(std::string key, uint64_t size) {
  for (File& f : files_)
    if (f.key == key && f.size == size) return &f;
  if (files_.size() >= kMaxFiles) return nullptr;
  return &files_.emplace_back(File{std::move(key), size, {}});
}

}  // namespace rampart::proto::http1
