#pragma once
// The EVE "http" object of one transaction, in Suricata 8's field order, and the
// transaction's rule buffers (http.uri, http.header, file.data ...) with the
// content Suricata 8 gives them. Buffers built from several fields (http.header,
// http.start, http.header_names, http.request_header ...) are assembled in this
// object: a returned view stays valid until the next buffer() call on it.
#include <string>

#include "proto/app_parser.hpp"
#include "proto/http1/http_transaction.hpp"

namespace rampart::proto::http1 {

class HttpEveRecord final : public EveFields {
 public:
  explicit HttpEveRecord(const HttpTransaction& tx) : tx_(tx) {}
  void write(JsonWriter& w) const override { write_with(w, {}); }
  void write_with(JsonWriter& w, const RecordOptions& options) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;
  // Rules see the transaction from each side, as Suricata inspects both directions;
  // a buffer both messages have (file.data, http.header ...) is that side's.
  bool two_sided() const override { return true; }
  std::optional<std::span<const uint8_t>> side_buffer(std::string_view name, size_t index,
                                                      Direction side) const override;
  std::optional<Direction> inspected_side() const override {
    return tx_.request.rules_ran ? std::optional(Direction::ToServer) : std::nullopt;
  }
  std::span<const std::string> events() const override { return tx_.events; }
  const HttpTransaction& transaction() const { return tx_; }

 private:
  const HttpTransaction& tx_;
  mutable std::string built_;  // the last constructed buffer
};

}  // namespace rampart::proto::http1
