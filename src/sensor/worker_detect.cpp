// The worker's detection step: what a packet or transaction looks like to the rules,
// and the alert records they raise.
#include "sensor/worker.hpp"

#include <algorithm>

#include "detect/text.hpp"
#include "stream/raw_stream.hpp"

namespace rampart::sensor {

namespace {

// A two-sided transaction as one side sees it: a one-way transaction whose
// buffers are that side's values.
class SideView final : public proto::EveFields {
 public:
  SideView(const proto::EveFields& fields, stream::Direction side) : fields_(fields), side_(side) {}
  void write(JsonWriter& w) const override { fields_.write(w); }
  void write_with(JsonWriter& w, const proto::RecordOptions& options) const override { fields_.write_with(w, options); }
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    return fields_.side_buffer(name, index, side_);
  }
  // A side a "=>" rule named (http.connection: to_client) whatever side views the transaction.
  std::optional<std::span<const uint8_t>> side_buffer(std::string_view name, size_t index,
                                                      stream::Direction side) const override {
    return fields_.side_buffer(name, index, side);
  }
  bool one_way() const override { return true; }
  std::span<const std::string> events() const override { return fields_.events(); }

 private:
  const proto::EveFields& fields_;
  stream::Direction side_;
};

bool has_app_event_condition(const detect::CompiledRule& rule) {
  return std::any_of(rule.sig.events.begin(), rule.sig.events.end(),
                     [](const auto& condition) { return condition.kind == "app-layer-event"; });
}

detect::PacketDirection packet_direction(stream::Direction dir) {
  return dir == stream::Direction::ToServer ? detect::PacketDirection::ToServer : detect::PacketDirection::ToClient;
}

// The raw stream as the rules see it (marked() copies only when there are gaps).
detect::StreamInput stream_input_of(stream::RawStream& raw, bool packet_added) {
  return {raw.seen(), raw.fresh(), packet_added, raw.gaps(), raw.marked()};
}

}  // namespace

decode::Packet pseudo_packet(const flow::Flow& f, stream::Direction dir, std::span<const uint8_t> data) {
  const bool to_server = dir == stream::Direction::ToServer;
  decode::Packet p;
  p.pseudo = true;
  p.ts_usec = f.last_usec;
  p.ip_version = f.ip_version;
  p.src = to_server ? f.client : f.server;
  p.dst = to_server ? f.server : f.client;
  p.src_port = to_server ? f.client_port : f.server_port;
  p.dst_port = to_server ? f.server_port : f.client_port;
  p.ip_proto = f.ip_proto;
  p.l4 = decode::L4Proto::Tcp;
  p.vlan_ids = f.vlan_ids;
  p.vlan_count = f.vlan_count;
  p.tunnel = f.tunnel;
  p.payload = data;
  return p;
}

decode::Packet seen_from_other_side(const decode::Packet& pkt) {
  decode::Packet view = pkt;
  std::swap(view.src, view.dst);
  std::swap(view.src_port, view.dst_port);
  std::swap(view.src_mac, view.dst_mac);
  view.payload = {};
  return view;
}

bool Worker::detecting() {
  if (rule_source_ == nullptr) return false;
  uint64_t generation = rule_source_->generation();
  if (generation != rules_generation_) {
    detector_.share_thresholds(rule_source_->thresholds());
    // A failed swap (no scratch memory) keeps the previous rules in force.
    if (auto rules = rule_source_->current(); rules && detector_.use(std::move(rules))) rules_generation_ = generation;
  }
  return detector_.rules() != nullptr;
}

