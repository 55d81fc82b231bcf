#pragma once
// A rule compiled and validated: what a matcher needs, with every modifier resolved.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "detect/address_set.hpp"
#include "detect/entropy.hpp"
#include "detect/numeric_condition.hpp"
#include "detect/packet_tags.hpp"
#include "detect/payload_match.hpp"
#include "detect/port_set.hpp"

namespace rampart::detect {

struct AlertFilters;  // detect/alert_filter.hpp

enum class Action { Alert, Pass, Drop, Reject, RejectSrc, RejectDst, RejectBoth };
enum class FlowDirection { Any, ToServer, ToClient };

struct RuleHeader {
  Action action = Action::Alert;
  std::string protocol;  // as written: ip, tcp, udp, icmp, sctp, pkthdr, or an application protocol
  AddressSet source;
  PortSet source_ports;
  AddressSet destination;
  PortSet destination_ports;
  bool bidirectional = false;  // "<>"
  // "=>" (Suricata 8): request and response keywords on the same transaction; a
  // buffer both directions have may name its side (http.connection: to_client).
  bool transactional = false;
};

struct Reference {
  std::string system;
  std::string id;
  std::string url;  // the system's prefix from reference.config followed by id
};

struct RuleMetadata {
  uint32_t sid = 0;
  uint32_t gid = 1;
  uint32_t rev = 0;
  std::string msg;
  std::string classtype;
  std::string class_description;
  int priority = 3;
  bool priority_explicit = false;  // set by the priority keyword, which classtype does not override
  std::vector<Reference> references;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string target;  // "", src_ip or dest_ip
};

// One buffer the rule inspects and its ordered matches (pkt_data is the packet/stream payload).
struct BufferInspection {
  std::string buffer;
  std::string app_protocol;  // empty for buffers of any protocol
  FlowDirection direction = FlowDirection::Any;
  std::vector<std::string> transforms;
  std::vector<PayloadMatch> matches;
  std::vector<NumericCondition> sizes;  // bsize, and urilen on http.uri: all must hold
  std::vector<NumericCondition> values;  // the buffer read as a decimal number (filesize): all must hold
  std::vector<EntropyCondition> entropies;  // all must hold
  bool frame = false;  // the buffer is a frame's bytes (`frame:`), inspected per frame
  bool side_given = false;  // a "=>" rule named the side of a buffer both directions have: `direction`
};

struct MatchLocation {
  size_t buffer = 0;  // index into Signature::inspections
  size_t match = 0;   // index into that inspection's matches
  bool operator==(const MatchLocation&) const = default;
};

struct FlowCondition {
  FlowDirection direction = FlowDirection::Any;
  std::optional<bool> established;
  bool stateless = false;
  std::optional<bool> stream;    // only_stream / no_stream
  std::optional<bool> fragment;  // only_frag / no_frag
};

struct FlowbitCommand {
  std::string command;             // set, unset, toggle, isset, isnotset
  std::vector<std::string> names;  // several names joined by '|' (any) or '&' (all)
  bool any_of = false;
};

struct FlowintCommand {
  std::string name;
  std::string op;  // =, +, -, ==, !=, <, >, <=, >=, isset, notset, isnotset
  std::optional<PositionValue> value;
};

struct XbitCommand {
  std::string command;
  std::string name;
  std::string track;  // ip_src, ip_dst, ip_pair, tx (hostbits: ip_src, ip_dst)
  std::optional<uint32_t> expire;
};

struct Threshold {
  std::string type;   // limit, threshold, both, backoff; "detection_filter" for detection_filter
  std::string track;  // by_src, by_dst, by_rule, by_both, by_flow
  uint32_t count = 0;
  uint32_t seconds = 0;
  uint32_t multiplier = 0;  // backoff only
};

// A packet header field compared with a number (ttl, dsize, id, window, itype ...).
struct HeaderCondition {
  std::string field;
  NumericCondition condition;
};

// flags and fragbits: bit letters with a modifier (+ all of these and others, * any, ! none).
struct BitsCondition {
  std::string field;  // flags, fragbits
  uint8_t bits = 0;
  uint8_t ignored = 0;  // flags' mask: bits that are not looked at
  char modifier = 0;    // 0 (exactly these), '+', '*', '!'
};

// ipv4-csum, tcpv4-csum ...: whether the packet's checksum is valid or invalid.
struct ChecksumCondition {
  std::string field;
  bool valid = true;
};

struct EventCondition {
  std::string kind;  // decode-event, stream-event, app-layer-event
  std::string name;
};

struct StreamSizeCondition {
  std::string side;  // server, client, both, either
  NumericCondition condition;
};

// flow.pkts / flow.bytes: what the flow carried so far in a direction, or in either;
// flow.age: the flow's age in seconds (no direction).
struct FlowCounterCondition {
  enum class Counter : uint8_t { Packets, Bytes, AgeSeconds };
  enum class Side : uint8_t { ToServer, ToClient, Either };
  Counter counter = Counter::Packets;
  Side side = Side::ToServer;
  NumericCondition condition;
};

struct DatasetCondition {
  std::string command;  // set, isset, isnotset, unset
  std::string name;
  std::string type;  // string, md5, sha256, ipv4, ip; "" for a set the config declares
  std::string load;
  std::string save;
  uint64_t memcap = 0;    // 0: the default
  size_t inspection = 0;  // the sticky buffer it follows (index into Signature::inspections)
};

struct IpReputationCondition {
  std::string side;  // src, dst, any, both
  std::string category;
  NumericCondition condition;
};

// tag:session|host[,COUNT,packets|bytes|seconds[,src|dst]] (see packet_tags.hpp).
struct TagAction {
  enum class Scope : uint8_t { Session, Host };
  Scope scope = Scope::Session;
  TagMetric metric = TagMetric::Packets;
  uint32_t count = 256;
  bool host_is_source = false;  // host tags: the alerting packet's source, else (default) its destination
};

// A keyword of an application protocol compared with a value (tls.version,
// modbus, dnp3_func, enip_command, app-layer-protocol ...), kept as written.
struct AppCondition {
  std::string keyword;
  std::string value;
};

// filestore[:DIRECTION[,SCOPE]]: the files to store when the rule matches, as
// Suricata: DIRECTION request/to_server, response/to_client or both (default: the
// side the rule matched on); SCOPE file (the files the rule inspected), tx (every
// file of the transaction) or ssn/flow (every file of the flow from now on).
struct FileStoreRequest {
  enum class Side : uint8_t { Matched, ToServer, ToClient, Both };
  enum class Scope : uint8_t { File, Transaction, Flow };
  Side side = Side::Matched;
  Scope scope = Scope::File;
};

struct Signature {
  RuleHeader header;
  RuleMetadata meta;
  std::string app_protocol;  // the header's or the one implied by its buffers
  std::vector<BufferInspection> inspections;
  std::optional<MatchLocation> fast_pattern;
  FlowCondition flow;
  std::vector<FlowbitCommand> flowbits;
  std::vector<FlowintCommand> flowints;
  std::vector<XbitCommand> xbits;
  std::vector<HeaderCondition> header_conditions;
  std::vector<BitsCondition> bits_conditions;
  std::vector<std::string> ip_options;
  std::vector<ChecksumCondition> checksums;
  bool same_ip = false;
  std::vector<EventCondition> events;
  std::vector<StreamSizeCondition> stream_sizes;
  std::vector<FlowCounterCondition> flow_counters;
  std::vector<DatasetCondition> datasets;
  std::vector<IpReputationCondition> ip_reputations;
  std::vector<AppCondition> app_conditions;
  std::optional<Threshold> threshold;
  std::optional<Threshold> detection_filter;
  std::vector<TagAction> tags;
  std::optional<FileStoreRequest> file_store;
  bool noalert = false;
  bool bypass = false;  // a match bypasses the flow (Suricata's bypass keyword)
  // Suppressions and rate_filter from threshold.config; nullptr when none.
  std::shared_ptr<const AlertFilters> alert_filters;

  const BufferInspection* inspection(std::string_view buffer) const {
    for (const auto& i : inspections)
      if (i.buffer == buffer) return &i;
    return nullptr;
  }
};

}  // namespace rampart::detect
