#pragma once
// Shared by the engine tests: a rule set from rule texts, and hand-made packets.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "detect/detector.hpp"
#include "detect/rule_set.hpp"
#include "rule_test_support.hpp"

namespace rampart::detect::testing {

inline std::shared_ptr<const RuleSet> rule_set(const std::vector<std::string>& rules,
                                               std::vector<InactiveRule>* inactive = nullptr) {
  std::vector<Signature> sigs;
  for (const auto& text : rules) {
    auto sig = parse(text);
    EXPECT_TRUE(sig.has_value()) << text << ": " << (sig ? "" : sig.error().detail);
    if (sig) sigs.push_back(std::move(*sig));
  }
  std::vector<InactiveRule> dropped;
  auto set = RuleSet::build(std::move(sigs), dropped);
  if (inactive != nullptr) *inactive = dropped;
  return set;
}

// An IPv4 TCP (or UDP) packet viewing `payload` (a literal, so the view stays valid).
inline decode::Packet packet(std::string_view payload, const char* src = "10.0.0.1", uint16_t sp = 40000,
                             const char* dst = "10.0.0.2", uint16_t dp = 80, uint8_t proto = 6) {
  decode::Packet p;
  p.ts_usec = 1'700'000'000'000'000ULL;
  p.ip_version = 4;
  p.src = *IpAddress::parse(src);
  p.dst = *IpAddress::parse(dst);
  p.ip_proto = proto;
  p.ttl = 64;
  p.l4 = proto == 6 ? decode::L4Proto::Tcp : proto == 17 ? decode::L4Proto::Udp : decode::L4Proto::Icmp;
  p.src_port = sp;
  p.dst_port = dp;
  p.tcp_flags = decode::tcp_flag::kAck | decode::tcp_flag::kPsh;
  p.payload = {reinterpret_cast<const uint8_t*>(payload.data()), payload.size()};
  return p;
}

inline FlowFacts flow_facts(const decode::Packet& p, FlowVars& vars, bool to_server = true) {
  FlowFacts f;
  f.flow_id = 7;
  f.direction = to_server ? PacketDirection::ToServer : PacketDirection::ToClient;
  f.established = true;
  f.first_in_direction = false;
  f.client = to_server ? p.src : p.dst;
  f.server = to_server ? p.dst : p.src;
  f.client_port = to_server ? p.src_port : p.dst_port;
  f.server_port = to_server ? p.dst_port : p.src_port;
  f.ip_proto = p.ip_proto;
  f.vars = &vars;
  return f;
}

inline std::vector<uint32_t> sids(const std::vector<Alert>& alerts) {
  std::vector<uint32_t> out;
  for (const auto& a : alerts) out.push_back(a.rule->sig.meta.sid);
  return out;
}

// A transaction with one value per named buffer; one_way_message: rules see it
// only from its packet's side (a DNS message, or one side's view of a transaction).
struct NamedBuffers final : proto::EveFields {
  std::map<std::string, std::string, std::less<>> values;
  bool one_way_message = false;
  void write(JsonWriter&) const override {}
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    auto it = values.find(name);
    if (it == values.end() || index > 0) return std::nullopt;
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(it->second.data()), it->second.size());
  }
  bool one_way() const override { return one_way_message; }
};

}  // namespace rampart::detect::testing
