#include "proto/http1/http_response_parser.hpp"

#include <string>

namespace rampart::proto::http1 {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view next_token(std::string_view& rest) {
  while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
  size_t end = 0;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  std::string_view token = rest.substr(0, end);
  rest.remove_prefix(end);
  return token;
}

// libhtp skips bytes a server sends before "HTTP/": spaces, tabs, CR, NUL.
std::string_view without_leading_junk(std::string_view s) {
  size_t junk = s.find_first_not_of(std::string_view(" \t\r\0", 4));
  return junk == std::string_view::npos ? std::string_view() : s.substr(junk);
}

// As libhtp (and browsers) do, an answer whose headers frame a body has one,
// whatever its status says.
bool frames_body(const HttpHeaders& headers) {
  return headers.has("Transfer-Encoding") || headers.has("Content-Length");
}

bool looks_like_status_line(std::string_view s) {
  s = without_leading_junk(s);
  return s.size() >= 5 && (s[0] | 0x20) == 'h' && (s[1] | 0x20) == 't' && (s[2] | 0x20) == 't' &&
         (s[3] | 0x20) == 'p' && s[4] == '/';
}

int32_t parse_status(std::string_view text) {
  if (text.size() != 3) return -1;
  int32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v >= 100 ? v : -1;
}

// libhtp's test after a body: a line starting with "http" (after spaces and NUL
// bytes) opens the next response, any other is more of the body.
bool opens_response(std::string_view raw) {
  size_t start = raw.find_first_not_of(std::string_view(" \t\r\n\v\f\0", 7));
  if (start == std::string_view::npos || raw.size() - start < 4) return false;
  return iequals(raw.substr(start, 4), "http");
}

// A line that is no status line is skipped when a status line seems to follow
// it or it is too short to be a body (libhtp's reading of junk before a response).
bool is_stray_line(std::string_view text, std::span<const uint8_t> rest) {
  if (looks_like_status_line(text)) return false;
  return text.size() <= 2 || (rest.size() > 1 && rest.front() == 'H');
}

}  // namespace

ResponseParser::ResponseParser(const HttpLimits& limits, TransactionQueue& queue)
    : limits_(limits), queue_(queue), lines_(limits.max_line, true), body_(limits.max_line) {}

ResponseOutcome ResponseParser::parse(std::span<const uint8_t>& input, EventSink& sink) {
  while (true) {
    switch (state_) {
      case State::Tunnel:
      case State::Lost: return ResponseOutcome::Continue;
      case State::Body:
        if (!on_body(input, sink)) return ResponseOutcome::Stop;
        if (state_ == State::Body) return ResponseOutcome::Continue;
        frames_.end(frames_.position_of(input), sink);
        continue;
      case State::Finalize: {
        ResponseOutcome outcome = finalize(input, sink);
        if (outcome != ResponseOutcome::Continue || state_ == State::Finalize) return outcome;
        continue;
      }
      case State::Headers: {
        ResponseOutcome outcome = on_header_bytes(input, sink);
        if (outcome != ResponseOutcome::Continue || state_ == State::Headers) return outcome;
        continue;
      }
      case State::Line: break;
    }
    if (input.empty()) return ResponseOutcome::Continue;
    Line line;
    switch (lines_.next(input, line)) {
      case LineStatus::NeedMore: return ResponseOutcome::Continue;
      case LineStatus::TooLong: sink.anomaly(kResponseEvents.field_too_long); return ResponseOutcome::Stop;
      case LineStatus::Complete: break;
    }
    if (trim_whitespace(line.text).empty() || is_stray_line(line.text, input)) continue;
    ResponseOutcome outcome = start_response(line, input, sink);
    if (outcome != ResponseOutcome::Continue) return outcome;
  }
}

