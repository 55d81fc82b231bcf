// The worker's indicator step: the addresses of each new flow and the names and
// URLs of its transactions are looked up in the indicator set in force; each hit is
// written as an alert of the indicator's rule (gid 2, src/intel_match).
#include "sensor/worker.hpp"

namespace rampart::sensor {

namespace {

constexpr size_t kMaxQueriesChecked = 16;

std::string_view text_of(const std::optional<std::span<const uint8_t>>& bytes) {
  if (!bytes) return {};
  return {reinterpret_cast<const char*>(bytes->data()), bytes->size()};
}

}  // namespace

void Worker::match_flow_indicators(const decode::Packet& pkt, flow::Flow& f) {
  const auto* set = indicators_.refresh();
  if (set == nullptr) return;
  alerts_.clear();
  for (const auto* address : {&pkt.src, &pkt.dst})
    if (const auto* rule = set->match_address(*address))
      alerts_.push_back({rule, false, 0, detect::PacketDirection::ToServer, {}, false, {}, {}});
  write_alerts(&pkt, &f, nullptr, {});
}

void Worker::match_transaction_indicators(flow::Flow& f, const decode::Packet* pkt, std::string_view event_type,
                                          uint64_t tx_id, const proto::EveFields& fields) {
  const auto* set = indicators_.refresh();
  if (set == nullptr) return;
  alerts_.clear();
  auto hit = [&](const detect::CompiledRule* rule) {
    if (rule != nullptr) alerts_.push_back({rule, true, tx_id, detect::PacketDirection::ToServer, {}, false, {}, {}});
  };
  for (size_t i = 0; i < kMaxQueriesChecked; ++i) {
    auto query = fields.buffer("dns.query", i);
    if (!query) break;
    hit(set->match_domain(text_of(query)));
  }
  hit(set->match_domain(text_of(fields.buffer("tls.sni", 0))));
  auto host = text_of(fields.buffer("http.host", 0));
  hit(set->match_domain(host));
  hit(set->match_request(host, text_of(fields.buffer("http.uri.raw", 0))));
  write_alerts(pkt, &f, &fields, event_type);
}

}  // namespace rampart::sensor
