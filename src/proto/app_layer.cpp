#include "proto/app_layer.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "proto/stream_frame.hpp"

namespace rampart::proto {

namespace {

// Bytes of one direction kept while the protocol is still unknown; past this the
// probes have seen enough to decide.
constexpr size_t kMaxPendingBytes = 4096;

size_t index_of(Direction dir) { return static_cast<size_t>(dir); }

// The protocol's configured detection ports when the settings name them, else its defaults.
bool serves_port(const Protocol& p, uint16_t port, const AppLayerSettings* settings) {
  if (settings != nullptr) {
    for (const DetectionPorts& configured : settings->detection_ports)
      if (configured.protocol == p.name) return port != 0 && std::ranges::find(configured.ports, port) != configured.ports.end();
  }
  return std::find(p.ports.begin(), p.ports.end(), port) != p.ports.end();
}

// Counts the transactions a parser logs, per protocol, on their way out (count:
// nullptr for a protocol whose transactions are not counted), and how many the
// flow had (the highest transaction id logged, plus one). With the stream frame on
// (id 1), the parser's frame ids move up by one.
class CountingSink final : public EventSink {
 public:
  CountingSink(EventSink& inner, uint64_t* count, uint64_t& flow_transactions, bool stream_frame)
      : inner_(inner), count_(count), flow_transactions_(flow_transactions), stream_frame_(stream_frame) {}
  void transaction(std::string_view event_type, uint64_t tx_id, LogDirection direction,
                   const EveFields& fields) override {
    if (count_ != nullptr) ++*count_;
    flow_transactions_ = std::max(flow_transactions_, tx_id + 1);
    inner_.transaction(event_type, tx_id, direction, fields);
  }
  void side_complete(std::string_view event_type, uint64_t tx_id, Direction side, const EveFields& fields) override {
    inner_.side_complete(event_type, tx_id, side, fields);
  }
  bool defers_side(Direction side) const override { return inner_.defers_side(side); }
  void anomaly(std::string_view event) override { inner_.anomaly(event); }
  void transaction_anomaly(std::string_view event, uint64_t tx_id, const EveFields& tx) override {
    inner_.transaction_anomaly(event, tx_id, tx);
  }
  void file(uint64_t tx_id, const EveFields& fields) override { inner_.file(tx_id, fields); }
  void file_opened() override { inner_.file_opened(); }
  bool wants_frames() const override { return inner_.wants_frames(); }
  bool wants_stream_frames() const override { return inner_.wants_stream_frames(); }
  void frame(const Frame& frame, const EveFields* tx) override {
    if (!stream_frame_) return inner_.frame(frame, tx);
    Frame after_stream_frame = frame;
    ++after_stream_frame.id;
    inner_.frame(after_stream_frame, tx);
  }

 private:
  EventSink& inner_;
  uint64_t* count_;
  uint64_t& flow_transactions_;
  bool stream_frame_;
};

}  // namespace

AppLayerStats::AppLayerStats()
    : flows_tcp(registered_protocols().size()),
      flows_udp(registered_protocols().size()),
      tx_tcp(registered_protocols().size()),
      tx_udp(registered_protocols().size()),
      errors_tcp(registered_protocols().size()),
      errors_udp(registered_protocols().size()) {}

AppLayer::AppLayer(bool over_tcp, uint16_t server_port, uint64_t enabled)
    : over_tcp_(over_tcp), server_port_(server_port), enabled_(enabled) {}
AppLayer::~AppLayer() = default;
AppLayer::AppLayer(AppLayer&&) noexcept = default;
AppLayer& AppLayer::operator=(AppLayer&&) noexcept = default;

void AppLayer::on_data(Direction dir, std::span<const uint8_t> bytes, EventSink& sink, AppLayerStats& stats) {
  if (bytes.empty()) return;
  switch (state_) {
    case State::Parsing:
      if (!other_side_probed_ && detected_dir_ && dir != *detected_dir_) probe_other_side(dir, bytes);
      feed(dir, bytes, sink, stats);
      return;
    case State::Failed:
    case State::Stopped: return;
    case State::Detecting: break;
  }
  auto& pending = pending_[index_of(dir)];
  if (!over_tcp_) pending.clear();  // a datagram stands alone
  size_t held = std::min(kMaxPendingBytes - std::min(kMaxPendingBytes, pending.size()), bytes.size());
  pending.insert(pending.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(held));
  Direction held_dir = detect(dir, sink, stats);
  // What did not fit in the detection buffer goes straight to the new parser.
  if (state_ == State::Parsing && held < bytes.size()) feed(held_dir, bytes.subspan(held), sink, stats);
}

std::optional<size_t> AppLayer::find_protocol(Direction dir, std::span<const uint8_t> data, uint16_t server_port,
                                              bool& need_more) const {
  const auto& protocols = registered_protocols();
  const AppLayerSettings* settings = context_ ? context_->settings : nullptr;
  // Two passes: protocols registered for the server port first, then the others.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < protocols.size(); ++i) {
      const Protocol& p = protocols[i];
      if (!(over_tcp_ ? p.tcp : p.udp) || serves_port(p, server_port, settings) != (pass == 0)) continue;
      if ((enabled_ >> i & 1) == 0) continue;
      if (pass == 1 && p.port_required) continue;
      switch (p.probe(dir, data)) {
        case ProbeResult::Match: return i;
        case ProbeResult::NeedMore: need_more = true; break;
        case ProbeResult::NoMatch: break;
      }
    }
  }
  return std::nullopt;
}

