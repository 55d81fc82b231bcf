#pragma once
// The inspection buffers rules can name (sticky buffers such as http.uri or dns.query),
// each with its application protocol and direction, and the Snort-era content
// modifiers (http_uri ...) that move the previous content into one of them.
// Protocol modules declare their buffers with their proto::Protocol (buffers), and
// the built-in registry takes them from proto::registered_protocols().
#include <string>
#include <string_view>
#include <vector>

#include "detect/signature.hpp"
#include "proto/protocol.hpp"

namespace rampart::detect {

struct BufferSpec {
  std::string name;
  std::string app_protocol;  // empty: any protocol (pkt_data, file.data, base64_data)
  FlowDirection direction = FlowDirection::Any;
  std::vector<std::string> aliases;  // older sticky names (file_data, dns_query ...)
  proto::BufferUse use = proto::BufferUse::Sticky;  // Word, Number: a keyword with a value
  std::vector<proto::WordValue> words{};           // Word: the values a rule may give; Number: named values
};

struct LegacyModifier {
  std::string modifier;  // the content modifier keyword, e.g. http_client_body
  std::string buffer;    // the buffer it moves the content into
};

class BufferRegistry {
 public:
  static const BufferRegistry& builtin();

  void add(BufferSpec spec) { buffers_.push_back(std::move(spec)); }
  void add_legacy_modifier(LegacyModifier modifier) { legacy_.push_back(std::move(modifier)); }

  // Looks a sticky buffer up by its name or an alias.
  const BufferSpec* find(std::string_view name) const;
  // Looks a frame up by its full name ("dns.pdu", see proto::Protocol::frames).
  const BufferSpec* find_frame(std::string_view name) const;
  const LegacyModifier* find_legacy_modifier(std::string_view name) const;

  const std::vector<BufferSpec>& buffers() const { return buffers_; }
  const std::vector<LegacyModifier>& legacy_modifiers() const { return legacy_; }

 private:
  std::vector<BufferSpec> buffers_;
  std::vector<LegacyModifier> legacy_;
};

// True when a rule of protocol rule_protocol can inspect a buffer of buffer_protocol.
bool app_protocol_compatible(std::string_view rule_protocol, std::string_view buffer_protocol);

}  // namespace rampart::detect
