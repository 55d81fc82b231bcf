#include "detect/detector.hpp"

#include <algorithm>
#include <iterator>

#include "detect/inspect_search.hpp"

namespace rampart::detect {

namespace {

// The prefilter scans this many seen bytes before the fresh ones, so a fast pattern of
// up to this many bytes and more split across segments is found; a hit ending within
// as many bytes after the boundary makes the rule worth trying across it.
constexpr size_t kSeamBytes = 32;

bool same_bytes(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.data() == b.data() && a.size() == b.size();
}

// Whether the rule's fast pattern occurs across `boundary` in data (starts before it,
// ends after it).
bool fast_pattern_crosses(const CompiledRule& r, std::span<const uint8_t> data, size_t boundary) {
  const auto& fp = r.sig.fast_pattern;
  if (!fp) return false;
  const auto* c = std::get_if<ContentMatch>(&r.sig.inspections[fp->buffer].matches[fp->match]);
  if (c == nullptr || c->pattern.size() < 2) return false;
  const size_t reach = c->pattern.size() - 1;
  const size_t start = boundary > reach ? boundary - reach : 0;
  return find_content(data, start, std::min(data.size(), boundary + reach), *c).has_value();
}

bool is_packet_var(const AlertVar& v) { return v.scope == CaptureScope::Packet; }

// Suricata logs a packet's pktvars with every alert of the packet: the earlier alerts of
// this inspection and the new one exchange theirs.
void share_packet_vars(std::vector<Alert>& earlier, Alert& alert) {
  if (earlier.empty()) return;
  const size_t own = alert.vars.size();
  for (auto& other : earlier) {
    for (size_t i = 0; i < own; ++i)
      if (is_packet_var(alert.vars[i])) other.vars.push_back(alert.vars[i]);
    for (const auto& v : other.vars)
      if (is_packet_var(v) && std::find_if(alert.vars.begin(), alert.vars.end(), [&v](const AlertVar& mine) {
            return is_packet_var(mine) && mine.name == v.name && mine.value == v.value;
          }) == alert.vars.end())
        alert.vars.push_back(v);
  }
}

}  // namespace

std::expected<void, std::string> Detector::use(std::shared_ptr<const RuleSet> rules) {
  for (const auto* db : rules->databases())
    if (auto ok = patterns_.prepare(*db); !ok) return ok;
  rules_ = std::move(rules);
  return {};
}

void Detector::collect(const RuleGroup& group, std::span<const uint8_t> data, std::string_view buffer,
                       size_t seam_end) {
  for (const auto& p : group.prefilters) {
    if (p.buffer != buffer) continue;
    p.database->scan(data, patterns_, [this, &p, seam_end](uint32_t pattern, uint64_t end) {
      const auto& rules = p.rules_of_pattern[pattern];
      hits_.insert(hits_.end(), rules.begin(), rules.end());
      if (end <= seam_end) seam_hits_.insert(seam_hits_.end(), rules.begin(), rules.end());
    });
  }
}

void Detector::collect_payloads(const RuleGroup& group, const PacketInput& in) {
  const auto& payload = in.packet.payload;
  bool payload_scanned = false;
  if (const StreamInput* s = in.stream; s != nullptr && !s->fresh.empty()) {
    if (s->seen.empty()) {
      collect(group, s->fresh, "pkt_data");
    } else {
      // One scan over the end of seen and all of fresh: cheaper than a second
      // Vectorscan call per packet for the boundary alone.
      auto seen_tail = s->seen.last(std::min(s->seen.size(), kSeamBytes));
      seam_.assign(seen_tail.begin(), seen_tail.end());
      seam_.insert(seam_.end(), s->fresh.begin(), s->fresh.end());
      collect(group, seam_, "pkt_data", seen_tail.size() + kSeamBytes);
      std::sort(seam_hits_.begin(), seam_hits_.end());
    }
    payload_scanned = same_bytes(s->fresh, payload);
  }
  if (in.stream_only || payload_scanned || payload.empty()) return;
  // Of a packet the stream took, only the packet rules inspect the payload (verify_payload).
  const bool in_stream = in.stream != nullptr && in.stream->packet_added;
  collect(group, payload, in_stream ? kPacketRulesBuffer : unstreamed_buffer(in));
}

// Outside an established TCP session the rules with `flow:established` cannot match
// (flow_matches), so the payload is scanned for the other rules' patterns only.
std::string_view Detector::unstreamed_buffer(const PacketInput& in) {
  const bool established = in.flow != nullptr && in.flow->established;
  return in.packet.ip_proto == static_cast<uint8_t>(decode::L4Proto::Tcp) && !established ? kUnestablishedBuffer : "pkt_data";
}

std::span<const uint8_t> Detector::joined(const StreamInput& s) {
  if (!joined_built_) {
    joined_.assign(s.seen.begin(), s.seen.end());
    joined_.insert(joined_.end(), s.fresh.begin(), s.fresh.end());
    joined_built_ = true;
  }
  return joined_;
}

// Bytes cut by gaps: each part is inspected on its own (seen joins none of them),
// and the alert logs them all with the gaps marked, as Suricata does.
Detector::PayloadVerdict Detector::verify_stream_parts(const CompiledRule& r, const PacketInput& in,
                                                       const StreamInput& s) {
  size_t begin = 0;
  for (size_t i = 0; i <= s.gaps.size(); ++i) {
    const size_t end = i < s.gaps.size() ? s.gaps[i].at : s.fresh.size();
    if (end > begin && payload_matches(r, &in.packet, nullptr, match_, s.fresh.subspan(begin, end - begin)))
      return {true, true, s.marked};
    begin = end;
  }
  return {};
}

Detector::PayloadVerdict Detector::verify_stream(const CompiledRule& r, const PacketInput& in, const StreamInput& s) {
  if (!s.gaps.empty()) return verify_stream_parts(r, in, s);
  const decode::Packet* p = &in.packet;
  if (payload_matches(r, p, nullptr, match_, s.fresh)) return {true, true, s.fresh};
  // Only a rule whose fast pattern was found around the boundary can match across it.
  if (r.payload_source != PayloadSource::Stream || !std::binary_search(seam_hits_.begin(), seam_hits_.end(), r.id))
    return {};
  auto both = joined(s);
  if (!payload_matches(r, p, nullptr, match_, both, s.seen.size())) return {};
  // A rule that matched the seen bytes already matches again only with its fast pattern
  // split by the boundary, not by moving its last content to a later occurrence.
  if (payload_matches(r, p, nullptr, match_, s.seen) && !fast_pattern_crosses(r, both, s.seen.size())) return {};
  // That check replaced the match's captures: only a reported match pays to redo them.
  payload_matches(r, p, nullptr, match_, both, s.seen.size());
  return {true, true, both};
}

// Suricata's order (DetectEngineInspectRulePayloadMatches): the stream first, then the
// packet, unless the packet went into the stream: its bytes are inspected there once
// acknowledged, and matching them on the packet too would alert twice.
Detector::PayloadVerdict Detector::verify_payload(const CompiledRule& r, const PacketInput& in) {
  const StreamInput* s = in.stream;
  const bool stream_rule = r.payload_source != PayloadSource::Packet;
  if (in.stream_only && !stream_rule) return {};
  if (stream_rule && s != nullptr && !s->fresh.empty()) {
    if (auto verdict = verify_stream(r, in, *s); verdict.matched) return verdict;
    if (same_bytes(s->fresh, in.packet.payload)) return {};
  }
  if (in.stream_only) return {};
  if (r.payload_source != PayloadSource::Packet && s != nullptr && s->packet_added) return {};
  if (r.sig.inspections.empty()) {
    match_.variables.clear();  // no payload_matches ran: no captures of an earlier rule may stay
    return {true, false, {}};
  }
  return {payload_matches(r, &in.packet, nullptr, match_), false, {}};
}

void Detector::collect_transaction(const RuleGroup& group, const proto::EveFields& tx, bool to_client,
                                   RuleSelection selection) {
  const auto kind = static_cast<size_t>(selection.kind);
  for (const auto& p : group.prefilters) {
    if (tx.one_way() && !p.views[kind][to_client]) continue;
    for (size_t k = 0;; ++k) {
      auto value = tx.buffer(p.buffer, k);
      if (!value) break;
      collect(group, *value, p.buffer);
    }
  }
}

void Detector::sort_candidates(const RuleGroup& group) {
  std::sort(hits_.begin(), hits_.end());
  candidates_.clear();
  std::set_union(hits_.begin(), hits_.end(), group.unfiltered.begin(), group.unfiltered.end(),
                 std::back_inserter(candidates_));
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
  stats_.candidates += candidates_.size();
}

bool Detector::on_match(const CompiledRule& r, const ThresholdSubject& subject, FlowVars* vars, Alert alert,
                        std::vector<Alert>& out) {
  ThresholdSubject s = subject;
  s.gid = r.sig.meta.gid;
  s.sid = r.sig.meta.sid;
  if (r.sig.detection_filter && !tracker_for(r.sig.detection_filter->track).allow(*r.sig.detection_filter, s)) return true;
  apply_flow_variables(r, vars);
  keep_captures(vars, alert);
  apply_xbits(r.xbits, s.src, s.dst, s.now_usec);
  if (r.sig.file_store && alert.transaction) file_stores_.push_back({*r.sig.file_store, alert.direction});
  if (r.sig.header.action == Action::Pass) {
    if (vars != nullptr) vars->passed = true;
    return false;
  }
  if (r.sig.noalert) return true;
  if ((r.sig.threshold && !tracker_for(r.sig.threshold->track).allow(*r.sig.threshold, s)) ||
      !passes_alert_filters(r, s, alert)) {
    ++stats_.alerts_suppressed;
    return true;
  }
  if (out.size() >= alert_max_) {
    ++stats_.alert_queue_overflow;
    return true;
  }
  share_packet_vars(out, alert);
  out.push_back(std::move(alert));
  ++stats_.alerts;
  return true;
}

void Detector::keep_captures(FlowVars* vars, Alert& alert) const {
  if (vars != nullptr)
    for (const auto& [var, value] : match_.variables.measurements()) vars->set_entropy(var, value);
  const std::string* key = nullptr;
  for (const auto& captured : match_.variables.captures()) {
    const PcreCapture& c = *captured.capture;
    switch (c.scope) {
      case CaptureScope::Flow:
        if (vars != nullptr) vars->set_string(c.flow_var, captured.value);
        break;
      case CaptureScope::Packet:
      case CaptureScope::Alert: alert.vars.push_back({c.scope, c.name, captured.value}); break;
      case CaptureScope::PacketKey: key = &captured.value; break;
      case CaptureScope::PacketValue:
        if (key != nullptr) alert.vars.push_back({CaptureScope::Packet, *key, captured.value});
        break;
    }
  }
}

bool Detector::passes_alert_filters(const CompiledRule& r, const ThresholdSubject& s, Alert& alert) {
  if (!r.sig.alert_filters) return true;
  const AlertFilters& filters = *r.sig.alert_filters;
  if (is_suppressed(filters, s.src, s.dst)) return false;
  if (filters.rate_filter && host_thresholds_->rate_exceeded(*filters.rate_filter, s)) alert.new_action = filters.rate_filter->new_action;
  return alert.new_action != Action::Pass;
}

void Detector::inspect_packet(const PacketInput& in, std::vector<Alert>& out) {
  out.clear();
  if (!rules_) return;
  FlowVars* vars = in.flow != nullptr ? in.flow->vars : nullptr;
  if (vars != nullptr && vars->passed) return;
  ++stats_.packets_inspected;
  const auto& p = in.packet;
  bool to_client = in.flow != nullptr && in.flow->direction == PacketDirection::ToClient;
  const RuleGroup& group =
      rules_->packet_groups(transport_bucket(p.ip_proto), to_client).for_port(to_client ? p.src_port : p.dst_port);
  hits_.clear();
  seam_hits_.clear();
  joined_built_ = false;
  const bool payload_inspected = in.flow == nullptr || in.flow->payload_inspected;
  if (payload_inspected) collect_payloads(group, in);
  if (protocol_has_ports(p.ip_proto))
    group.unfiltered_by_port.candidates(p.src_port, p.dst_port, [this](uint32_t id) { hits_.push_back(id); });
  bool first = in.flow == nullptr || in.flow->first_in_direction;
  if (!in.stream_only)
    rules_->ip_only().candidates(p.src, p.dst, [this, first](uint32_t id) {
      if (first || !rules_->rule(id).ip_only) hits_.push_back(id);
    });
  sort_candidates(group);
  ThresholdSubject subject{0, 0, p.src, p.dst, in.flow != nullptr ? in.flow->flow_id : 0, p.ts_usec};
  auto direction = to_client ? PacketDirection::ToClient : PacketDirection::ToServer;
  for (uint32_t id : candidates_) {
    const auto& r = rules_->rule(id);
    if (r.transactional || (r.needs_payload && !payload_inspected) || !packet_conditions_hold(r, in) ||
        !flow_variables_hold(r, vars) || !xbits_hold(r.xbits, p.src, p.dst, p.ts_usec))
      continue;
    auto verdict = verify_payload(r, in);
    if (!verdict.matched) continue;
    if (!on_match(r, subject, vars, Alert{&r, false, 0, direction, {}, verdict.stream, verdict.data, {}}, out)) break;
  }
}

void Detector::inspect_transaction(const TransactionInput& in, std::vector<Alert>& out) {
  out.clear();
  file_stores_.clear();
  if (!rules_) return;
  FlowVars* vars = in.flow.vars;
  if (vars != nullptr && vars->passed) return;
  ++stats_.transactions_inspected;
  uint64_t now = in.packet != nullptr ? in.packet->ts_usec : 0;
  // A one-way transaction is seen from its packet's direction: rules set to the
  // other direction skip it, the others take its direction.
  bool one_way = in.buffers.one_way();
  bool packet_to_client = in.flow.direction == PacketDirection::ToClient;
  for (std::string_view proto : {in.flow.app_proto, std::string_view{}}) {
    const RuleGroup* group = rules_->transaction_group(proto, in.flow.server_port);
    if (group == nullptr) continue;
    hits_.clear();
    collect_transaction(*group, in.buffers, packet_to_client, in.rules);
    if (protocol_has_ports(in.flow.ip_proto))
      group->unfiltered_by_port.candidates(in.flow.client_port, in.flow.server_port,
                                           [this](uint32_t id) { hits_.push_back(id); });
    sort_candidates(*group);
    for (uint32_t id : candidates_) {
      const auto& r = rules_->rule(id);
      const auto& f = in.flow;
      if (r.frame != in.frame) continue;
      if (one_way && r.direction_fixed && r.to_client != packet_to_client) continue;
      if (!selection_includes(r, in.rules)) continue;
      bool to_client = one_way ? packet_to_client : r.to_client;
      ThresholdSubject subject{0, 0, to_client ? f.server : f.client, to_client ? f.client : f.server, f.flow_id, now};
      if (!transaction_conditions_hold(r, in, to_client) || !flow_variables_hold(r, vars) ||
          !xbits_hold(r.xbits, subject.src, subject.dst, now))
        continue;
      if (!payload_matches(r, in.packet, &in.buffers, match_)) continue;
      Alert alert{&r, true, in.tx_id, to_client ? PacketDirection::ToClient : PacketDirection::ToServer, {}, false, {}, {}};
      if (!on_match(r, subject, vars, std::move(alert), out)) return;
    }
    if (proto.empty()) break;
  }
}

}  // namespace rampart::detect