Direction AppLayer::detect(Direction dir, EventSink& sink, AppLayerStats& stats) {
  const auto& data = pending_[index_of(dir)];
  bool need_more = false;
  if (auto found = find_protocol(dir, data, server_port_, need_more)) {
    detected_dir_ = dir;
    start_parser(*found, sink, stats);
    return dir;
  }
  if (context_ && context_->midstream) {
    if (auto found = find_protocol(opposite(dir), data, context_->client_port, need_more)) {
      reverse(sink);
      detected_dir_ = opposite(dir);
      start_parser(*found, sink, stats);
      return opposite(dir);
    }
  }
  if (need_more && over_tcp_ && data.size() < kMaxPendingBytes) return dir;
  direction_failed_[index_of(dir)] = true;
  if (direction_failed_[0] && direction_failed_[1]) {
    give_up(stats);
  } else if (!over_tcp_ && !failure_counted_) {
    // Suricata calls a UDP flow failed once its first datagram is not recognised
    // (a reply may still name the protocol later).
    failure_counted_ = true;
    ++stats.failed_udp;
  }
  return dir;
}

// Client and server trade places, here and in the sensor's flow.
void AppLayer::reverse(EventSink& sink) {
  std::swap(pending_[0], pending_[1]);
  std::swap(direction_failed_[0], direction_failed_[1]);
  std::swap(context_->client, context_->server);
  std::swap(context_->client_port, context_->server_port);
  context_->midstream = false;  // once is enough
  server_port_ = context_->server_port;
  sink.reverse_flow();
}

void AppLayer::attach(FlowContext context, AppLayerStats& stats) {
  context_ = std::move(context);
  if (!over_tcp_ || context_->expectations == nullptr || state_ != State::Detecting) return;
  auto expected = context_->expectations->take(context_->client, context_->server, context_->server_port,
                                               context_->now_usec != nullptr ? *context_->now_usec : 0);
  if (!expected) return;
  const auto& protocols = registered_protocols();
  auto next = std::find_if(protocols.begin(), protocols.end(),
                           [&](const Protocol& p) { return p.name == expected->protocol; });
  auto index = static_cast<size_t>(next - protocols.begin());
  if (next == protocols.end() || (enabled_ >> index & 1) == 0) return;
  context_->channel = std::move(expected->channel);
  make_parser(index, stats);
}

void AppLayer::make_parser(size_t protocol, AppLayerStats& stats) {
  protocol_ = protocol;
  parser_ = registered_protocols()[protocol].make_parser(over_tcp_);
  if (context_) parser_->attach(*context_);
  state_ = State::Parsing;
  ++(over_tcp_ ? stats.flows_tcp : stats.flows_udp)[protocol];
}

void AppLayer::start_parser(size_t protocol, EventSink& sink, AppLayerStats& stats) {
  make_parser(protocol, stats);
  const std::string_view stream_frame = registered_protocols()[protocol].stream_frame;
  if (over_tcp_ && !stream_frames_ && !stream_frame.empty() && sink.wants_stream_frames())
    stream_frames_ = std::make_unique<StreamFrames>(stream_frame);
  // Replay what was held back, requests first.
  auto held = std::move(pending_);
  for (Direction d : {Direction::ToServer, Direction::ToClient}) {
    if (held[index_of(d)].empty()) continue;
    if (d != detected_dir_) probe_other_side(d, held[index_of(d)]);
    if (state_ == State::Parsing) feed(d, held[index_of(d)], sink, stats);
  }
}

void AppLayer::probe_other_side(Direction dir, std::span<const uint8_t> bytes) {
  other_side_probed_ = true;
  bool need_more = false;
  auto found = find_protocol(dir, bytes, server_port_, need_more);
  if (found && *found != protocol_) other_side_protocol_ = found;
}

