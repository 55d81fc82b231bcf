#pragma once
// The "dns" object of an EVE record in Suricata 8's version 3 layout: header
// fields, "queries", and the record sections with "grouped" answers; under the
// dns logger's settings (RecordOptions::dns) the records it makes instead: none
// for a direction that is off or for a message with no question of a logged
// type, version 2's records (dns_eve_v2.hpp). Also the message's rule buffers
// (dns_buffers.cpp). A returned name is decoded into this object: it stays valid
// until the next buffer() call on it.
#include <array>
#include <cstdint>
#include <string>

#include "proto/app_parser.hpp"
#include "proto/dns/dns_message.hpp"
#include "proto/dns/dns_name.hpp"

namespace rampart::proto::dns {

class MessageFields final : public EveFields {
 public:
  // `scratch` is text storage reused across records.
  MessageFields(const Message& m, bool response, uint64_t tx_id, std::string& scratch)
      : message_(m), response_(response), tx_id_(tx_id), scratch_(scratch) {}
  void write(JsonWriter& w) const override;
  size_t record_count(const RecordOptions& options) const override;
  LogDirection log_direction(const RecordOptions& options, LogDirection given) const override;
  void write_part(JsonWriter& w, const RecordOptions& options, size_t part) const override;
  bool one_way() const override { return true; }
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;

 private:
  const Message& message_;
  bool response_;
  uint64_t tx_id_;
  void write_v3(JsonWriter& w, const DnsLogOptions& options) const;
  std::optional<std::span<const uint8_t>> number_buffer(std::string_view name, size_t index) const;

  std::string& scratch_;
  mutable NameText name_;  // the last name buffer() decoded
  mutable std::array<uint8_t, 2> number_{};  // the last number buffer() gave, big-endian
};

}  // namespace rampart::proto::dns
