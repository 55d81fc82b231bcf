// Fuzzes the FTP parser through the shared chunked driver (app_parser_fuzz.hpp),
// attached to a flow and a small expectation table, so the data-channel
// announcements, their cap and the bounce check run on what the parser reads.
#include "fuzz/app_parser_fuzz.hpp"
#include "proto/ftp/ftp_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint64_t now = 1'700'000'000'000'000ULL;
  rampart::proto::ExpectationTable table({.capacity = 4, .timeout_usec = 1});
  rampart::proto::FlowContext context{*rampart::IpAddress::parse("10.0.0.1"), *rampart::IpAddress::parse("10.0.0.2"),
                                      40000, 21, 1, &now, &table, {}};
  rampart::fuzz::run_parser(rampart::proto::ftp::ftp_protocol(), true, {data, size}, &context);
  return 0;
}
