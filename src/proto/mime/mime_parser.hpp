#pragma once
// The MIME structure of one mail message (RFC 2045, 2046, 2183), fed the
// message's lines in order (dot-unstuffed, without CR LF): the top-level header
// fields as the caller unfolded them, then every body line. Multipart bodies
// are followed through their boundaries, nested up to kMaxDepth; an enclosed
// message (message/rfc822, RFC 2046 5.2.1) is read as the entity of its own
// header, whatever encoding or file name its wrapper claims; each leaf
// part's body is decoded (base64, quoted-printable) as it arrives. A part with
// a file name (Content-Disposition filename, else Content-Type name, RFC 2231
// continuations joined) is an attachment, a file as Suricata's fileinfo records
// show it: its name, the size and digests of all its decoded bytes, whether it
// ended (at its boundary or the message's end), and its first
// kMaxAttachmentBytes decoded bytes (kMaxKeptBytes for all of a message) for
// file.data. Text parts without a name are
// scanned for URLs. Memory is bounded by
// the caps below whatever the input; malformed input is reported (anomaly
// names as in Suricata's smtp-events.rules, each kind once per message) and
// skipped, and structure that
// cannot be followed (too deep, too long a boundary) ends MIME parsing.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proto/file_hasher.hpp"
#include "proto/file_store.hpp"
#include "proto/mime/transfer_decoder.hpp"
#include "proto/mime/url_finder.hpp"

namespace rampart::proto::mime {

// Where a piece of a long body line sits in its line.
struct LinePiece {
  bool continuation = false;  // it follows an earlier piece of the same line
  bool continues = false;     // more of the line follows: no line break after it
};

inline constexpr size_t kMaxDepth = 16;
inline constexpr size_t kMaxBoundary = 254;         // RFC 2046 5.1.1 allows 70
inline constexpr size_t kMaxPartHeader = 8192;      // one unfolded part header field
inline constexpr size_t kMaxFileName = 255;          // longer names are cut, as Suricata cuts them
inline constexpr size_t kMaxAttachments = 64;
inline constexpr size_t kMaxAttachmentBytes = 65536;
inline constexpr size_t kMaxKeptBytes = 262144;     // of all attachments of a message
inline constexpr size_t kMaxUrls = 64;
inline constexpr size_t kMaxUrlLength = 1024;
inline constexpr size_t kMaxTextLine = 4096;        // decoded text kept to look for URLs

struct Attachment {
  std::string name;
  std::string data;  // decoded, up to kMaxAttachmentBytes
  uint64_t size = 0;  // all decoded bytes
  FileDigests digests;
  bool complete = false;  // its end was seen; false: truncated
  std::shared_ptr<FileSpool> spool;  // its bytes on their way to the file store, when files may be stored
};

class MimeParser {
 public:
  MimeParser();
  ~MimeParser();
  MimeParser(MimeParser&&) noexcept;
  MimeParser& operator=(MimeParser&&) noexcept;

  // Which URLs text parts are searched for (before the first line).
  void set_url_options(UrlOptions options);
  // Which digests attachments get (file_hash bits; before the first line).
  void set_file_hashes(uint8_t which);
  // The file store attachments are spooled to (nullptr: none; before the first line).
  void set_file_store(FileStore* store);
  // A top-level header field (name as written, value unfolded and trimmed).
  void header(std::string_view name, std::string_view value);
  // The message body starts after the header's blank line.
  void start_body();
  // One body line, or a piece of a line its sender's reader cut.
  void body_line(std::string_view text, LinePiece piece = {});
  // The message ended: the open part is closed, complete when the message's
  // end was seen (else it was cut short and its attachment is truncated).
  void finish(bool complete);

  bool is_mime() const;  // the message declared a multipart or encoded body
  // What the message carried (after finish(); taking leaves none behind).
  std::vector<Attachment> take_attachments();
  std::vector<std::string> take_urls();
  // The anomalies found since the last call (each kind once per message).
  std::vector<std::string_view> take_anomalies();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rampart::proto::mime
