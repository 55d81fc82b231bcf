#pragma once
// Suricata's unix-socket control protocol, transport aside: a client opens with
// {"version": "0.2"} (answered {"return":"OK"}), then sends commands
// {"command": NAME, "arguments": {...}}, each answered with
// {"return": "OK"|"NOK", "message": ...}. Messages are JSON objects, one after the
// other, with or without a newline between them; every reply ends with a newline.
// Malformed input gets a NOK reply, never an exception; an oversized message or a
// failed handshake also closes the session.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rampart::sensor {

struct ControlReply {
  bool ok = true;
  nlohmann::json message;  // null: no "message" member
};

// What the commands do; called with a well-formed command.
class ControlCommands {
 public:
  virtual ~ControlCommands() = default;
  virtual ControlReply run(std::string_view command, const nlohmann::json& arguments) = 0;
};

class ControlSession {
 public:
  static constexpr size_t kMaxMessageBytes = 64 * 1024;
  static constexpr std::string_view kVersion = "0.2";

  explicit ControlSession(ControlCommands& commands) : commands_(commands) {}

  // Takes the bytes received and returns the replies to send (possibly none).
  std::string feed(std::string_view bytes);
  // Whether the connection must be closed once the replies are sent.
  bool closed() const { return closed_; }

 private:
  void handle(const nlohmann::json& message, std::string& replies);
  void reply(std::string& replies, const ControlReply& r);
  void fail(std::string& replies, const std::string& message, bool close);

  ControlCommands& commands_;
  std::string pending_;
  bool greeted_ = false;
  bool closed_ = false;
};

}  // namespace rampart::sensor
