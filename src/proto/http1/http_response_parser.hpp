#pragma once
// The server side of an HTTP/1.x connection: status line, headers and body,
// fed incrementally, each response answering the oldest unanswered request.
// Interim 1xx responses are skipped; a 101 Switching Protocols or a 2xx answer
// to CONNECT ends HTTP on the connection (the caller switches to tunnel mode).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "proto/app_parser.hpp"
#include "proto/file_tap.hpp"
#include "proto/http1/http_body.hpp"
#include "proto/http1/http_decompress.hpp"
#include "proto/http1/http_frames.hpp"
#include "proto/http1/http_line_reader.hpp"
#include "proto/http1/http_response_headers.hpp"
#include "proto/http1/http_transaction_queue.hpp"

namespace rampart::proto::http1 {

// Tunnel: a CONNECT was accepted; Upgraded: 101 Switching Protocols.
enum class ResponseOutcome : uint8_t { Continue, Stop, Tunnel, Upgraded, ConnectRefused };

class ResponseParser {
 public:
  ResponseParser(const HttpLimits& limits, TransactionQueue& queue);
  // Parses until the input ends or the connection changes (Tunnel, Upgraded, ConnectRefused:
  // `input` then holds what is left).
  ResponseOutcome parse(std::span<const uint8_t>& input, EventSink& sink);
  // The bytes the following parse() calls work through, given once (for frames).
  void take(std::span<const uint8_t> bytes, EventSink& sink) { frames_.feed(bytes, sink); }
  void gap(uint64_t length, EventSink& sink);
  // The connection closed: a body delimited by the close is complete.
  void finish(EventSink& sink);

 private:
  // Finalize: the response's body ended and, as libhtp does, the lines behind it
  // that do not start with "http" are more of its body (reported once as
  // RESPONSE_BODY_UNEXPECTED); the response completes at the next one that does,
  // when the input runs out, at a gap or at the close.
  enum class State : uint8_t { Line, Headers, Body, Finalize, Tunnel, Lost };
  // line: a status line just read; rest: the input behind it.
  ResponseOutcome start_response(const Line& line, std::span<const uint8_t> rest, EventSink& sink);
  ResponseOutcome on_status_line(const Line& line, EventSink& sink);
  ResponseOutcome on_header_bytes(std::span<const uint8_t>& input, EventSink& sink);
  void add_fields(const ResponseHeaderStep& step, EventSink& sink);
  ResponseOutcome on_headers_end(EventSink& sink);
  void choose_framing(EventSink& sink);
  void start_decoding(EventSink& sink);
  bool on_body(std::span<const uint8_t>& input, EventSink& sink);
  ResponseOutcome finalize(std::span<const uint8_t>& input, EventSink& sink);
  void append_unexpected_body(const Line& line, EventSink& sink);
  void on_entity(std::span<const uint8_t> data, EventSink& sink);
  void start_file();
  void close_file();
  void complete(EventSink& sink);

  const HttpLimits& limits_;
  TransactionQueue& queue_;
  State state_ = State::Line;
  LineReader lines_;
  std::string header_bytes_;  // header bytes whose meaning waits for the next ones
  BodyReader body_;
  std::unique_ptr<DecoderChain> decoder_;
  std::optional<FileTap> tap_;  // of the current body, when files are hashed or may be stored
  HttpTransaction* tx_ = nullptr;
  bool continue_seen_ = false;
  bool body_unexpected_ = false;  // RESPONSE_BODY_UNEXPECTED was raised for tx_
  MessageFrames frames_{"http1.response", Direction::ToClient};
};

}  // namespace rampart::proto::http1
