// Fuzzes the TLS parser. The input is split into chunks at 0xFE 0xFE markers;
// a chunk's first byte picks its direction (bit 0 set: to the client) and the
// rest goes to the parser in one call, so both directions see streams cut at
// arbitrary places. Every record is rendered to JSON so the EVE writer runs
// on what the parser kept.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/json_writer.hpp"
#include "proto/tls/tls_parser.hpp"
#include "proto/tls/tls_protocol.hpp"

namespace {

using rampart::proto::Direction;

class RenderingSink final : public rampart::proto::EventSink {
 public:
  void transaction(std::string_view, uint64_t, rampart::proto::LogDirection,
                   const rampart::proto::EveFields& fields) override {
    text_.clear();
    rampart::JsonWriter w(text_);
    w.begin_object();
    fields.write(w);
    w.end_object();
  }
  void anomaly(std::string_view) override {}

 private:
  std::string text_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> rest(data, size);
  rampart::proto::tls::tls_protocol().probe(Direction::ToServer, rest);
  auto parser = rampart::proto::tls::make_tls_parser(true);
  RenderingSink sink;
  while (!rest.empty()) {
    size_t cut = 0;
    while (cut + 1 < rest.size() && !(rest[cut] == 0xFE && rest[cut + 1] == 0xFE)) ++cut;
    if (cut + 1 >= rest.size()) cut = rest.size();
    auto chunk = rest.first(cut);
    rest = rest.subspan(std::min(rest.size(), cut + 2));
    if (chunk.size() < 2) continue;
    Direction dir = (chunk[0] & 1) != 0 ? Direction::ToClient : Direction::ToServer;
    if (!parser->parse(dir, chunk.subspan(1), sink)) break;
  }
  parser->finish(sink);
  return 0;
}
