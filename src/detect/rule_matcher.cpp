// Flow variables and payload inspections of a candidate rule.
#include "detect/rule_matcher.hpp"

#include <algorithm>
#include <charconv>

namespace rampart::detect {

namespace {

bool flowbit_holds(const CompiledFlowbit& b, const FlowVars* vars) {
  auto set = [vars](uint32_t id) { return vars != nullptr && vars->is_set(id); };
  bool want_set = b.op == CompiledFlowbit::Op::IsSet;
  auto check = [&](uint32_t id) { return set(id) == want_set; };
  return b.any_of ? std::any_of(b.ids.begin(), b.ids.end(), check) : std::all_of(b.ids.begin(), b.ids.end(), check);
}

bool flowint_holds(const CompiledFlowint& f, const FlowVars* vars) {
  using Op = CompiledFlowint::Op;
  std::optional<int64_t> value = vars != nullptr ? vars->get_int(f.id) : std::nullopt;
  if (f.op == Op::IsSet) return value.has_value();
  if (f.op == Op::NotSet) return !value.has_value();
  if (f.op == Op::Assign || f.op == Op::Add || f.op == Op::Subtract) return true;
  if (!value) return false;
  std::optional<int64_t> other = f.value;
  if (f.value_of) other = vars->get_int(*f.value_of);
  if (!other) return false;
  switch (f.op) {
    case Op::Equal: return *value == *other;
    case Op::NotEqual: return *value != *other;
    case Op::Less: return *value < *other;
    case Op::Greater: return *value > *other;
    case Op::LessOrEqual: return *value <= *other;
    case Op::GreaterOrEqual: return *value >= *other;
    default: return false;
  }
}

std::span<const uint8_t> transport_header(const decode::Packet& p) {
  if (p.ip_header.empty() || p.l4 == decode::L4Proto::None) return {};
  const uint8_t* start = p.ip_header.data() + p.ip_header.size();
  const uint8_t* end = p.payload.data();
  if (end == nullptr || end < start) return {};
  return {start, static_cast<size_t>(end - start)};
}

std::optional<std::span<const uint8_t>> packet_buffer(PacketBuffer source, const decode::Packet* p,
                                                      MatchScratch& scratch,
                                                      std::optional<std::span<const uint8_t>> pkt_data) {
  switch (source) {
    case PacketBuffer::Payload:
      if (pkt_data) return pkt_data->empty() ? std::nullopt : pkt_data;
      if (p == nullptr || p->payload.empty()) return std::nullopt;
      return p->payload;
    case PacketBuffer::Base64Data: {
      auto decoded = base64_data(scratch.inspection);
      scratch.base64.assign(decoded.begin(), decoded.end());
      return scratch.base64;
    }
    case PacketBuffer::IpHeader:
      if (p == nullptr || p->ip_header.empty()) return std::nullopt;
      return p->ip_header;
    case PacketBuffer::TransportHeader:
      if (p == nullptr) return std::nullopt;
      return transport_header(*p);
    case PacketBuffer::IpSource:
    case PacketBuffer::IpDestination: {
      if (p == nullptr || p->ip_version == 0) return std::nullopt;
      const IpAddress& a = source == PacketBuffer::IpSource ? p->src : p->dst;
      return std::span<const uint8_t>(a.bytes().data(), a.is_v4() ? 4 : 16);
    }
    case PacketBuffer::NotPacket: break;
  }
  return std::nullopt;
}

// filesize: the buffer is a number written in decimal.
bool decimal_value_holds(const std::vector<NumericCondition>& conditions, std::span<const uint8_t> text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(reinterpret_cast<const char*>(text.data()),
                                      reinterpret_cast<const char*>(text.data() + text.size()), value);
  if (error != std::errc() || end != reinterpret_cast<const char*>(text.data() + text.size())) return false;
  return std::all_of(conditions.begin(), conditions.end(), [value](const NumericCondition& c) { return c.matches(value); });
}

bool value_matches(const CompiledRule& r, size_t i, std::span<const uint8_t> value, MatchScratch& scratch,
                   size_t min_end = 0) {
  const auto& inspection = r.sig.inspections[i];
  auto data = r.transforms[i].apply(value, scratch.transformed);
  for (const auto& size : inspection.sizes)
    if (!size.matches(data.size())) return false;
  if (!inspection.values.empty() && !decimal_value_holds(inspection.values, data)) return false;
  for (const auto& condition : inspection.entropies) {
    auto entropy = condition.measure(data);
    if (!entropy || !condition.holds(*entropy)) return false;
    scratch.variables.measured(condition.log_var, *entropy);
  }
  return inspect_payload(inspection.matches, data, scratch.variables, scratch.inspection, min_end) &&
         dataset_conditions_hold(r.datasets, i, data);
}

}  // namespace

bool flow_variables_hold(const CompiledRule& r, const FlowVars* vars) {
  for (const auto& b : r.flowbits)
    if ((b.op == CompiledFlowbit::Op::IsSet || b.op == CompiledFlowbit::Op::IsNotSet) && !flowbit_holds(b, vars)) return false;
  return std::all_of(r.flowints.begin(), r.flowints.end(), [vars](const auto& f) { return flowint_holds(f, vars); });
}

void apply_flow_variables(const CompiledRule& r, FlowVars* vars) {
  if (vars == nullptr) return;
  for (const auto& b : r.flowbits)
    for (uint32_t id : b.ids) {
      if (b.op == CompiledFlowbit::Op::Set) vars->set(id);
      if (b.op == CompiledFlowbit::Op::Unset) vars->unset(id);
      if (b.op == CompiledFlowbit::Op::Toggle) vars->is_set(id) ? vars->unset(id) : vars->set(id);
    }
  using Op = CompiledFlowint::Op;
  for (const auto& f : r.flowints) {
    if (f.op != Op::Assign && f.op != Op::Add && f.op != Op::Subtract) continue;
    std::optional<int64_t> operand = f.value_of ? vars->get_int(*f.value_of) : std::optional<int64_t>(f.value);
    if (!operand) continue;
    int64_t current = vars->get_int(f.id).value_or(0);
    int64_t next = f.op == Op::Assign ? *operand : f.op == Op::Add ? current + *operand : current - *operand;
    vars->set_int(f.id, next);
  }
}

bool payload_matches(const CompiledRule& r, const decode::Packet* packet, const proto::EveFields* tx,
                     MatchScratch& scratch, std::optional<std::span<const uint8_t>> pkt_data,
                     size_t inspected_before) {
  scratch.variables.clear();
  for (size_t i = 0; i < r.sig.inspections.size(); ++i) {
    if (r.packet_buffers[i] != PacketBuffer::NotPacket) {
      auto value = packet_buffer(r.packet_buffers[i], packet, scratch, pkt_data);
      size_t min_end = r.packet_buffers[i] == PacketBuffer::Payload ? inspected_before : 0;
      if (!value || !value_matches(r, i, *value, scratch, min_end)) return false;
      continue;
    }
    if (tx == nullptr) return false;
    bool matched = false;
    const auto& inspection = r.sig.inspections[i];
    const auto side = inspection.direction == FlowDirection::ToClient ? proto::Direction::ToClient : proto::Direction::ToServer;
    for (size_t k = 0; !matched; ++k) {
      auto value = inspection.side_given ? tx->side_buffer(inspection.buffer, k, side) : tx->buffer(inspection.buffer, k);
      if (!value) break;
      matched = value_matches(r, i, *value, scratch);
    }
    if (!matched) return false;
  }
  return true;
}

}  // namespace rampart::detect