// Header bytes are parsed where they arrive; only the undecided tail of a
// segment (at most one field) is held until the next one.
ResponseOutcome ResponseParser::on_header_bytes(std::span<const uint8_t>& input, EventSink& sink) {
  const size_t held = header_bytes_.size();
  std::string_view data = as_chars(input);
  if (held > 0) {
    header_bytes_.append(data);
    data = header_bytes_;
  }
  ResponseHeaderStep step = parse_response_headers(data);
  add_fields(step, sink);
  if (step.ended) {
    tx_->response.headers_end = data.substr(step.consumed - step.end_length, step.end_length);
    // The held bytes were undecided, so the end of the headers lies in the new input.
    input = input.subspan(std::min(input.size(), step.consumed - std::min(step.consumed, held)));
    header_bytes_.clear();
    return on_headers_end(sink);
  }
  std::string rest(data.substr(step.consumed));
  header_bytes_ = std::move(rest);
  input = {};
  if (header_bytes_.size() <= limits_.max_line) return ResponseOutcome::Continue;
  sink.anomaly(kResponseEvents.field_too_long);
  return ResponseOutcome::Stop;
}

void ResponseParser::add_fields(const ResponseHeaderStep& step, EventSink& sink) {
  for (const ResponseField& field : step.fields) {
    if (field.missing_colon) sink.anomaly(kResponseEvents.missing_colon);
    if (field.leading_space) sink.anomaly(kResponseEvents.invalid_folding);
    if (field.invalid_name) sink.anomaly(kResponseEvents.header_invalid);
    tx_->response.headers.add_field(field.name, field.value, field.raw, limits_, kResponseEvents, sink);
  }
}

ResponseOutcome ResponseParser::start_response(const Line& line, std::span<const uint8_t> rest, EventSink& sink) {
  const uint64_t line_offset = frames_.position_of(rest) - line.raw.size();
  ResponseOutcome outcome = on_status_line(line, sink);
  if (tx_ != nullptr) frames_.start(line_offset, tx_->id);
  return outcome;
}

ResponseOutcome ResponseParser::on_status_line(const Line& line, EventSink& sink) {
  if (tx_ == nullptr) tx_ = queue_.next_unanswered();
  if (tx_ == nullptr) {
    sink.anomaly("UNABLE_TO_MATCH_RESPONSE_TO_REQUEST");
    tx_ = queue_.open();
    if (tx_ == nullptr) return ResponseOutcome::Stop;
    tx_->request.complete = true;  // there is no request to wait for
  }
  HttpResponse& res = tx_->response;
  res.started = true;
  if (!looks_like_status_line(line.text)) {
    // No status line: an HTTP/0.9 answer, whose body is everything until close.
    if (!tx_->request.protocol.empty()) sink.anomaly("RESPONSE_INVALID_PROTOCOL");
    body_.start(BodyFraming::UntilClose);
    state_ = State::Body;
    start_file();
    on_entity(std::span(reinterpret_cast<const uint8_t*>(line.raw.data()), line.raw.size()), sink);
    res.message_length += line.raw.size();
    return ResponseOutcome::Continue;
  }
  res = HttpResponse{};  // drops an interim 1xx answer
  res.started = true;
  res.line = line.text;
  std::string_view rest = without_leading_junk(line.text);
  res.protocol = next_token(rest);
  res.status_text = next_token(rest);
  while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
  res.message = rest;
  res.status = parse_status(res.status_text);
  if (res.status < 0) sink.anomaly("RESPONSE_INVALID_STATUS");
  state_ = State::Headers;
  return ResponseOutcome::Continue;
}

ResponseOutcome ResponseParser::on_headers_end(EventSink& sink) {
  const HttpResponse& res = tx_->response;
  const bool connect = tx_->request.method == "CONNECT";
  if ((res.status == 101 && !frames_body(res.headers)) || (connect && res.status >= 200 && res.status < 300)) {
    complete(sink);
    state_ = State::Tunnel;
    return connect ? ResponseOutcome::Tunnel : ResponseOutcome::Upgraded;
  }
  uint64_t length = 0;
  const bool has_length = parse_content_length(res.headers.value("Content-Length"), length) && length > 0;
  if (res.status >= 100 && res.status < 200 && res.status != 101 && !res.headers.has("Transfer-Encoding") &&
      !has_length) {
    if (continue_seen_) sink.anomaly("100_CONTINUE_ALREADY_SEEN");
    continue_seen_ = true;
    state_ = State::Line;  // the final answer to the same request follows
    return ResponseOutcome::Continue;
  }
  choose_framing(sink);
  start_decoding(sink);
  start_file();
  state_ = State::Body;
  return connect ? ResponseOutcome::ConnectRefused : ResponseOutcome::Continue;
}

