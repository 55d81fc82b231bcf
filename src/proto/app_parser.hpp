#pragma once
// The contract between the sensor and an application-protocol parser. A parser
// owns the protocol state of one flow; it is fed each direction's bytes in order
// (a UDP datagram at a time, or reassembled TCP bytes split anywhere) and reports
// completed transactions and protocol anomalies to an EventSink, which turns
// them into EVE records with the flow's common fields.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/json_writer.hpp"
#include "proto/file_store.hpp"
#include "proto/frame.hpp"
#include "proto/record_options.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::proto {

using stream::Direction;

struct FlowContext;

// Whose addresses head a transaction record: the flow's (client as source, as
// Suricata logs HTTP) or the current packet's (as it logs DNS answers).
// FromServer: the flow's server as source (a file it sent, as Suricata heads a
// fileinfo record by the file's direction).
enum class LogDirection : uint8_t { Flow, Packet, FromServer };

// The file a "fileinfo" record is about, as the file store needs it: its bytes
// spooled so far (nullptr when files are not stored), the way it went, its SHA-256.
struct RecordedFile {
  FileSpool* spool = nullptr;
  Direction direction = Direction::ToClient;
  std::string_view sha256;
};

// A completed transaction as the outside sees it: its part of an EVE record
// (e.g. "dns":{...}) and its rule buffers (http.uri, dns.query ...) by name, index
// choosing one value of a multi-valued buffer. No value: std::nullopt.
class EveFields {
 public:
  virtual ~EveFields() = default;
  virtual void write(JsonWriter& w) const = 0;
  // write() with the optional parts a protocol offers (HTTP: headers, bodies).
  virtual void write_with(JsonWriter& w, const RecordOptions& options) const {
    (void)options;
    write(w);
  }
  virtual std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const {
    (void)name;
    (void)index;
    return std::nullopt;
  }
  // How many records the transaction makes under `options` (0: the logger leaves
  // it out), whose addresses head them, and record `part` of them. One record
  // headed as the parser said unless a protocol's settings decide otherwise
  // (DNS: requests/responses, version 2's record per question).
  virtual size_t record_count(const RecordOptions& options) const {
    (void)options;
    return 1;
  }
  virtual LogDirection log_direction(const RecordOptions& options, LogDirection given) const {
    (void)options;
    return given;
  }
  virtual void write_part(JsonWriter& w, const RecordOptions& options, size_t part) const {
    (void)part;
    write_with(w, options);
  }
  // True when the transaction is one message of one direction (a DNS query or
  // response): rules see it only from the direction of the packet that carried it.
  virtual bool one_way() const { return false; }
  // True when rules see the transaction once from each side, as Suricata inspects
  // a transaction in both directions: a rule that sets no direction may then alert
  // once per side, and side_buffer() gives each side's value of a buffer both
  // sides have (ssh.software: the client's banner to the server, the server's to
  // the client).
  virtual bool two_sided() const { return false; }
  // The side whose view already ran the rules that need only that side, through
  // EventSink::side_complete (an HTTP request that completed before its
  // response); when the transaction is logged, that view runs only the rest. A
  // transaction that is not two_sided() runs no rules when logged with a side
  // named here: they run apart, through side_complete (an SMTP mail whose rules
  // wait for the client's next packet).
  virtual std::optional<Direction> inspected_side() const { return std::nullopt; }
  // The anomalies raised on this transaction (as the parser names them), which
  // app-layer-event conditions of rules inspecting it test.
  virtual std::span<const std::string> events() const { return {}; }
  virtual std::optional<std::span<const uint8_t>> side_buffer(std::string_view name, size_t index,
                                                              Direction side) const {
    (void)side;
    return buffer(name, index);
  }
  // A fileinfo record's file (EventSink::file), for the file store.
  virtual std::optional<RecordedFile> recorded_file() const { return std::nullopt; }
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // One EVE record of type event_type ("dns", "http", ...) for transaction tx_id.
  virtual void transaction(std::string_view event_type, uint64_t tx_id, LogDirection direction,
                           const EveFields& fields) = 0;
  // Side `side` of a two-sided transaction tx_id is complete while the other
  // side is still open: the rules of that side's view that need nothing of the
  // other side run now, on the packet that completed it, as Suricata inspects an
  // HTTP request before its response comes. The transaction's inspected_side()
  // then names that side.
  virtual void side_complete(std::string_view event_type, uint64_t tx_id, Direction side, const EveFields& fields) {
    (void)event_type;
    (void)tx_id;
    (void)side;
    (void)fields;
  }
  // True when the rules of side `side` of a transaction completing now wait for
  // the next packet of that side: the bytes came with the other side's ACK, and
  // Suricata inspects a direction's transactions on that direction's packets. The
  // parser then reports the side later, through AppParser::inspect_deferred.
  virtual bool defers_side(Direction side) const {
    (void)side;
    return false;
  }
  // True when frames are inspected or logged; parsers build frames only then.
  virtual bool wants_frames() const { return false; }
  // True when the generic stream frames (proto/stream_frame.hpp) are inspected or
  // logged; asked once, when a TCP flow's parser starts.
  virtual bool wants_stream_frames() const { return false; }
  // A complete frame (see proto/frame.hpp). tx: the transaction the frame's alerts
  // carry as their protocol record (nullptr: none).
  virtual void frame(const Frame& frame, const EveFields* tx) {
    (void)frame;
    (void)tx;
  }
  // An "applayer" anomaly record, e.g. event "REQUEST_LINE_MISSING_PROTOCOL".
  virtual void anomaly(std::string_view event) = 0;
  // An anomaly of transaction tx_id (as Suricata ties DNS and FTP events to their
  // transaction): the record carries tx_id, and an app-layer-event rule's alert on
  // it carries the transaction's record as it is now. Sinks that keep no records
  // take it as anomaly(event).
  virtual void transaction_anomaly(std::string_view event, uint64_t tx_id, const EveFields& tx) {
    (void)tx_id;
    (void)tx;
    anomaly(event);
  }
  // A "fileinfo" record about a file transaction tx_id carried. Only logged: the
  // rules inspected the transaction itself. Sinks that keep no records ignore it.
  virtual void file(uint64_t tx_id, const EveFields& fields) {
    (void)tx_id;
    (void)fields;
  }
  // The parser started a file on this flow: the sensor applies file-store's
  // stream-depth to the flow, as Suricata does when a filestore rule matches a file.
  virtual void file_opened() {}
  // Protocol detection found that the flow's initiator is its server (a midstream
  // pick-up whose first data was a reply): the sensor swaps the flow's client and
  // server, and directions given afterwards name the swapped sides.
  virtual void reverse_flow() {}
};

