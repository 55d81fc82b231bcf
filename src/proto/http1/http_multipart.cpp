#include "proto/http1/http_multipart.hpp"

#include <utility>

#include "proto/http1/http_file.hpp"
#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

std::optional<std::string> form_data_boundary(std::string_view content_type) {
  std::string_view media = trim_whitespace(content_type.substr(0, content_type.find(';')));
  if (!iequals(media, "multipart/form-data")) return std::nullopt;
  std::string_view boundary = header_parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return std::nullopt;
  return std::string(boundary);
}

MultipartReader::MultipartReader(std::string boundary, uint8_t hashes, FileStore* store)
    : delimiter_("\r\n--" + boundary), hashes_(hashes), store_(store) {}

void MultipartReader::feed(std::span<const uint8_t> data) {
  if (state_ == State::Done || data.empty()) return;
  std::string work = std::exchange(held_, {});
  work.append(as_chars(data));
  std::string_view rest = work;
  while (!rest.empty() && state_ != State::Done) {
    size_t used = scan(rest);
    if (used == 0) break;
    rest.remove_prefix(used);
  }
  if (state_ != State::Done) held_.assign(rest);
}

// Consumes what the state can decide from the start of work; 0 when it needs more.
size_t MultipartReader::scan(std::string_view work) {
  switch (state_) {
    case State::Preamble: return scan_preamble(work);
    case State::AfterBoundary: return scan_after_boundary(work);
    case State::Headers: return scan_headers(work);
    case State::Body: return scan_body(work);
    case State::Done: return 0;
  }
  return 0;
}

size_t MultipartReader::scan_preamble(std::string_view work) {
  // The first boundary may open the body, without the CRLF before it.
  std::string_view first = std::string_view(delimiter_).substr(2);
  size_t at = work.find(first);
  if (at == std::string_view::npos) {
    size_t keep = std::min(work.size(), first.size() - 1);
    return work.size() - keep;
  }
  state_ = State::AfterBoundary;
  return at + first.size();
}

size_t MultipartReader::scan_after_boundary(std::string_view work) {
  if (work.size() < 2) return 0;
  if (work.starts_with("--")) {
    state_ = State::Done;  // the closing boundary
    return 2;
  }
  size_t eol = work.find('\n');
  if (eol == std::string_view::npos) return give_up_on_long_line(work);
  part_name_.clear();
  state_ = State::Headers;
  return eol + 1;
}

size_t MultipartReader::scan_headers(std::string_view work) {
  size_t eol = work.find('\n');
  if (eol == std::string_view::npos) return give_up_on_long_line(work);
  std::string_view line = trim_cr(work.substr(0, eol));
  if (line.empty()) {
    state_ = State::Body;
    if (!part_name_.empty() && files_.size() < kMaxUploads) {
      open_.emplace();
      open_->name = part_name_;
      if (FileTap::wanted(hashes_, store_)) tap_.emplace(hashes_, store_);
    }
    return eol + 1;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos && iequals(trim_whitespace(line.substr(0, colon)), "Content-Disposition"))
    part_name_ = std::string(disposition_filename(line.substr(colon + 1)));
  return eol + 1;
}

// A line still without its end: wait for more, unless it is already too long to
// be a part header, then the rest of the body is not read.
size_t MultipartReader::give_up_on_long_line(std::string_view work) {
  if (work.size() <= kMaxPartLine) return 0;
  state_ = State::Done;
  return work.size();
}

size_t MultipartReader::scan_body(std::string_view work) {
  size_t at = work.find(delimiter_);
  if (at == std::string_view::npos) {
    // Keep what could be the start of a delimiter split across calls.
    size_t keep = std::min(work.size(), delimiter_.size() - 1);
    part_data(work.substr(0, work.size() - keep));
    return work.size() - keep;
  }
  part_data(work.substr(0, at));
  close_part(true);
  state_ = State::AfterBoundary;
  return at + delimiter_.size();
}

void MultipartReader::part_data(std::string_view bytes) {
  if (!open_ || bytes.empty()) return;
  open_->size += bytes.size();
  open_->data.append(bytes);
  if (tap_) tap_->update(as_bytes(bytes));
}

void MultipartReader::close_part(bool complete) {
  if (!open_) return;
  if (tap_) {
    open_->digests = tap_->finish();
    open_->spool = tap_->spool();
  }
  tap_.reset();
  open_->complete = complete;
  files_.push_back(std::move(*open_));
  open_.reset();
}

void MultipartReader::gap() {
  held_.clear();
  if (!open_) return;
  open_->gaps = true;
  tap_.reset();
}

std::vector<UploadedFile> MultipartReader::finish() {
  if (state_ == State::Body) part_data(std::exchange(held_, {}));
  close_part(false);
  state_ = State::Done;
  return std::exchange(files_, {});
}

}  // namespace rampart::proto::http1