detect::FlowFacts Worker::facts(flow::Flow& f, stream::Direction dir) const {
  detect::FlowFacts facts;
  facts.flow_id = f.flow_id;
  facts.direction = packet_direction(dir);
  if (f.tcp) {
    facts.established = f.state != flow::FlowState::New;  // as it was before this packet
    facts.tcp_sequence_sizes = {f.tcp->sequence_size(stream::Direction::ToServer),
                                f.tcp->sequence_size(stream::Direction::ToClient)};
  } else {
    facts.established = f.pkts[0] > 0 && f.pkts[1] > 0;
  }
  facts.first_in_direction = f.pkts[static_cast<size_t>(dir)] == 1;
  facts.packets = f.pkts;
  facts.bytes = f.bytes;
  facts.age_seconds = f.last_usec / 1'000'000 - f.start_usec / 1'000'000;
  if (f.app) {
    facts.app_proto = f.app->app_proto();
    facts.app_proto_orig = f.app->app_proto_orig();
  }
  facts.client = f.client;
  facts.server = f.server;
  facts.client_port = f.client_port;
  facts.server_port = f.server_port;
  facts.ip_proto = f.ip_proto;
  facts.vars = &f.detect_vars;
  facts.payload_inspected = f.payload_inspected;
  return facts;
}

// As Suricata's TLS parser sets APP_LAYER_PARSER_NO_INSPECTION_PAYLOAD (and with
// bypass NO_INSPECTION) at the first application data record, and its SSH parser
// once both sides sent NEWKEYS: the flow's raw stream is dropped, and its packets
// from the next one on are inspected without payload, or not.
void Worker::handle_encryption(flow::Flow& f, const decode::Packet& pkt) {
  f.encryption_handled = true;
  const bool ssh = f.app->app_proto() == "ssh";
  const auto mode = ssh ? config_.app_layer.ssh_encryption_handling : config_.app_layer.tls_encryption_handling;
  if (mode == proto::EncryptionHandling::Full) return;
  if (f.tcp) {
    for (auto dir : {stream::Direction::ToServer, stream::Direction::ToClient}) {
      // The NEWKEYS packets are SSH's last plaintext, which Suricata inspects as the
      // payload of their own packets before the flag comes: the raw stream still
      // holding them is inspected before it goes.
      if (ssh) detect_pending_stream(f, dir, &pkt);
      f.tcp->raw(dir).disable();
    }
  }
  f.payload_inspected = false;
  if (mode == proto::EncryptionHandling::Bypass) bypass(f);
}

// Suricata's local bypass: the flow's later packets are counted, not inspected.
void Worker::bypass(flow::Flow& f) {
  if (f.tcp)
    for (auto dir : {stream::Direction::ToServer, stream::Direction::ToClient}) f.tcp->raw(dir).disable();
  f.payload_inspected = false;
  f.bypassed = true;
}

void Worker::detect_packet(const decode::Packet& pkt, flow::Flow* f, stream::Direction dir) {
  if (f != nullptr && f->bypassed) return;
  stream::RawStream* raw = f != nullptr && f->tcp && f->tcp->raw(dir).enabled() ? &f->tcp->raw(dir) : nullptr;
  if (detecting()) {
    std::optional<detect::FlowFacts> flow_facts;
    if (f != nullptr) flow_facts = facts(*f, dir);
    app_events_.clear();
    std::string_view app_proto = f != nullptr && f->app ? f->app->app_proto() : std::string_view{};
    for (const auto& name : app_event_names_) app_events_.push_back({app_proto, name});
    std::optional<detect::StreamInput> stream_input;
    if (raw != nullptr) stream_input = stream_input_of(*raw, raw->packet_added());
    detect::PacketInput in{pkt, flow_facts ? &*flow_facts : nullptr, stream_events_, app_events_,
                           stream_input ? &*stream_input : nullptr};
    detector_.inspect_packet(in, alerts_);
    write_alerts(&pkt, f, nullptr, {});
  }
  if (raw != nullptr) raw->commit();
}

