// TLS keywords that are not a plain sticky buffer of the registry:
// tls.random, tls.random_time and tls.random_bytes inspect the client's hello
// random, or the server's when the rule is flow:to_client (a TLS session is one
// transaction holding both hellos, so the rule's direction picks the hello); and
// the legacy value keywords tls.subject:"text" and tls.issuerdn:"text" (with
// `!` to negate), which hold when the server certificate's subject or issuer
// contains the text, as tls.cert_subject / tls.cert_issuer with a content would;
// and ssl_version:tls1.0,tls1.1 (Suricata 7.0.14's semantics: a `!` negates the
// whole list), which holds when the hello of the side the rule sees (the
// client's offer, the server's choice) has one of the versions.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

struct RandomBuffers {
  BufferSpec client, server;
};

RandomBuffers random_buffers(std::string_view keyword) {
  std::string name(keyword);
  return {{name + ".client", "tls", FlowDirection::ToServer, {}},
          {name + ".server", "tls", FlowDirection::ToClient, {}}};
}

RuleResult<void> select_random(RuleBuilder& b, std::string_view keyword, std::string_view) {
  static const RandomBuffers kRandom = random_buffers("tls.random");
  static const RandomBuffers kTime = random_buffers("tls.random_time");
  static const RandomBuffers kBytes = random_buffers("tls.random_bytes");
  const RandomBuffers& buffers = keyword == "tls.random" ? kRandom : keyword == "tls.random_time" ? kTime : kBytes;
  bool server = b.signature().flow.direction == FlowDirection::ToClient;
  return b.select_buffer(server ? buffers.server : buffers.client);
}

RuleResult<void> match_certificate_text(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  std::string_view text = trim(value);
  bool negated = text.starts_with('!');
  if (negated) text = trim(text.substr(1));
  std::string pattern = unquote(text);
  if (pattern.empty()) return invalid_value(keyword, "expects a non-empty quoted string");
  const char* buffer = keyword == "tls.subject" ? "tls.cert_subject" : "tls.cert_issuer";
  auto inspection = b.inspection_for(*BufferRegistry::builtin().find(buffer));
  if (!inspection) return std::unexpected(inspection.error());
  ContentMatch contains;
  contains.pattern = std::move(pattern);
  contains.negated = negated;
  b.add_match_to(*inspection, std::move(contains));
  return {};
}

RuleResult<void> match_ssl_version(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr auto kVersions = std::to_array<std::string_view>({"sslv2", "sslv3", "tls1.0", "tls1.1", "tls1.2", "tls1.3"});
  static const BufferSpec kSideVersion{"ssl_version", "tls", FlowDirection::Any, {}};
  bool negated = false;
  std::string alternatives;
  for (std::string_view item : split_trimmed(value, ',')) {
    if (item.starts_with('!')) {
      negated = true;
      item = trim(item.substr(1));
    }
    std::string name = to_lower(item);
    if (std::find(kVersions.begin(), kVersions.end(), name) == kVersions.end())
      return invalid_value(keyword, fmt::format("unknown version '{}'", item));
    if (!alternatives.empty()) alternatives += '|';
    for (char c : name) alternatives += c == '.' ? std::string("\\.") : std::string(1, c);
  }
  return b.add_regex_match_to(kSideVersion, "^(?:" + alternatives + ")$", negated);
}

}  // namespace

void register_tls_keywords(KeywordRegistry& registry) {
  for (const char* keyword : {"tls.random", "tls.random_time", "tls.random_bytes"})
    registry.add({keyword, ValueUse::None, select_random});
  registry.add({"tls.subject", ValueUse::Required, match_certificate_text});
  registry.add({"tls.issuerdn", ValueUse::Required, match_certificate_text});
  registry.add({"ssl_version", ValueUse::Required, match_ssl_version});
}

}  // namespace rampart::detect
