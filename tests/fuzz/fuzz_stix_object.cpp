// Fuzzes STIX 2.1 input: the bytes are parsed as a bundle and as a single object
// (validation of every property, indicator patterns included), and valid indicators
// are compiled for sensors. Nothing may crash, hang or leak whatever the JSON says.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "intel/sensor_indicator.hpp"
#include "intel/stix_object.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto bundle = rampart::intel::parse_stix_bundle(text)) {
    for (const auto& object : bundle->objects) {
      if (object.type == "indicator") (void)rampart::intel::compile_for_sensors(object);
      (void)object.to_json_text();
    }
  }
  if (auto object = rampart::intel::parse_stix_object(text); object && object->type == "indicator") {
    (void)rampart::intel::compile_for_sensors(*object);
  }
  return 0;
}
