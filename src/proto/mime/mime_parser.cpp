#include "proto/mime/mime_parser.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "proto/file_tap.hpp"
#include "proto/mime/header_value.hpp"
#include "proto/mime/url_finder.hpp"

namespace rampart::proto::mime {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void append_capped(std::string& to, std::string_view data, size_t cap) {
  to.append(data.substr(0, cap - std::min(cap, to.size())));
}

// The header fields of the entity being read that shape how its body is read.
struct EntityFields {
  std::string content_type, disposition, encoding;
};

}  // namespace

struct MimeParser::State {
  enum class Phase : uint8_t { PartHeader, Body, Ignored, Failed };

  Phase phase = Phase::Ignored;
  std::vector<std::string> boundaries;  // "--" + boundary of each open multipart, outermost first
  EntityFields fields;
  std::string field;  // the part header field being unfolded
  bool field_too_long = false;

  // The leaf part being decoded.
  TransferEncoding encoding = TransferEncoding::Identity;
  Base64Decoder base64;
  QuotedPrintableDecoder quoted_printable;
  bool pending_break = false;  // a line break that belongs to the body unless a boundary follows
  std::optional<size_t> attachment;
  std::optional<FileTap> tap;  // of the attachment, when files are hashed or may be stored
  uint8_t file_hashes = 0;
  FileStore* file_store = nullptr;
  bool scan_text = false;
  std::string decoded, text_line;

  bool mime = false;
  std::vector<Attachment> attachments;
  size_t kept_bytes = 0;  // of all attachments
  std::vector<std::string> urls;
  UrlOptions url_options;
  std::vector<std::string_view> anomalies, reported;

  void anomaly(std::string_view event) {
    if (std::find(reported.begin(), reported.end(), event) != reported.end()) return;
    reported.push_back(event);
    anomalies.push_back(event);
  }

  void fail(std::string_view event) {
    anomaly(event);
    close_leaf(false);
    phase = Phase::Failed;
  }

  void record_field(std::string_view name, std::string_view value) {
    if (iequals(name, "Content-Type")) fields.content_type = value;
    else if (iequals(name, "Content-Disposition")) fields.disposition = value;
    else if (iequals(name, "Content-Transfer-Encoding")) fields.encoding = value;
  }

  void flush_part_field() {
    std::string_view text = field;
    size_t colon = text.find(':');
    if (colon != std::string_view::npos) record_field(trim(text.substr(0, colon)), trim(text.substr(colon + 1)));
    field.clear();
    field_too_long = false;
  }

