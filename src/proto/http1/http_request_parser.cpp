#include "proto/http1/http_request_parser.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "proto/http1/http_eve.hpp"
#include "proto/http1/http_file.hpp"
#include "proto/http1/http_uri.hpp"

namespace rampart::proto::http1 {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view next_token(std::string_view& rest) {
  size_t end = 0;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  std::string_view token = rest.substr(0, end);
  rest.remove_prefix(end);
  return token;
}

// Skips the whitespace after a token; reports whether it was exactly one SP.
bool skip_delimiter(std::string_view& rest) {
  size_t n = 0;
  while (n < rest.size() && is_space(rest[n])) ++n;
  bool compliant = n == 1 && rest[0] == ' ';
  rest.remove_prefix(n);
  return compliant;
}

// An Authorization header whose scheme libhtp does not parse (Basic, Digest and
// Bearer are the ones it knows) is reported, as Suricata does.
bool auth_scheme_unrecognized(const HttpHeaders& headers) {
  if (!headers.has("Authorization")) return false;
  std::string_view value = trim_whitespace(headers.value("Authorization"));
  for (std::string_view scheme : {"basic", "digest", "bearer"})
    if (value.size() >= scheme.size() && iequals(value.substr(0, scheme.size()), scheme)) return false;
  return true;
}

// The methods libhtp knows: a line after a request that starts with one of them
// is the next request.
bool known_method(std::string_view token) {
  static constexpr std::string_view kMethods[] = {
      "GET", "PUT", "POST", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH",
      "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "VERSION-CONTROL", "CHECKOUT", "UNCHECKOUT", "CHECKIN",
      "UPDATE", "LABEL", "REPORT", "MKWORKSPACE", "MKACTIVITY", "BASELINE-CONTROL", "MERGE", "INVALID", "HEAD"};
  return std::find(std::begin(kMethods), std::end(kMethods), token) != std::end(kMethods);
}

bool starts_with_http(std::string_view s) {
  return s.size() >= 5 && (s[0] | 0x20) == 'h' && (s[1] | 0x20) == 't' && (s[2] | 0x20) == 't' &&
         (s[3] | 0x20) == 'p' && s[4] == '/';
}

}  // namespace

RequestParser::RequestParser(const HttpLimits& limits, TransactionQueue& queue)
    : limits_(limits), queue_(queue), lines_(limits.max_line), body_(limits.max_line) {}

bool RequestParser::parse(std::span<const uint8_t> input, EventSink& sink) {
  frames_.feed(input, sink);
  return parse_input(input, sink);
}

bool RequestParser::parse_input(std::span<const uint8_t> input, EventSink& sink) {
  while (true) {
    switch (state_) {
      case State::Tunnel:
      case State::Lost: return true;
      case State::AwaitConnect: {
        size_t room = limits_.max_connect_stash - std::min(limits_.max_connect_stash, connect_stash_.size());
        connect_stash_.append(as_chars(input.first(std::min(room, input.size()))));
        return true;
      }
      case State::Body:
        if (!on_body(input, sink)) return false;
        if (state_ == State::Body) return true;
        frames_.end(frames_.position_of(input), sink);
        continue;
      case State::Finalize:
        if (!finalize(input, sink)) return false;
        if (state_ == State::Finalize) return true;
        continue;
      case State::Line:
      case State::Headers: break;
    }
    if (input.empty()) return true;
    Line line;
    switch (lines_.next(input, line)) {
      case LineStatus::NeedMore: return true;
      case LineStatus::TooLong: raise(kRequestEvents.field_too_long, sink); return false;
      case LineStatus::Complete: break;
    }
    if (state_ == State::Line) {
      if (trim_whitespace(line.text).empty()) continue;  // stray CRLFs between requests
      if (!start_request(line, input, sink)) return false;
    } else if (line.text.empty()) {
      tx_->request.headers_end = line.raw;
      on_headers_end(sink);
    } else {
      tx_->request.headers.add_line(line.text, line.raw, limits_, kRequestEvents, sink);
    }
  }
}

bool RequestParser::start_request(const Line& line, std::span<const uint8_t> rest, EventSink& sink) {
  if (!on_request_line(line, sink)) return false;
  frames_.start(frames_.position_of(rest) - line.raw.size(), tx_->id);
  const bool more_input = !rest.empty();
  // Like libhtp, a line without protocol that arrives alone is an HTTP/0.9
  // request, which has no headers; with more bytes behind it, headers follow.
  if (tx_->request.protocol.empty() && !more_input) {
    body_.start(BodyFraming::None);
    complete(sink);
  }
  return true;
}

