// Fuzzes the STIX patterning language: any accepted pattern must print back to text
// that parses to the same tree and prints identically (the round trip the printer
// promises), and compiling it for sensors must not crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "intel/pattern.hpp"
#include "intel/sensor_indicator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pattern = rampart::intel::parse_pattern(text);
  if (!pattern) return 0;
  const std::string printed = rampart::intel::print_pattern(*pattern);
  auto reparsed = rampart::intel::parse_pattern(printed);
  if (!reparsed || !(*reparsed == *pattern) || rampart::intel::print_pattern(*reparsed) != printed) std::abort();
  (void)rampart::intel::compile_for_sensors(*pattern, "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  return 0;
}
