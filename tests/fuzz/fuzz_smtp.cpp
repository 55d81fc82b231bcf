// Fuzzes the SMTP parser through the shared chunked driver (app_parser_fuzz.hpp).
#include "fuzz/app_parser_fuzz.hpp"
#include "proto/smtp/smtp_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::fuzz::run_parser(rampart::proto::smtp::smtp_protocol(), true, {data, size});
  return 0;
}
