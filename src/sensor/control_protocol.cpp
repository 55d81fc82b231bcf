#include "sensor/control_protocol.hpp"

#include <fmt/format.h>

namespace rampart::sensor {

namespace {

enum class Parse { Message, Incomplete, Invalid };

// Parses the first JSON value of text into out and says how many bytes it took.
// Incomplete: text is the start of a value; Invalid: error says why.
Parse parse_first(std::string_view text, nlohmann::json& out, size_t& used, std::string& error) {
  try {
    out = nlohmann::json::parse(text);
    used = text.size();
    return Parse::Message;
  } catch (const nlohmann::json::parse_error& e) {
    if (e.byte > text.size()) return Parse::Incomplete;
    // A complete value followed by more input: take the value alone.
    if (e.byte > 1) {
      try {
        out = nlohmann::json::parse(text.substr(0, e.byte - 1));
        used = e.byte - 1;
        return Parse::Message;
      } catch (const nlohmann::json::parse_error&) {
      }
    }
    error = e.what();
    return Parse::Invalid;
  }
}

}  // namespace

std::string ControlSession::feed(std::string_view bytes) {
  std::string replies;
  if (closed_) return replies;
  pending_.append(bytes);
  while (!closed_) {
    size_t start = pending_.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) {
      pending_.clear();
      break;
    }
    pending_.erase(0, start);
    nlohmann::json message;
    size_t used = 0;
    std::string error;
    auto parsed = parse_first(pending_, message, used, error);
    if (parsed == Parse::Incomplete) {
      if (pending_.size() > kMaxMessageBytes) fail(replies, "message too long", true);
      break;
    }
    if (parsed == Parse::Invalid) {
      // Resynchronise at the next line, if there is one.
      size_t newline = pending_.find('\n');
      pending_.erase(0, newline == std::string::npos ? pending_.size() : newline + 1);
      fail(replies, fmt::format("invalid JSON: {}", error), !greeted_);
      continue;
    }
    pending_.erase(0, used);
    handle(message, replies);
  }
  return replies;
}

void ControlSession::handle(const nlohmann::json& message, std::string& replies) {
  if (!message.is_object()) return fail(replies, "a message is a JSON object", !greeted_);
  if (!greeted_) {
    auto version = message.find("version");
    if (version == message.end() || !version->is_string())
      return fail(replies, "expected {\"version\": \"0.2\"} first", true);
    auto v = version->get<std::string>();
    if (v != "0.1" && v != kVersion) return fail(replies, fmt::format("incompatible version {} (this is {})", v, kVersion), true);
    greeted_ = true;
    return reply(replies, ControlReply{true, {}});
  }
  auto command = message.find("command");
  if (command == message.end() || !command->is_string())
    return fail(replies, "expected {\"command\": NAME}", false);
  nlohmann::json arguments = nlohmann::json::object();
  if (auto args = message.find("arguments"); args != message.end()) {
    if (!args->is_object()) return fail(replies, "arguments must be an object", false);
    arguments = *args;
  }
  reply(replies, commands_.run(command->get<std::string>(), arguments));
}

void ControlSession::reply(std::string& replies, const ControlReply& r) {
  nlohmann::json out{{"return", r.ok ? "OK" : "NOK"}};
  if (!r.message.is_null()) out["message"] = r.message;
  replies += out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  replies += '\n';
}

void ControlSession::fail(std::string& replies, const std::string& message, bool close) {
  reply(replies, ControlReply{false, message});
  if (close) closed_ = true;
}

}  // namespace rampart::sensor
