// Fuzzes the DNS parser. The first byte picks the mode: bit 0 TCP (else UDP).
// The rest is split into chunks at 0xFE 0xFE markers; each chunk goes to the
// parser in one call, to the server when bit 1 of its first byte is clear, so
// UDP sees datagrams and TCP sees a stream split at arbitrary places. Every
// record is rendered to JSON so the EVE writers run on the parsed views too.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/json_writer.hpp"
#include "proto/dns/dns_parser.hpp"
#include "proto/dns/dns_protocol.hpp"

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
  if (size == 0) return 0;
  bool over_tcp = (data[0] & 1) != 0;
  std::span<const uint8_t> rest(data + 1, size - 1);
  rampart::proto::dns::dns_protocol().probe(Direction::ToServer, rest);
  auto parser = rampart::proto::dns::make_dns_parser(over_tcp);
  RenderingSink sink;
  while (!rest.empty()) {
    size_t cut = 0;
    while (cut + 1 < rest.size() && !(rest[cut] == 0xFE && rest[cut + 1] == 0xFE)) ++cut;
    if (cut + 1 >= rest.size()) cut = rest.size();
    auto chunk = rest.first(cut);
    rest = rest.subspan(std::min(rest.size(), cut + 2));
    if (chunk.empty()) continue;
    Direction dir = (chunk[0] & 2) != 0 ? Direction::ToClient : Direction::ToServer;
    if (!parser->parse(dir, chunk, sink)) break;
  }
  parser->finish(sink);
  return 0;
}
