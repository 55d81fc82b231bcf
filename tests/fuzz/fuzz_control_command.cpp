// Fuzzes the control socket's protocol: the input is what a client sends (any
// bytes), fed to a session in two pieces split at the first byte's value so that
// message boundaries fall anywhere. Every command is answered by a stand-in.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sensor/control_protocol.hpp"

namespace {

class EchoCommands final : public rampart::sensor::ControlCommands {
 public:
  rampart::sensor::ControlReply run(std::string_view command, const nlohmann::json& arguments) override {
    return {command.size() % 2 == 0, {{"command", command}, {"arguments", arguments}}};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  EchoCommands commands;
  rampart::sensor::ControlSession session(commands);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = size == 0 ? 0 : data[0] % (size + 1);
  session.feed(input.substr(0, split));
  session.feed(input.substr(split));
  return 0;
}
