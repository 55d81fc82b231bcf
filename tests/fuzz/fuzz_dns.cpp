// Fuzzes the DNS parser through the shared chunked driver (app_parser_fuzz.hpp).
// The first byte picks the transport (bit 0: TCP, else UDP): UDP sees each chunk
// as a datagram, TCP a stream split at arbitrary places.
#include "fuzz/app_parser_fuzz.hpp"
#include "proto/dns/dns_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  rampart::fuzz::run_parser(rampart::proto::dns::dns_protocol(), (data[0] & 1) != 0, {data + 1, size - 1});
  return 0;
}
