#pragma once
// The client side of an HTTP/1.x connection: request line, headers and body,
// fed incrementally. Each request opens a transaction in the queue. After a
// CONNECT it holds the client's bytes until the server answers: a 2xx turns
// the connection into an opaque tunnel, anything else resumes parsing.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "proto/app_parser.hpp"
#include "proto/file_tap.hpp"
#include "proto/http1/http_body.hpp"
#include "proto/http1/http_frames.hpp"
#include "proto/http1/http_line_reader.hpp"
#include "proto/http1/http_multipart.hpp"
#include "proto/http1/http_transaction_queue.hpp"

namespace rampart::proto::http1 {

class RequestParser {
 public:
  RequestParser(const HttpLimits& limits, TransactionQueue& queue);
  // false once the stream cannot be parsed as HTTP any more.
  bool parse(std::span<const uint8_t> input, EventSink& sink);
  // Bytes were lost; a request whose body had ended is complete.
  void gap(uint64_t length, EventSink& sink);
  // The server refused a CONNECT: the held bytes are parsed as requests again.
  bool resume_after_refused_connect(EventSink& sink);
  // HTTP ends here; returns the bytes held while a CONNECT awaited its answer.
  std::string enter_tunnel();
  // The connection closed: a body that did not end keeps the digest of what
  // arrived; a request whose body had ended is complete.
  void finish(EventSink& sink);

 private:
  // Finalize: the request's body ended and, as libhtp does, the lines behind it
  // that do not start with a method it knows are more of its body (reported once
  // as REQUEST_BODY_UNEXPECTED); the request completes at the next request line
  // or when the input runs out.
  enum class State : uint8_t { Line, Headers, Body, Finalize, AwaitConnect, Tunnel, Lost };
  // parse() without counting the bytes for frames (held bytes parsed again).
  bool parse_input(std::span<const uint8_t> input, EventSink& sink);
  // line: a request line just read; rest: the input behind it.
  bool start_request(const Line& line, std::span<const uint8_t> rest, EventSink& sink);
  bool on_request_line(const Line& line, EventSink& sink);
  void on_headers_end(EventSink& sink);
  void choose_framing(EventSink& sink);
  bool on_body(std::span<const uint8_t>& input, EventSink& sink);
  void read_uploads(std::span<const uint8_t> data, uint64_t body_offset);
  void close_file();
  bool finalize(std::span<const uint8_t>& input, EventSink& sink);
  void append_unexpected_body(std::string_view raw, EventSink& sink);
  void end_body(EventSink& sink);
  void complete(EventSink& sink);
  // A request anomaly: an applayer record, and an event of the open transaction
  // that app-layer-event rules inspecting it see.
  void raise(std::string_view event, EventSink& sink);

  const HttpLimits& limits_;
  TransactionQueue& queue_;
  State state_ = State::Line;
  LineReader lines_;
  BodyReader body_;
  std::optional<FileTap> tap_;  // of the current body, when files are hashed or may be stored
  std::optional<MultipartReader> uploads_;  // of a multipart/form-data body
  HttpTransaction* tx_ = nullptr;
  std::string connect_stash_;
  MessageFrames frames_{"http1.request", Direction::ToServer};
};

}  // namespace rampart::proto::http1