bool RequestParser::on_request_line(const Line& line, EventSink& sink) {
  tx_ = queue_.open();
  if (tx_ == nullptr) return false;  // a flood of unanswered requests
  HttpRequest& req = tx_->request;
  req.line = line.text;
  std::string_view rest = line.text;
  if (is_space(rest.front())) {
    raise("REQUEST_LINE_LEADING_WHITESPACE", sink);
    skip_delimiter(rest);
  }
  req.method = next_token(rest);
  if (!skip_delimiter(rest) && !rest.empty()) raise("METHOD_DELIM_NON_COMPLIANT", sink);
  std::string_view target = rest;
  size_t last_space = rest.find_last_of(" \t");
  if (last_space != std::string_view::npos && starts_with_http(rest.substr(last_space + 1))) {
    req.protocol = rest.substr(last_space + 1);
    target = rest.substr(0, last_space);
    size_t end = target.find_last_not_of(" \t");
    if (end + 1 != target.size()) raise("URI_DELIM_NON_COMPLIANT", sink);
    target = target.substr(0, end == std::string_view::npos ? 0 : end + 1);
  } else if (target.empty()) {
    raise("REQUEST_LINE_INCOMPLETE", sink);
  } else {
    raise("REQUEST_LINE_MISSING_PROTOCOL", sink);
  }
  req.uri_raw = target;
  UriParts parts = split_uri(req.uri_raw, req.method == "CONNECT");
  NormalizedUri normalized = normalize_uri(parts);
  req.uri_normalized = std::move(normalized.text);
  if (normalized.double_encoded) raise("DOUBLE_ENCODED_URI", sink);
  if (!parts.authority.empty()) {
    Authority authority = parse_authority(parts.authority);
    if (!authority.port_valid) raise("INVALID_AUTHORITY_PORT", sink);
    req.hostname = std::move(authority.host);
    req.port = authority.port;
  }
  state_ = State::Headers;
  return true;
}

void RequestParser::on_headers_end(EventSink& sink) {
  HttpRequest& req = tx_->request;
  std::string_view host = req.headers.value("Host");
  if (!req.headers.has("Host")) {
    if (req.protocol == "HTTP/1.1" && req.hostname.empty()) raise("MISSING_HOST_HEADER", sink);
  } else if (req.hostname.empty()) {
    Authority authority = parse_authority(host);
    if (!authority.port_valid) raise("REQUEST_HEADER_HOST_INVALID", sink);
    req.hostname = std::move(authority.host);
    req.port = authority.port;
  }
  if (auth_scheme_unrecognized(req.headers)) raise("REQUEST_AUTH_UNRECOGNIZED", sink);
  choose_framing(sink);
  if (FileTap::wanted(limits_.file_hashes, limits_.file_store) && body_is_upload(req))
    tap_.emplace(limits_.file_hashes, limits_.file_store);
  if (auto boundary = form_data_boundary(req.headers.value("Content-Type")))
    uploads_.emplace(std::move(*boundary), limits_.file_hashes, limits_.file_store);
  state_ = State::Body;
}

void RequestParser::choose_framing(EventSink& sink) {
  const HttpHeaders& headers = tx_->request.headers;
  if (headers.has("Transfer-Encoding")) {
    std::string_view coding = trim_whitespace(headers.value("Transfer-Encoding"));
    if (iequals(coding, "chunked")) {
      body_.start(BodyFraming::Chunked);
      return;
    }
    raise(kRequestEvents.invalid_transfer_encoding, sink);
  }
  if (headers.has("Content-Length")) {
    uint64_t length = 0;
    if (parse_content_length(headers.value("Content-Length"), length)) {
      body_.start(BodyFraming::Length, length);
      return;
    }
    raise(kRequestEvents.invalid_content_length, sink);
  }
  body_.start(BodyFraming::None);
}