void ResponseParser::choose_framing(EventSink& sink) {
  const HttpResponse& res = tx_->response;
  const HttpHeaders& headers = res.headers;
  const bool bodiless_status = (res.status >= 100 && res.status < 200) || res.status == 204 || res.status == 304;
  if (tx_->request.method == "HEAD" || (bodiless_status && !frames_body(headers))) {
    body_.start(BodyFraming::None);
    return;
  }
  // Browsers read a body there, and so does libhtp, which reports it.
  if (bodiless_status) sink.anomaly("RESPONSE_BODY_UNEXPECTED");
  if (headers.has("Transfer-Encoding")) {
    // libhtp takes any value mentioning "chunked" (ignoring case and NUL bytes).
    if (contains_ignoring_case_and_nul(headers.value("Transfer-Encoding"), "chunked")) {
      if (res.protocol == "HTTP/1.0") sink.anomaly("RESPONSE_CHUNKED_OLD_PROTO");
      body_.start(BodyFraming::Chunked);
      return;
    }
    sink.anomaly(kResponseEvents.invalid_transfer_encoding);
  }
  if (headers.has("Content-Length")) {
    uint64_t length = 0;
    if (parse_content_length(headers.value("Content-Length"), length)) {
      body_.start(BodyFraming::Length, length);
      return;
    }
    sink.anomaly(kResponseEvents.invalid_content_length);
  }
  body_.start(BodyFraming::UntilClose);
}

void ResponseParser::start_decoding(EventSink& sink) {
  decoder_.reset();
  ContentCodings codings =
      content_codings(tx_->response.headers.value("Content-Encoding"), limits_.max_decompress_layers);
  if (codings.abnormal) sink.anomaly("ABNORMAL_CE_HEADER");
  if (!codings.applied.empty())
    decoder_ = std::make_unique<DecoderChain>(codings.applied, limits_.max_decompressed, limits_.max_ratio);
}

void ResponseParser::on_entity(std::span<const uint8_t> data, EventSink& sink) {
  HttpResponse& res = tx_->response;
  if (!decoder_) {
    if (tap_) tap_->update(data);
    res.entity_length += data.size();
    if (res.body.size() < limits_.response_body_capture)
      res.body.append(as_chars(data.first(std::min(data.size(), limits_.response_body_capture - res.body.size()))));
    return;
  }
  InflateStatus status = decoder_->decode(data, res.body, limits_.response_body_capture);
  if (tap_) tap_->update(decoder_->last_output());
  res.entity_length = decoder_->output_bytes();
  switch (status) {
    case InflateStatus::Ok:
    case InflateStatus::Finished: return;
    case InflateStatus::NotCompressed: sink.anomaly("GZIP_DECOMPRESSION_FAILED"); return;
    case InflateStatus::Failed: sink.anomaly("GZIP_DECOMPRESSION_FAILED"); break;
    case InflateStatus::SizeLimit: sink.anomaly("COMPRESSION_BOMB_LIMIT_REACHED"); break;
    case InflateStatus::RatioLimit: sink.anomaly("COMPRESSION_BOMB"); break;
  }
  // Whatever follows is not inflated again; the framing is still followed.
  decoder_.reset();
  res.entity_length = std::max(res.entity_length, res.body.size());
}