std::string_view AppLayer::app_proto_of(Direction dir) const {
  if (!other_side_protocol_ || dir == detected_dir_) return {};
  return registered_protocols()[*other_side_protocol_].name;
}

void AppLayer::feed(Direction dir, std::span<const uint8_t> bytes, EventSink& sink, AppLayerStats& stats) {
  if (stream_frames_) stream_frames_->feed(dir, bytes);
  CountingSink counting(sink, tx_counter(stats), transactions_, stream_frames_ != nullptr);
  if (!parser_->parse(dir, bytes, counting)) {
    state_ = State::Stopped;
    ++(over_tcp_ ? stats.errors_tcp : stats.errors_udp)[protocol_];
    return;
  }
  if (!parser_->upgrade().empty() && !original_protocol_) change_protocol(sink, stats);
}

uint64_t* AppLayer::tx_counter(AppLayerStats& stats) const {
  if (!registered_protocols()[protocol_].counts_transactions) return nullptr;
  return &(over_tcp_ ? stats.tx_tcp : stats.tx_udp)[protocol_];
}

void AppLayer::change_protocol(EventSink& sink, AppLayerStats& stats) {
  const auto& protocols = registered_protocols();
  std::string_view target = parser_->upgrade();
  auto next = std::find_if(protocols.begin(), protocols.end(), [&](const Protocol& p) { return p.name == target; });
  size_t index = static_cast<size_t>(next - protocols.begin());
  {
    CountingSink counting(sink, tx_counter(stats), transactions_, stream_frames_ != nullptr);
    parser_->finish(counting);
  }
  original_protocol_ = protocol_;
  if (target == kDetectAgain) {
    detect_again(sink, stats);
    return;
  }
  if (next == protocols.end() || (enabled_ >> index & 1) == 0 || (over_tcp_ ? !next->tcp : !next->udp)) {
    state_ = State::Stopped;  // nothing parses what follows; finishing again is a no-op
    return;
  }
  make_parser(index, stats);
}

// The tunnel's protocol is found as a new flow's would be, from the bytes the
// old parser handed over on.
void AppLayer::detect_again(EventSink& sink, AppLayerStats& stats) {
  std::array<std::string, 2> held{parser_->take_handover(Direction::ToServer), parser_->take_handover(Direction::ToClient)};
  parser_.reset();
  state_ = State::Detecting;
  pending_ = {};
  direction_failed_ = {};
  for (Direction d : {Direction::ToServer, Direction::ToClient}) {
    const std::string& bytes = held[index_of(d)];
    on_data(d, {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, sink, stats);
  }
}

void AppLayer::give_up(AppLayerStats& stats) {
  state_ = State::Failed;
  if (!failure_counted_) ++(over_tcp_ ? stats.failed_tcp : stats.failed_udp);
  failure_counted_ = true;
  pending_ = {};
}

void AppLayer::on_gap(Direction dir, uint32_t length, EventSink& sink) {
  if (state_ != State::Parsing) return;
  if (!stream_frames_) return parser_->gap(dir, length, sink);
  stream_frames_->gap(dir, length);
  CountingSink frame_ids(sink, nullptr, transactions_, true);
  parser_->gap(dir, length, frame_ids);
}

void AppLayer::on_depth(Direction dir, EventSink& sink) {
  if (state_ == State::Parsing) parser_->truncate(dir, sink);
}

void AppLayer::inspect_deferred(Direction side, EventSink& sink) {
  if (state_ != State::Parsing) return;
  if (!stream_frames_) return parser_->inspect_deferred(side, sink);
  CountingSink frame_ids(sink, nullptr, transactions_, true);
  parser_->inspect_deferred(side, frame_ids);
}

void AppLayer::finish(EventSink& sink, AppLayerStats& stats) {
  if (finished_) return;
  finished_ = true;
  if (parser_) {
    CountingSink counting(sink, tx_counter(stats), transactions_, stream_frames_ != nullptr);
    parser_->finish(counting);
    if (stream_frames_) stream_frames_->finish(sink);
  } else if (state_ == State::Detecting && over_tcp_ && (!pending_[0].empty() || !pending_[1].empty())) {
    give_up(stats);  // a TCP flow that carried data no parser recognised
  }
}

bool AppLayer::encrypted() const { return parser_ && parser_->encrypted(); }

std::string_view AppLayer::app_proto_orig() const {
  return original_protocol_ ? registered_protocols()[*original_protocol_].name : std::string_view{};
}

std::string_view AppLayer::app_proto() const {
  switch (state_) {
    case State::Parsing:
    case State::Stopped: return registered_protocols()[protocol_].name;
    case State::Failed: return "failed";
    case State::Detecting: return failure_counted_ ? "failed" : std::string_view{};
  }
  return {};
}

}  // namespace rampart::proto
