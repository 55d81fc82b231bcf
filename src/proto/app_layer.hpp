#pragma once
// The application layer of one flow: detects its protocol (by port and content,
// in both directions, as Suricata's app-layer detection does), then feeds the
// protocol's parser. Bytes that arrive before detection concludes are kept (up to
// a limit per direction) and replayed to the parser once it exists. A parser may
// hand the flow over to another protocol (STARTTLS), once. A TCP flow another
// flow announced (an FTP data channel) takes its expectation when attached and
// speaks the expected protocol from the start, without detection. On a flow
// picked up midstream, data that only matches as the other direction's (an HTTP
// reply from the initiator) reverses the flow, as Suricata's detection does.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "proto/flow_context.hpp"
#include "proto/protocol.hpp"

namespace rampart::proto {

class StreamFrames;

struct AppLayerStats {
  // Flows, transactions and parser errors (input the parser gave up on) per
  // protocol, indexed like registered_protocols().
  std::vector<uint64_t> flows_tcp, flows_udp, tx_tcp, tx_udp, errors_tcp, errors_udp;
  uint64_t failed_tcp = 0, failed_udp = 0;
  AppLayerStats();
};

class AppLayer {
 public:
  // enabled: bit i allows registered_protocols()[i] to be detected.
  AppLayer(bool over_tcp, uint16_t server_port, uint64_t enabled = ~0ULL);
  ~AppLayer();
  AppLayer(AppLayer&&) noexcept;
  AppLayer& operator=(AppLayer&&) noexcept;

  // Gives the parsers their flow (before any data); takes the flow's expectation.
  void attach(FlowContext context, AppLayerStats& stats);
  void on_data(Direction dir, std::span<const uint8_t> bytes, EventSink& sink, AppLayerStats& stats);
  void on_gap(Direction dir, uint32_t length, EventSink& sink);
  // dir reached the reassembly depth (AppParser::truncate).
  void on_depth(Direction dir, EventSink& sink);
  // The end of both streams: what is still open is logged. Once only.
  void finish(EventSink& sink, AppLayerStats& stats);
  bool finished() const { return finished_; }
  // A packet of `side` came: the parser reports the sides whose rules waited for it
  // (EventSink::defers_side).
  void inspect_deferred(Direction side, EventSink& sink);

  // "http", "dns", ... or "failed" when detection gave up (on UDP: when the
  // flow's first datagram was not recognised); empty while unknown.
  std::string_view app_proto() const;
  // The protocol the flow started in when it changed protocol (STARTTLS, CONNECT), else empty.
  std::string_view app_proto_orig() const;
  // The protocol the first data of `dir` showed when it was not the direction
  // that found app_proto() and showed another one (Suricata's app_proto_ts and
  // app_proto_tc: a TLS client talking to an SMTP server), else empty.
  std::string_view app_proto_of(Direction dir) const;
  // The transactions the flow's parsers logged (Suricata's flow.tx_cnt).
  uint64_t transactions() const { return transactions_; }
  // The parser found the flow's application data encrypted (AppParser::encrypted).
  bool encrypted() const;

 private:
  enum class State : uint8_t { Detecting, Parsing, Failed, Stopped };
  // Returns the direction the held bytes of `dir` travel in afterwards (the
  // opposite one when detection reversed the flow).
  Direction detect(Direction dir, EventSink& sink, AppLayerStats& stats);
  // The protocol whose probe matches `data` travelling in `dir` to `server_port`.
  std::optional<size_t> find_protocol(Direction dir, std::span<const uint8_t> data, uint16_t server_port,
                                      bool& need_more) const;
  void reverse(EventSink& sink);
  // Probes the first bytes of the direction that did not find the protocol.
  void probe_other_side(Direction dir, std::span<const uint8_t> bytes);
  void start_parser(size_t protocol, EventSink& sink, AppLayerStats& stats);
  void feed(Direction dir, std::span<const uint8_t> bytes, EventSink& sink, AppLayerStats& stats);
  void give_up(AppLayerStats& stats);
  void change_protocol(EventSink& sink, AppLayerStats& stats);
  void detect_again(EventSink& sink, AppLayerStats& stats);
  void make_parser(size_t protocol, AppLayerStats& stats);
  // Where the current protocol's transactions are counted (nullptr: nowhere).
  uint64_t* tx_counter(AppLayerStats& stats) const;

  bool over_tcp_;
  uint16_t server_port_;
  uint64_t enabled_;
  State state_ = State::Detecting;
  size_t protocol_ = 0;
  std::optional<size_t> original_protocol_;  // before a protocol change
  std::unique_ptr<AppParser> parser_;
  std::unique_ptr<StreamFrames> stream_frames_;  // only while stream frames are wanted
  std::optional<FlowContext> context_;
  std::array<std::vector<uint8_t>, 2> pending_;  // bytes seen while detecting
  std::array<bool, 2> direction_failed_{};
  bool failure_counted_ = false;  // app_proto() says "failed" (a UDP flow may still find its protocol)
  std::optional<Direction> detected_dir_;       // whose data found the protocol
  std::optional<size_t> other_side_protocol_;   // what the other direction's data showed, if not that
  bool other_side_probed_ = false;
  uint64_t transactions_ = 0;
  bool finished_ = false;
};

}  // namespace rampart::proto
