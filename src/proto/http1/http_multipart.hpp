#pragma once
// Files uploaded in a multipart/form-data request body (RFC 7578), read as the
// body passes: a part whose Content-Disposition names a filename is a file; its
// bytes are counted and hashed, and the part's closing boundary closes it. As in
// Suricata, only the body up to the request body limit is read, so a larger
// upload ends truncated. Memory stays bounded: at most kMaxUploads files, part
// header lines up to kMaxPartLine bytes (a longer one ends the reading), and no
// more than one boundary's length of body bytes held between calls; the parts'
// bytes kept are those of the body, which its limit bounds.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proto/file_tap.hpp"

namespace rampart::proto::http1 {

inline constexpr size_t kMaxUploads = 64;
inline constexpr size_t kMaxPartLine = 8192;

struct UploadedFile {
  std::string name;
  std::string data;  // its bytes (read only up to the body limit), for file.data and file.magic
  uint64_t size = 0;
  FileDigests digests;
  std::shared_ptr<FileSpool> spool;  // its bytes on their way to the file store, when files may be stored
  bool complete = false;  // its closing boundary was seen
  bool gaps = false;
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt otherwise.
std::optional<std::string> form_data_boundary(std::string_view content_type);

class MultipartReader {
 public:
  MultipartReader(std::string boundary, uint8_t hashes, FileStore* store = nullptr);
  void feed(std::span<const uint8_t> data);
  // Bytes of the body were lost: the open file has a gap and no digest.
  void gap();
  // The body ended (or was cut at the limit): the files, an open one unfinished.
  std::vector<UploadedFile> finish();

 private:
  enum class State : uint8_t { Preamble, AfterBoundary, Headers, Body, Done };
  size_t scan(std::string_view work);
  size_t scan_preamble(std::string_view work);
  size_t scan_after_boundary(std::string_view work);
  size_t scan_headers(std::string_view work);
  size_t scan_body(std::string_view work);
  size_t give_up_on_long_line(std::string_view work);
  void part_data(std::string_view bytes);
  void close_part(bool complete);

  std::string delimiter_;  // CRLF "--" boundary
  uint8_t hashes_;
  FileStore* store_;
  State state_ = State::Preamble;
  std::string held_;  // bytes that may start a delimiter or are an unfinished line
  std::string part_name_;
  std::optional<UploadedFile> open_;
  std::optional<FileTap> tap_;
  std::vector<UploadedFile> files_;
};

}  // namespace rampart::proto::http1
