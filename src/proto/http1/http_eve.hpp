#pragma once
// The EVE "http" object of one transaction, in Suricata 8's field order.
#include "proto/app_parser.hpp"
#include "proto/http1/http_transaction.hpp"

namespace rampart::proto::http1 {

class HttpEveRecord final : public EveFields {
 public:
  explicit HttpEveRecord(const HttpTransaction& tx) : tx_(tx) {}
  void write(JsonWriter& w) const override;
  const HttpTransaction& transaction() const { return tx_; }

 private:
  const HttpTransaction& tx_;
};

}  // namespace rampart::proto::http1