void Worker::detect_other_side_events(flow::Flow& f, const decode::Packet& pkt) {
  if (other_side_event_names_.empty() || !detecting()) return;
  const decode::Packet view = seen_from_other_side(pkt);
  const detect::FlowFacts flow_facts = facts(f, f.direction_of(view));
  app_events_.clear();
  const std::string_view app_proto = f.app ? f.app->app_proto() : std::string_view{};
  for (const auto& name : other_side_event_names_) app_events_.push_back({app_proto, name});
  detector_.inspect_packet(detect::PacketInput{view, &flow_facts, {}, app_events_, nullptr}, alerts_);
  // The view is no packet of its own: only the rules about those events may alert on it.
  std::erase_if(alerts_, [](const detect::Alert& alert) { return !has_app_event_condition(*alert.rule); });
  write_alerts(&view, &f, nullptr, {});
}

void Worker::detect_pending_stream(flow::Flow& f, stream::Direction dir, const decode::Packet* pkt) {
  if (!f.tcp) return;
  stream::RawStream& raw = f.tcp->raw(dir);
  if (raw.fresh().empty()) return;
  if (detecting()) {
    std::optional<decode::Packet> pseudo;
    if (pkt == nullptr || f.direction_of(*pkt) != dir) pkt = &pseudo.emplace(pseudo_packet(f, dir, raw.fresh()));
    detect::FlowFacts flow_facts = facts(f, dir);
    detect::StreamInput stream_input = stream_input_of(raw, true);
    detect::PacketInput in{*pkt, &flow_facts, {}, {}, &stream_input, true};
    detector_.inspect_packet(in, alerts_);
    write_alerts(pkt, &f, nullptr, {});
  }
  raw.commit();
}

void Worker::detect_transaction(flow::Flow& f, const decode::Packet* pkt, std::string_view event_type,
                                uint64_t tx_id, const proto::EveFields& fields,
                                std::optional<stream::Direction> completed_side) {
  if (!detecting()) return;
  if (!fields.two_sided()) {
    if (!completed_side && fields.inspected_side()) return;  // its rules run apart (side_complete)
    auto dir = pkt != nullptr ? f.direction_of(*pkt) : stream::Direction::ToServer;
    auto flow_facts = facts(f, dir);
    detector_.inspect_transaction(detect::TransactionInput{pkt, flow_facts, tx_id, fields, {}}, alerts_);
    mark_file_stores(f, tx_id);
    write_alerts(pkt, &f, &fields, event_type);
    return;
  }
  using Kind = detect::RuleSelection::Kind;
  if (completed_side) {
    auto side = *completed_side;
    inspect_side(f, pkt, event_type, tx_id, fields, side, {Kind::SideComplete, packet_direction(side)});
    return;
  }
  auto inspected = fields.inspected_side();
  for (auto side : {stream::Direction::ToServer, stream::Direction::ToClient}) {
    detect::RuleSelection rules;
    if (inspected == side) rules = {Kind::AfterSide, packet_direction(side)};
    inspect_side(f, pkt, event_type, tx_id, fields, side, rules);
  }
}

void Worker::inspect_side(flow::Flow& f, const decode::Packet* pkt, std::string_view event_type, uint64_t tx_id,
                          const proto::EveFields& fields, stream::Direction side, detect::RuleSelection rules) {
  auto flow_facts = facts(f, side);
  SideView view(fields, side);
  detector_.inspect_transaction(detect::TransactionInput{pkt, flow_facts, tx_id, view, rules}, alerts_);
  mark_file_stores(f, tx_id);
  write_alerts(pkt, &f, &fields, event_type);
}

void Worker::mark_file_stores(flow::Flow& f, uint64_t tx_id) {
  const auto& stores = detector_.file_stores();
  if (stores.empty()) return;
  auto& marks = f.detect_vars.file_stores;
  if (!marks) marks = std::make_unique<detect::FileStoreMarks>();
  for (const auto& s : stores) marks->mark(s.request, s.side == detect::PacketDirection::ToClient, tx_id);
}

