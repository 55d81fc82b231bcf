#pragma once
// Builds DNS messages byte by byte for the DNS tests, and records what a parser
// reports, with each "dns" object rendered to JSON.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json_writer.hpp"
#include "proto/app_parser.hpp"

namespace rampart::dns_test {

class MessageBuilder {
 public:
  MessageBuilder& header(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an = 0, uint16_t ns = 0,
                         uint16_t ar = 0) {
    for (uint16_t v : {id, flags, qd, an, ns, ar}) u16(v);
    return *this;
  }
  // "www.example.com" as labels; "" is the root.
  MessageBuilder& name(std::string_view dotted) {
    size_t start = 0;
    while (start < dotted.size()) {
      size_t dot = dotted.find('.', start);
      if (dot == std::string_view::npos) dot = dotted.size();
      u8(static_cast<uint8_t>(dot - start));
      raw(dotted.substr(start, dot - start));
      start = dot + 1;
    }
    return u8(0);
  }
  MessageBuilder& pointer(uint16_t offset) { return u16(static_cast<uint16_t>(0xC000 | offset)); }
  MessageBuilder& question(std::string_view qname, uint16_t type) { return name(qname).u16(type).u16(1); }
  // Type, class IN, ttl, then rdata whose length is patched by end_rdata().
  MessageBuilder& record_head(uint16_t type, uint32_t ttl) {
    u16(type).u16(1).u16(static_cast<uint16_t>(ttl >> 16)).u16(static_cast<uint16_t>(ttl));
    rdata_length_at_ = bytes_.size();
    return u16(0);
  }
  MessageBuilder& end_rdata() {
    size_t length = bytes_.size() - rdata_length_at_ - 2;
    bytes_[rdata_length_at_] = static_cast<uint8_t>(length >> 8);
    bytes_[rdata_length_at_ + 1] = static_cast<uint8_t>(length);
    return *this;
  }
  MessageBuilder& u8(uint8_t v) {
    bytes_.push_back(v);
    return *this;
  }
  MessageBuilder& u16(uint16_t v) { return u8(static_cast<uint8_t>(v >> 8)).u8(static_cast<uint8_t>(v)); }
  MessageBuilder& u32(uint32_t v) { return u16(static_cast<uint16_t>(v >> 16)).u16(static_cast<uint16_t>(v)); }
  MessageBuilder& raw(std::string_view s) {
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  MessageBuilder& raw(std::initializer_list<uint8_t> b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  // The message with its two-octet TCP length prefix.
  std::vector<uint8_t> framed() const {
    std::vector<uint8_t> out{static_cast<uint8_t>(bytes_.size() >> 8), static_cast<uint8_t>(bytes_.size())};
    out.insert(out.end(), bytes_.begin(), bytes_.end());
    return out;
  }

 private:
  std::vector<uint8_t> bytes_;
  size_t rdata_length_at_ = 0;
};

struct Logged {
  uint64_t tx_id;
  nlohmann::json dns;
};

class RecordingSink final : public proto::EventSink {
 public:
  std::vector<Logged> records;
  std::vector<std::string> anomalies;

  void transaction(std::string_view event_type, uint64_t tx_id, proto::LogDirection,
                   const proto::EveFields& fields) override {
    if (event_type != "dns") return;
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    fields.write(w);
    w.end_object();
    records.push_back({tx_id, nlohmann::json::parse(text)["dns"]});
  }
  void anomaly(std::string_view event) override { anomalies.emplace_back(event); }
  void transaction_anomaly(std::string_view event, uint64_t tx_id, const proto::EveFields&) override {
    anomalies.emplace_back(event);
    transaction_events.emplace_back(std::string(event), tx_id);
  }
  std::vector<std::pair<std::string, uint64_t>> transaction_events;  // event and transaction
};

// Standard query / response flags.
inline constexpr uint16_t kQueryFlags = 0x0100;     // RD
inline constexpr uint16_t kResponseFlags = 0x8180;  // QR RD RA

}  // namespace rampart::dns_test
