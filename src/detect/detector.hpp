#pragma once
// One worker's detection engine: runs the shared RuleSet over its packets and
// transactions and returns the alerts to log. On a TCP packet with raw stream data,
// stream rules match the stream's fresh bytes, or fresh joined to the bytes seen before
// them when the match needs both (then only a match ending in fresh counts, and for a
// rule that matched the seen bytes already only one whose fast pattern the boundary
// splits, so a match is reported once; tried for rules whose fast pattern was found
// within kSeamBytes of the boundary); packet rules match the packet's payload. Candidates come from the rule
// groups' Vectorscan databases, the unfiltered rules and the IP-only index, and are
// verified in rule order; a pass rule stops the packet (and its flow), thresholds
// and detection filters are applied, at most alert_max alerts are kept per packet.
// use() swaps in a reloaded RuleSet between two packets.
#include <cstdint>
#include <expected>
#include <string>
#include <memory>
#include <optional>
#include <vector>

#include "detect/detect_input.hpp"
#include "detect/rule_matcher.hpp"
#include "detect/rule_set.hpp"
#include "detect/threshold_tracker.hpp"

namespace rampart::detect {

// A pcre capture an alert carries: a pktvar of its packet (scope Packet) or an entry of
// its alert.context (scope Alert).
struct AlertVar {
  CaptureScope scope = CaptureScope::Packet;
  std::string name;
  std::string value;
};

struct Alert {
  const CompiledRule* rule = nullptr;
  bool transaction = false;
  uint64_t tx_id = 0;
  PacketDirection direction = PacketDirection::ToServer;  // transactions: ToClient when the server is the source
  std::optional<Action> new_action;  // set when a rate_filter changed the rule's action
  bool stream = false;                       // matched on raw stream data, not on the packet
  std::span<const uint8_t> stream_data;      // that data (borrowed until the next inspection)
  std::vector<AlertVar> vars;  // the packet's pktvars (as Suricata logs them with each alert) and alert captures
};

struct DetectorStats {
  uint64_t packets_inspected = 0;
  uint64_t transactions_inspected = 0;
  uint64_t candidates = 0;
  uint64_t alerts = 0;
  uint64_t alerts_suppressed = 0;     // by threshold, suppress or a rate_filter's pass
  uint64_t alert_queue_overflow = 0;  // over alert_max on one packet
};

class Detector {
 public:
  explicit Detector(size_t alert_max = 15)
      : alert_max_(alert_max), host_thresholds_(std::make_shared<ThresholdTracker>()) {}

  // Takes rules for the packets that follow; fails only when Vectorscan scratch
  // cannot be allocated, and then keeps the rules it had.
  std::expected<void, std::string> use(std::shared_ptr<const RuleSet> rules);
  const std::shared_ptr<const RuleSet>& rules() const { return rules_; }

  // Alerts of one packet into out (cleared first).
  void inspect_packet(const PacketInput& in, std::vector<Alert>& out);
  // Alerts of one transaction into out (cleared first).
  void inspect_transaction(const TransactionInput& in, std::vector<Alert>& out);
  // The filestore requests of the rules that matched the last transaction (noalert
  // rules too), with the side each matched on (ToClient: the server's side).
  struct FileStoreMatch {
    FileStoreRequest request;
    PacketDirection side = PacketDirection::ToServer;
  };
  const std::vector<FileStoreMatch>& file_stores() const { return file_stores_; }

  // Counts address- and rule-tracked thresholds in tracker, together with the other
  // detectors given it (the sensor's workers); by_flow state stays with this detector.
  void share_thresholds(std::shared_ptr<ThresholdTracker> tracker) { host_thresholds_ = std::move(tracker); }

  const DetectorStats& stats() const { return stats_; }

 private:
  // A rule's payload verdict on a packet input: whether, and on which bytes, it matched.
  struct PayloadVerdict {
    bool matched = false;
    bool stream = false;
    std::span<const uint8_t> data;
  };

  // Queues the rules whose fast patterns occur in data; those of a hit ending at or
  // before seam_end also go to seam_hits_.
  void collect(const RuleGroup& group, std::span<const uint8_t> data, std::string_view buffer, size_t seam_end = 0);
  void collect_payloads(const RuleGroup& group, const PacketInput& in);
  static std::string_view unstreamed_buffer(const PacketInput& in);
  PayloadVerdict verify_payload(const CompiledRule& r, const PacketInput& in);
  PayloadVerdict verify_stream(const CompiledRule& r, const PacketInput& in, const StreamInput& s);
  PayloadVerdict verify_stream_parts(const CompiledRule& r, const PacketInput& in, const StreamInput& s);
  // seen + fresh in one buffer, built once per packet when a rule needs it.
  std::span<const uint8_t> joined(const StreamInput& s);
  // to_client: the side a one-way transaction is seen from; selection: the rules that
  // will run (a view of a side fixes selection.side to it).
  void collect_transaction(const RuleGroup& group, const proto::EveFields& tx, bool to_client,
                           RuleSelection selection);
  void sort_candidates(const RuleGroup& group);
  // After a rule's conditions held: detection filter, flow variables, threshold,
  // pass. Returns false when evaluation of this packet must stop.
  bool on_match(const CompiledRule& r, const ThresholdSubject& subject, FlowVars* vars, Alert alert,
                std::vector<Alert>& out);
  // threshold.config's suppressions and rate_filter; false when the alert is dropped.
  bool passes_alert_filters(const CompiledRule& r, const ThresholdSubject& s, Alert& alert);
  // The matched rule's pcre captures and entropy values: flowvars and entropies into vars,
  // pktvars and alert captures into alert.
  void keep_captures(FlowVars* vars, Alert& alert) const;

  std::shared_ptr<const RuleSet> rules_;
  size_t alert_max_;
  PatternScratch patterns_;
  MatchScratch match_;
  ThresholdTracker& tracker_for(const std::string& track) { return track == "by_flow" ? flow_thresholds_ : *host_thresholds_; }

  std::shared_ptr<ThresholdTracker> host_thresholds_;
  ThresholdTracker flow_thresholds_;
  std::vector<uint32_t> hits_, candidates_, seam_hits_;
  std::vector<FileStoreMatch> file_stores_;
  std::vector<uint8_t> seam_, joined_;
  bool joined_built_ = false;
  DetectorStats stats_;
};

}  // namespace rampart::detect