proto::FileSpool* Worker::store_file(flow::Flow& f, uint64_t tx_id, const proto::EveFields& fields) {
  auto file = fields.recorded_file();
  if (!file || file->spool == nullptr) return nullptr;
  const auto& marks = f.detect_vars.file_stores;
  bool wanted = config_.app_layer.file_store->forced() ||
                (marks && marks->stores(tx_id, file->direction == stream::Direction::ToClient));
  if (!wanted || !file->spool->store(file->sha256)) return nullptr;
  return file->spool;
}

void Worker::write_alerts(const decode::Packet* pkt, flow::Flow* f, const proto::EveFields* tx, std::string_view tx_type) {
  if (alerts_.empty()) return;
  if (f != nullptr) f->alerted = true;
  if (pkt != nullptr) start_tags(*pkt, f);
  if (f != nullptr && std::ranges::any_of(alerts_, [](const detect::Alert& a) { return a.rule->sig.bypass; }))
    f->bypass_requested = true;
  for (const auto& alert : alerts_) {
    const output::EventTransaction* event_tx = tx == nullptr ? event_transaction_of(alert) : nullptr;
    stats_.alert_records += write_record([](const EveConfig& eve) { return eve.alert; },
                                         [&](output::EveRecordWriter& records, std::string& out) {
                                           records.alert_record(out, alert, pkt, f, tx, tx_type, event_tx);
                                         });
  }
}

// The tag: keywords of the rules that alerted on pkt.
void Worker::start_tags(const decode::Packet& pkt, flow::Flow* f) {
  for (const auto& alert : alerts_) {
    const detect::Signature& sig = alert.rule->sig;
    for (const auto& tag : sig.tags) {
      detect::TagEntry entry{.gid = sig.meta.gid, .sid = sig.meta.sid, .metric = tag.metric, .count = tag.count,
                             .first_sec = pkt.ts_usec / 1'000'000, .last_sec = pkt.ts_usec / 1'000'000};
      if (tag.scope == detect::TagAction::Scope::Host) {
        detect::HostTagStore::process().add(tag.host_is_source ? pkt.src : pkt.dst, entry);
      } else if (f != nullptr) {
        if (!f->detect_vars.tags) f->detect_vars.tags = std::make_unique<detect::TagList>();
        f->detect_vars.tags->add(entry);
      }
    }
  }
}

// After the packet's detection, as Suricata's tag handling: a packet a session or
// host tag covers is logged as a "packet" record.
void Worker::log_if_tagged(const decode::Packet& pkt, flow::Flow* f) {
  const uint64_t ts_sec = pkt.ts_usec / 1'000'000;
  bool tagged = false;
  if (f != nullptr && f->detect_vars.tags) {
    tagged = f->detect_vars.tags->tags_packet(ts_sec, pkt.frame.size());
    if (f->detect_vars.tags->empty()) f->detect_vars.tags.reset();
  }
  auto& hosts = detect::HostTagStore::process();
  if (hosts.tagged_hosts() > 0 && hosts.tags_packet(pkt.src, pkt.dst, ts_sec, pkt.frame.size())) tagged = true;
  if (!tagged) return;
  write_record([](const EveConfig& eve) { return eve.alert && eve.tagged_packets; },
               [&](output::EveRecordWriter& records, std::string& out) { records.packet_record(out, pkt, f); });
}

const output::EventTransaction* Worker::event_transaction_of(const detect::Alert& alert) const {
  if (event_transactions_.empty()) return nullptr;
  for (const auto& condition : alert.rule->sig.events) {
    if (condition.kind != "app-layer-event") continue;
    std::string_view name = condition.name;
    name.remove_prefix(name.find('.') == std::string_view::npos ? 0 : name.find('.') + 1);
    // Event names match ignoring case, as the app-layer-event keyword does.
    for (const auto& event_tx : event_transactions_)
      if (detect::to_lower(event_tx.event) == detect::to_lower(name)) return &event_tx;
  }
  return nullptr;
}

}  // namespace rampart::sensor
