#pragma once
// The "tls" object of an EVE record in Suricata 8's extended layout.
#include "proto/app_parser.hpp"
#include "proto/tls/tls_session.hpp"

namespace rampart::proto::tls {

class TlsFields final : public EveFields {
 public:
  explicit TlsFields(const TlsSession& session) : session_(session) {}
  void write(JsonWriter& w) const override;

 private:
  const TlsSession& session_;
};

}  // namespace rampart::proto::tls