  void part_header_line(std::string_view text) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      if (field.size() + text.size() > kMaxPartHeader && !field_too_long) {
        field_too_long = true;
        anomaly("MIME_LONG_HEADER_VALUE");
      }
      append_capped(field, text, kMaxPartHeader);
      return;
    }
    flush_part_field();
    if (text.empty()) {
      start_entity_body();
      return;
    }
    append_capped(field, text, kMaxPartHeader);
  }

  // The entity's header ended: a multipart opens its boundary, anything else is a leaf.
  void start_entity_body() {
    HeaderValue type = parse_header_value(fields.content_type);
    HeaderValue disposition = parse_header_value(fields.disposition);
    EntityFields entity = std::exchange(fields, {});
    auto boundary = type.parameter("boundary");
    if (type.token.starts_with("multipart/") && boundary && !boundary->empty()) {
      mime = true;
      if (boundary->size() > kMaxBoundary) return fail("MIME_LONG_BOUNDARY");
      if (boundaries.size() >= kMaxDepth) return fail("MIME_PARSE_FAILED");
      boundaries.push_back("--" + std::string(*boundary));
      phase = Phase::Ignored;  // the preamble
      return;
    }
    if (type.token == "message/rfc822") {  // an enclosed message: its own header, then its body
      mime = true;
      phase = Phase::PartHeader;
      return;
    }
    open_leaf(type, disposition, entity.encoding);
  }

  void open_leaf(const HeaderValue& type, const HeaderValue& disposition, std::string_view encoding_name) {
    encoding = transfer_encoding_of(trim(encoding_name));
    if (encoding != TransferEncoding::Identity) mime = true;
    base64 = {};
    quoted_printable = {};
    pending_break = false;
    std::string_view name = disposition.parameter("filename").value_or(type.parameter("name").value_or(""));
    attachment.reset();
    if (!name.empty()) {
      mime = true;
      if (name.size() > kMaxFileName) anomaly("MIME_LONG_FILENAME");
      if (attachments.size() < kMaxAttachments) {
        Attachment& file = attachments.emplace_back();
        file.name = name.substr(0, kMaxFileName);
        attachment = attachments.size() - 1;
        if (FileTap::wanted(file_hashes, file_store)) file.spool = tap.emplace(file_hashes, file_store).spool();
      }
    }
    scan_text = !attachment && (type.token.empty() || type.token.starts_with("text/"));
    phase = Phase::Body;
  }

  void close_leaf(bool complete) {
    if (phase != Phase::Body) return;
    if (encoding == TransferEncoding::Base64) {
      decoded.clear();
      base64.finish(decoded);
      deliver();
    }
    if (scan_text && !text_line.empty()) find_urls(text_line, url_options, urls, kMaxUrls, kMaxUrlLength);
    text_line.clear();
    if (attachment) {
      Attachment& file = attachments[*attachment];
      file.complete = complete;
      if (tap) file.digests = std::exchange(tap, std::nullopt)->finish();
    }
    attachment.reset();
    phase = Phase::Ignored;
  }

  // The line break after a line comes before the next one's bytes, so the last
  // line of a part gives none.
  void leaf_line(std::string_view text, LinePiece piece) {
    decoded.clear();
    if (pending_break) decoded.append("\r\n");
    pending_break = false;
    switch (encoding) {
      case TransferEncoding::Identity:
        decoded.append(text);
        pending_break = !piece.continues;
        break;
      case TransferEncoding::Base64:
        base64.line(text, decoded);
        if (!base64.valid()) anomaly("MIME_INVALID_BASE64");
        break;
      case TransferEncoding::QuotedPrintable:
        pending_break = quoted_printable.line(text, decoded) && !piece.continues;
        if (!quoted_printable.valid()) anomaly("MIME_INVALID_QP");
        break;
    }
    deliver();
  }

  // The decoded bytes go to the attachment, or to the URL search of a text part.
  void deliver() {
    if (attachment) {
      Attachment& file = attachments[*attachment];
      file.size += decoded.size();
      if (tap) tap->update({reinterpret_cast<const uint8_t*>(decoded.data()), decoded.size()});
      keep(file.data, decoded);
    }
    if (scan_text) scan(decoded);
  }

  void keep(std::string& data, std::string_view more) {
    size_t room = std::min(kMaxAttachmentBytes - std::min(kMaxAttachmentBytes, data.size()),
                           kMaxKeptBytes - std::min(kMaxKeptBytes, kept_bytes));
    size_t taken = std::min(room, more.size());
    data.append(more.substr(0, taken));
    kept_bytes += taken;
  }

  // Looks for URLs line by line in the decoded text, whatever its line breaks.
  void scan(std::string_view data) {
    while (!data.empty()) {
      size_t newline = data.find('\n');
      append_capped(text_line, data.substr(0, newline), kMaxTextLine);
      if (newline == std::string_view::npos) return;
      find_urls(text_line, url_options, urls, kMaxUrls, kMaxUrlLength);
      text_line.clear();
      data.remove_prefix(newline + 1);
    }
  }

  // A boundary line of one of the open multiparts: its index, and whether it closes it.
  std::optional<std::pair<size_t, bool>> boundary_of(std::string_view text) const {
    if (!text.starts_with("--")) return std::nullopt;
    text = trim(text);
    for (size_t i = boundaries.size(); i-- > 0;) {
      const std::string& b = boundaries[i];
      if (!text.starts_with(b)) continue;
      std::string_view rest = text.substr(b.size());
      if (rest.empty()) return std::pair{i, false};
      if (rest == "--") return std::pair{i, true};
    }
    return std::nullopt;
  }

  void body_line(std::string_view text, LinePiece piece) {
    if (phase == Phase::Failed) return;
    if (piece.continuation) {  // a boundary or a part header line ends with its first piece
      if (phase == Phase::Body) leaf_line(text, piece);
      return;
    }
    if (auto boundary = boundary_of(text)) {
      if (phase == Phase::PartHeader) anomaly("MIME_MALFORMED_MSG");
      close_leaf(true);
      auto [index, closing] = *boundary;
      boundaries.resize(closing ? index : index + 1);
      phase = closing ? Phase::Ignored : Phase::PartHeader;
      return;
    }
    switch (phase) {
      case Phase::PartHeader: part_header_line(text); break;
      case Phase::Body: leaf_line(text, piece); break;
      case Phase::Ignored:
      case Phase::Failed: break;
    }
  }
};

MimeParser::MimeParser() : state_(std::make_unique<State>()) {}

void MimeParser::set_url_options(UrlOptions options) { state_->url_options = std::move(options); }
MimeParser::~MimeParser() = default;
MimeParser::MimeParser(MimeParser&&) noexcept = default;
MimeParser& MimeParser::operator=(MimeParser&&) noexcept = default;

void MimeParser::header(std::string_view name, std::string_view value) { state_->record_field(name, value); }

void MimeParser::start_body() { state_->start_entity_body(); }

void MimeParser::body_line(std::string_view text, LinePiece piece) { state_->body_line(text, piece); }

void MimeParser::set_file_hashes(uint8_t which) { state_->file_hashes = which; }
void MimeParser::set_file_store(FileStore* store) { state_->file_store = store; }

void MimeParser::finish(bool complete) {
  if (state_->phase == State::Phase::PartHeader) state_->flush_part_field();
  state_->close_leaf(complete);
}

bool MimeParser::is_mime() const { return state_->mime; }

std::vector<Attachment> MimeParser::take_attachments() { return std::exchange(state_->attachments, {}); }
std::vector<std::string> MimeParser::take_urls() { return std::exchange(state_->urls, {}); }

std::vector<std::string_view> MimeParser::take_anomalies() { return std::exchange(state_->anomalies, {}); }

}  // namespace rampart::proto::mime