inline constexpr std::string_view kDetectAgain = "*";

class AppParser {
 public:
  virtual ~AppParser() = default;
  // Returns false once the input cannot be parsed any more; the sensor then stops
  // feeding this flow's parser (the parser has reported why through the sink).
  virtual bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) = 0;
  // `length` bytes of dir were lost (capture loss, memcap, depth).
  virtual void gap(Direction dir, uint32_t length, EventSink& sink) = 0;
  // The flow ends: log what is still open.
  virtual void finish(EventSink& sink) = 0;
  // dir reached the stream's reassembly depth: none of its later bytes come, and
  // its open files end truncated (Suricata's STREAM_DEPTH).
  virtual void truncate(Direction dir, EventSink& sink) {
    (void)dir;
    (void)sink;
  }
  // A packet of side `side` came: the sides of open transactions whose rules
  // EventSink::defers_side postponed are reported now, through side_complete.
  virtual void inspect_deferred(Direction side, EventSink& sink) {
    (void)side;
    (void)sink;
  }
  // The protocol the flow goes on in once this parser has handed it over (e.g. "tls"
  // after SMTP's STARTTLS or FTP's AUTH TLS were accepted; kDetectAgain when a
  // tunnel opened whose protocol is unknown, as after an HTTP CONNECT), else empty.
  // The sensor then finishes this parser and feeds the following bytes, first those
  // of take_handover(), to that protocol's parser or to protocol detection.
  virtual std::string_view upgrade() const { return {}; }
  // Bytes of dir this parser received that belong to the protocol after the change.
  virtual std::string take_handover(Direction dir) {
    (void)dir;
    return {};
  }
  // The flow this parser serves, given before its first bytes; parsers that
  // announce or follow other flows (FTP) keep it.
  virtual void attach(const FlowContext& context) { (void)context; }
  // True once the flow carries encrypted application data (TLS: its first
  // application data record), from where Suricata's encryption-handling stops
  // inspecting the payload.
  virtual bool encrypted() const { return false; }
};

}  // namespace rampart::proto
