// The application protocols the sensor detects and parses, in detection order.
// Adding a protocol: a folder under src/proto/ with its Protocol value, and one
// line here.
#include "proto/protocol.hpp"

namespace rampart::proto {

const std::vector<Protocol>& registered_protocols() {
  static const std::vector<Protocol> protocols{};
  return protocols;
}

}  // namespace rampart::proto
