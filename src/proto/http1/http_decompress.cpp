#include "proto/http1/http_decompress.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <optional>

#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

namespace {

// The ratio cap only applies past this much output: tiny bodies of repeated
// bytes compress extremely well and are no threat.
constexpr uint64_t kRatioFloor = 64 * 1024;
// A gzip header whose optional name or comment runs longer than this is taken
// for garbage rather than buffered further.
constexpr size_t kMaxGzipHeader = 4096;
// Input kept while it has produced no output, to be passed on should it turn out
// not to be compressed at all.
constexpr size_t kMaxUnanswered = 64 * 1024;
constexpr size_t kNeedMore = 0;
constexpr size_t kNotGzip = static_cast<size_t>(-1);

bool looks_like_zlib_header(uint8_t first, uint8_t second) {
  return (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
}

// Offset past a zero-terminated field starting at `at`, or kNeedMore.
size_t skip_zero_terminated(std::span<const uint8_t> data, size_t at) {
  for (size_t i = at; i < data.size(); ++i)
    if (data[i] == 0) return i + 1;
  return kNeedMore;
}

// Length of the gzip member header (RFC 1952 section 2.3) at the start of data:
// kNeedMore while incomplete, kNotGzip when data is not gzip. Reserved flag bits
// and the header CRC are ignored, as browsers ignore them.
size_t gzip_header_length(std::span<const uint8_t> data) {
  if (data.size() < 2) return kNeedMore;
  if (data[0] != 0x1f || data[1] != 0x8b) return kNotGzip;
  if (data.size() < 10) return kNeedMore;
  const uint8_t flags = data[3];
  size_t at = 10;
  if (flags & 0x04) {  // FEXTRA
    if (data.size() < at + 2) return kNeedMore;
    at += 2 + (data[at] | (data[at + 1] << 8));
    if (data.size() < at) return kNeedMore;
  }
  if (flags & 0x08 && (at = skip_zero_terminated(data, at)) == kNeedMore) return kNeedMore;  // FNAME
  if (flags & 0x10 && (at = skip_zero_terminated(data, at)) == kNeedMore) return kNeedMore;  // FCOMMENT
  if (flags & 0x02) at += 2;                                                                 // FHCRC
  return data.size() < at ? kNeedMore : at;
}

// One part of a Content-Encoding list; false: the part is no layer.
bool coding_of_part(std::string_view part, ContentCoding& coding, bool& abnormal) {
  std::string name = lowered(part, false);
  if (name.find("gzip") != std::string::npos) {
    coding = ContentCoding::Gzip;
    abnormal |= name != "gzip" && name != "x-gzip";
    return true;
  }
  if (name.find("deflate") != std::string::npos) {
    coding = ContentCoding::Deflate;
    abnormal |= name != "deflate" && name != "x-deflate";
    return true;
  }
  for (std::string_view known : {"identity", "none", "inflate", "lzma"})
    if (name == known) return false;
  abnormal = true;
  return false;
}

}  // namespace

ContentCodings content_codings(std::string_view header_value, uint32_t max_layers) {
  ContentCodings result;
  std::string plain = lowered(header_value, true);
  if (plain.empty() || plain == "identity" || plain == "none" || plain == "inflate" || plain == "lzma") return result;
  if (plain == "gzip" || plain == "x-gzip") return {.applied = {ContentCoding::Gzip}, .abnormal = false};
  if (plain == "deflate" || plain == "x-deflate") return {.applied = {ContentCoding::Deflate}, .abnormal = false};
  if (plain == "br") return {.applied = {ContentCoding::Brotli}, .abnormal = false};
  uint32_t layers = 0;
  while (!header_value.empty()) {
    size_t end = header_value.find_first_of(", ");
    std::string_view part = header_value.substr(0, end);
    header_value.remove_prefix(end == std::string_view::npos ? header_value.size() : end + 1);
    if (part.empty()) continue;
    if (++layers > max_layers) break;
    ContentCoding coding{};
    if (coding_of_part(part, coding, result.abnormal)) result.applied.push_back(coding);
  }
  return result;
}

struct Decompressor::Stream {
  z_stream z{};
  bool initialised = false;
  ~Stream() {
    if (initialised) inflateEnd(&z);
  }
};

struct Decompressor::BrotliState {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  ~BrotliState() {
    if (state != nullptr) BrotliDecoderDestroyInstance(state);
  }
};

Decompressor::Decompressor(ContentCoding coding, uint64_t max_output, uint32_t max_ratio)
    : max_output_(max_output), max_ratio_(max_ratio) {
  if (coding == ContentCoding::Brotli) brotli_ = std::make_unique<BrotliState>();
}

Decompressor::~Decompressor() = default;

bool Decompressor::start(std::span<const uint8_t> first_bytes, size_t header_length) {
  // A gzip member is inflated raw after its header (so odd header flags do not
  // fail it); otherwise the first two bytes tell zlib-wrapped from raw deflate.
  int window_bits = header_length > 0 || !looks_like_zlib_header(first_bytes[0], first_bytes[1]) ? -15 : 15;
  stream_ = std::make_unique<Stream>();
  if (inflateInit2(&stream_->z, window_bits) != Z_OK) return false;
  stream_->initialised = true;
  return true;
}

InflateStatus Decompressor::inflate(std::span<const uint8_t> input, std::string& out) {
  if (finished_) return InflateStatus::Finished;
  if (passing_through_) {
    out.append(as_chars(input));
    return InflateStatus::Ok;
  }
  if (output_bytes_ == 0 && unanswered_.size() < kMaxUnanswered) unanswered_.append(as_chars(input));
  InflateStatus status = brotli_ ? feed_brotli(input, out) : stream_ ? feed(input, out) : begin(input, out);
  if (output_bytes_ > 0) unanswered_.clear();
  if (status == InflateStatus::Failed && output_bytes_ == 0) return pass_through(out);
  return status;
}

InflateStatus Decompressor::pass_through(std::string& out) {
  passing_through_ = true;
  out.append(unanswered_);
  unanswered_.clear();
  return InflateStatus::NotCompressed;
}

InflateStatus Decompressor::begin(std::span<const uint8_t> input, std::string& out) {
  head_.append(as_chars(input));
  auto head = std::span(reinterpret_cast<const uint8_t*>(head_.data()), head_.size());
  size_t header = gzip_header_length(head);
  if (header == kNeedMore) return head_.size() > kMaxGzipHeader ? InflateStatus::Failed : InflateStatus::Ok;
  if (header == kNotGzip) header = 0;
  if (!start(head, header)) return InflateStatus::Failed;
  std::string held = std::move(head_);
  input_bytes_ += header;
  return feed(std::span(reinterpret_cast<const uint8_t*>(held.data()), held.size()).subspan(header), out);
}

InflateStatus Decompressor::feed(std::span<const uint8_t> input, std::string& out) {
  input_bytes_ += input.size();
  z_stream& z = stream_->z;
  z.next_in = const_cast<Bytef*>(input.data());
  z.avail_in = static_cast<uInt>(input.size());
  std::array<uint8_t, 8192> buffer;
  while (true) {
    z.next_out = buffer.data();
    z.avail_out = static_cast<uInt>(buffer.size());
    int rc = ::inflate(&z, Z_NO_FLUSH);
    size_t produced = buffer.size() - z.avail_out;
    output_bytes_ += produced;
    out.append(as_chars(std::span(buffer).first(produced)));
    if (auto limit = over_limits()) return *limit;
    if (rc == Z_STREAM_END) {
      finished_ = true;
      return InflateStatus::Finished;
    }
    if (rc == Z_BUF_ERROR || (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0)) return InflateStatus::Ok;
    if (rc != Z_OK) return InflateStatus::Failed;
  }
}

std::optional<InflateStatus> Decompressor::over_limits() const {
  if (output_bytes_ > max_output_) return InflateStatus::SizeLimit;
  if (output_bytes_ > kRatioFloor && output_bytes_ / std::max<uint64_t>(input_bytes_, 1) > max_ratio_)
    return InflateStatus::RatioLimit;
  return std::nullopt;
}

InflateStatus Decompressor::feed_brotli(std::span<const uint8_t> input, std::string& out) {
  if (brotli_->state == nullptr) return InflateStatus::Failed;
  input_bytes_ += input.size();
  size_t available_in = input.size();
  const uint8_t* next_in = input.data();
  std::array<uint8_t, 8192> buffer;
  while (true) {
    size_t available_out = buffer.size();
    uint8_t* next_out = buffer.data();
    BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(brotli_->state, &available_in, &next_in, &available_out, &next_out, nullptr);
    size_t produced = buffer.size() - available_out;
    output_bytes_ += produced;
    out.append(as_chars(std::span(buffer).first(produced)));
    if (auto limit = over_limits()) return *limit;
    switch (rc) {
      case BROTLI_DECODER_RESULT_SUCCESS: finished_ = true; return InflateStatus::Finished;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: return InflateStatus::Ok;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: continue;
      case BROTLI_DECODER_RESULT_ERROR: return InflateStatus::Failed;
    }
  }
}

DecoderChain::DecoderChain(const std::vector<ContentCoding>& applied, uint64_t max_output, uint32_t max_ratio) {
  // The first layer undoes the last coding applied.
  for (auto coding = applied.rbegin(); coding != applied.rend(); ++coding)
    layers_.push_back(std::make_unique<Decompressor>(*coding, max_output, max_ratio));
}

InflateStatus DecoderChain::decode(std::span<const uint8_t> input, std::string& kept, size_t keep) {
  std::span<const uint8_t> next = input;
  // A layer that fails still hands on what it produced before failing.
  InflateStatus status = InflateStatus::Ok;
  std::optional<InflateStatus> failure;
  bool not_compressed = false;
  for (size_t i = 0; i < layers_.size(); ++i) {
    std::string& out = scratch_[i % 2];
    out.clear();
    status = layers_[i]->inflate(next, out);
    not_compressed |= status == InflateStatus::NotCompressed;
    if (!failure && (status == InflateStatus::Failed || status == InflateStatus::SizeLimit ||
                     status == InflateStatus::RatioLimit))
      failure = status;
    next = std::span(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  }
  output_bytes_ += next.size();
  last_output_ = next;
  if (kept.size() < keep) kept.append(as_chars(next.first(std::min(next.size(), keep - kept.size()))));
  if (failure) return *failure;
  return not_compressed ? InflateStatus::NotCompressed : status;
}

}  // namespace rampart::proto::http1