bool ResponseParser::on_body(std::span<const uint8_t>& input, EventSink& sink) {
  while (true) {
    size_t before = input.size();
    BodyStep step = body_.next(input);
    tx_->response.message_length += before - input.size();
    switch (step.status) {
      case BodyStatus::NeedMore: return true;
      case BodyStatus::Done: state_ = State::Finalize; return true;
      case BodyStatus::Data: on_entity(step.data, sink); break;
      case BodyStatus::Trailer:
        tx_->response.headers.add_line(step.line.text, step.line.raw, limits_, kResponseEvents, sink);
        break;
      case BodyStatus::ChunkExtension: sink.anomaly(kResponseEvents.chunk_extension); break;
      case BodyStatus::BadChunkLength:
        // As libhtp does, a response that breaks its chunking runs until close,
        // the line that broke it being the first body bytes.
        sink.anomaly(kResponseEvents.invalid_chunk_length);
        on_entity(as_bytes(step.line.raw), sink);
        body_.start(BodyFraming::UntilClose);
        break;
      case BodyStatus::LineTooLong: sink.anomaly(kResponseEvents.field_too_long); return false;
    }
  }
}

ResponseOutcome ResponseParser::finalize(std::span<const uint8_t>& input, EventSink& sink) {
  while (true) {
    if (input.empty()) {
      if (lines_.pending().empty()) complete(sink);
      return ResponseOutcome::Continue;
    }
    Line line;
    switch (lines_.next(input, line)) {
      case LineStatus::NeedMore: return ResponseOutcome::Continue;
      case LineStatus::TooLong: sink.anomaly(kResponseEvents.field_too_long); return ResponseOutcome::Stop;
      case LineStatus::Complete: break;
    }
    if (opens_response(line.raw)) {
      complete(sink);
      return start_response(line, input, sink);
    }
    append_unexpected_body(line, sink);
  }
}

void ResponseParser::append_unexpected_body(const Line& line, EventSink& sink) {
  if (!body_unexpected_) sink.anomaly("RESPONSE_BODY_UNEXPECTED");
  body_unexpected_ = true;
  tx_->response.message_length += line.raw.size();
  on_entity(as_bytes(line.raw), sink);
}

// Every response body is a file (a download): its digest starts with its first byte.
void ResponseParser::start_file() {
  if (FileTap::wanted(limits_.file_hashes, limits_.file_store)) tap_.emplace(limits_.file_hashes, limits_.file_store);
}

void ResponseParser::close_file() {
  if (tap_) {
    tx_->response.digests = tap_->finish();
    tx_->response.spool = tap_->spool();
  }
  tap_.reset();
}

void ResponseParser::complete(EventSink& sink) {
  close_file();
  body_unexpected_ = false;
  tx_->response.complete = true;
  tx_ = nullptr;
  decoder_.reset();
  continue_seen_ = false;
  state_ = State::Line;
  queue_.log_completed(sink);
}

void ResponseParser::gap(uint64_t length, EventSink& sink) {
  frames_.gap(length, sink);
  if (state_ == State::Body && body_.skip(length)) {
    // As Suricata's files, the missing bytes count in the file's size and its
    // digests are of the bytes that arrived.
    tx_->response.message_length += length;
    tx_->response.entity_length += length;
    tx_->response.body_gaps = true;
    decoder_.reset();  // inflating cannot resume past missing bytes
    return;
  }
  if (state_ == State::Finalize && lines_.pending().empty()) {
    complete(sink);
    return;
  }
  if (state_ == State::Tunnel || (state_ == State::Line && lines_.pending().empty())) return;
  state_ = State::Lost;
}

void ResponseParser::finish(EventSink& sink) {
  // An answer without a line end before the close: a status line, or (HTTP/0.9) the body.
  if (state_ == State::Line && !trim_whitespace(lines_.pending()).empty()) {
    std::string last(lines_.pending());
    lines_.clear();
    on_status_line(Line{.raw = last, .text = last}, sink);
  }
  if (state_ == State::Finalize) {
    if (!lines_.pending().empty()) {
      std::string last(lines_.pending());
      lines_.clear();
      if (!opens_response(last)) append_unexpected_body(Line{.raw = last, .text = last}, sink);
    }
    complete(sink);
    return;
  }
  if (state_ != State::Body) return;
  if (body_.framing() == BodyFraming::UntilClose) {
    frames_.end(frames_.position_of({}), sink);
    complete(sink);
  } else {
    close_file();  // a truncated file still has the digest of what arrived
  }
}

}  // namespace rampart::proto::http1
