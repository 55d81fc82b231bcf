// Fuzzes the TLS parser through the shared chunked driver (app_parser_fuzz.hpp).
#include "fuzz/app_parser_fuzz.hpp"
#include "proto/tls/tls_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::fuzz::run_parser(rampart::proto::tls::tls_protocol(), true, {data, size});
  return 0;
}