bool RequestParser::on_body(std::span<const uint8_t>& input, EventSink& sink) {
  HttpRequest& req = tx_->request;
  while (true) {
    size_t before = input.size();
    BodyStep step = body_.next(input);
    req.message_length += before - input.size();
    switch (step.status) {
      case BodyStatus::NeedMore: return true;
      case BodyStatus::Done: end_body(sink); return true;
      case BodyStatus::Data:
        if (tap_) tap_->update(step.data);
        read_uploads(step.data, req.entity_length);
        req.entity_length += step.data.size();
        if (req.body.size() < limits_.request_body_capture)
          req.body.append(as_chars(step.data.first(std::min(step.data.size(), limits_.request_body_capture - req.body.size()))));
        break;
      case BodyStatus::Trailer: req.headers.add_line(step.line.text, step.line.raw, limits_, kRequestEvents, sink); break;
      case BodyStatus::ChunkExtension: raise(kRequestEvents.chunk_extension, sink); break;
      case BodyStatus::BadChunkLength: raise(kRequestEvents.invalid_chunk_length, sink); return false;
      case BodyStatus::LineTooLong: raise(kRequestEvents.field_too_long, sink); return false;
    }
  }
}

// As Suricata, multipart parts are read from the body up to the request body limit.
void RequestParser::read_uploads(std::span<const uint8_t> data, uint64_t body_offset) {
  if (!uploads_ || body_offset >= limits_.request_body_capture) return;
  uploads_->feed(data.first(std::min<uint64_t>(data.size(), limits_.request_body_capture - body_offset)));
}

void RequestParser::close_file() {
  if (tap_) {
    tx_->request.digests = tap_->finish();
    tx_->request.spool = tap_->spool();
  }
  tap_.reset();
  if (uploads_) tx_->request.uploads = uploads_->finish();
  uploads_.reset();
}

void RequestParser::finish(EventSink& sink) {
  if (state_ == State::Body) close_file();
  if (state_ == State::Finalize) complete(sink);
}

void RequestParser::end_body(EventSink& sink) {
  if (tx_->request.method == "CONNECT") return complete(sink);
  state_ = State::Finalize;
}

bool RequestParser::finalize(std::span<const uint8_t>& input, EventSink& sink) {
  while (true) {
    if (input.empty()) {
      if (lines_.pending().empty()) complete(sink);
      return true;
    }
    Line line;
    switch (lines_.next(input, line)) {
      case LineStatus::NeedMore: return true;
      case LineStatus::TooLong: raise(kRequestEvents.field_too_long, sink); return false;
      case LineStatus::Complete: break;
    }
    std::string_view rest = trim_whitespace(line.text);
    if (rest.empty()) continue;  // stray line endings between requests
    if (known_method(next_token(rest))) {
      complete(sink);
      return start_request(line, input, sink);
    }
    append_unexpected_body(line.raw, sink);
  }
}

void RequestParser::append_unexpected_body(std::string_view raw, EventSink& sink) {
  HttpRequest& req = tx_->request;
  if (!req.body_unexpected) raise("REQUEST_BODY_UNEXPECTED", sink);
  req.body_unexpected = true;
  req.message_length += raw.size();
  req.entity_length += raw.size();
  if (req.body.size() < limits_.request_body_capture)
    req.body.append(raw.substr(0, limits_.request_body_capture - req.body.size()));
}

void RequestParser::raise(std::string_view event, EventSink& sink) {
  sink.anomaly(event);
  if (tx_ != nullptr && tx_->events.size() < kMaxTransactionEvents) tx_->events.emplace_back(event);
}

void RequestParser::complete(EventSink& sink) {
  close_file();
  bool is_connect = tx_->request.method == "CONNECT";
  tx_->request.complete = true;
  if (!tx_->response.complete) queue_.request_complete(*tx_, sink);
  tx_ = nullptr;
  state_ = is_connect ? State::AwaitConnect : State::Line;
  queue_.log_completed(sink);
}

bool RequestParser::resume_after_refused_connect(EventSink& sink) {
  if (state_ != State::AwaitConnect) return true;
  state_ = State::Line;
  std::string held = std::exchange(connect_stash_, {});
  return parse_input(as_bytes(held), sink);
}

std::string RequestParser::enter_tunnel() {
  state_ = State::Tunnel;
  return std::exchange(connect_stash_, {});
}

void RequestParser::gap(uint64_t length, EventSink& sink) {
  frames_.gap(length, sink);
  if (state_ == State::Body && body_.skip(length)) {
    // As Suricata's files, the missing bytes count in the size; the digest is of what arrived.
    tx_->request.message_length += length;
    tx_->request.entity_length += length;
    tx_->request.body_gaps = true;
    if (uploads_) uploads_->gap();
    return;
  }
  if (state_ == State::AwaitConnect || state_ == State::Tunnel) return;
  if (state_ == State::Finalize) complete(sink);
  // A gap between two requests loses nothing of either: resume at the next one.
  if (state_ == State::Line && lines_.pending().empty()) return;
  state_ = State::Lost;
}

}  // namespace rampart::proto::http1
