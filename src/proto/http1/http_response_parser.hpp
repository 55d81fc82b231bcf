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
#include "proto/file_hasher.hpp"
#include "proto/http1/http_body.hpp"
#include "proto/http1/http_decompress.hpp"
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
  void gap(uint64_t length);
  // The connection closed: a body delimited by the close is complete.
  void finish(EventSink& sink);

 private:
  enum class State : uint8_t { Line, Headers, Body, Tunnel, Lost };
  ResponseOutcome on_status_line(const Line& line, EventSink& sink);
  ResponseOutcome on_header_bytes(std::span<const uint8_t>& input, EventSink& sink);
  void add_fields(const ResponseHeaderStep& step, EventSink& sink);
  ResponseOutcome on_headers_end(EventSink& sink);
  void choose_framing(EventSink& sink);
  void start_decoding(EventSink& sink);
  bool on_body(std::span<const uint8_t>& input, EventSink& sink);
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
  std::optional<FileHasher> hasher_;  // of the current body, when files are hashed
  HttpTransaction* tx_ = nullptr;
  bool continue_seen_ = false;
};

}  // namespace rampart::proto::http1
