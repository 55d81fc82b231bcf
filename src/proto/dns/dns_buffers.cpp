// The rule buffers of a DNS message as Suricata 8 gives them: names in the
// dotted text form of the EVE record (no trailing dot, the root empty), one
// value per question (dns.query only for queries, dns.queries.rrname for any
// message) or per answer record (dns.answer.name).
#include "proto/dns/dns_eve.hpp"

namespace rampart::proto::dns {

std::optional<std::span<const uint8_t>> MessageFields::buffer(std::string_view name, size_t index) const {
  std::optional<uint32_t> name_offset;
  if (name == "dns.query" || name == "dns.queries.rrname") {
    if (name == "dns.query" && response_) return std::nullopt;
    if (index < message_.questions.size()) name_offset = message_.questions[index].name_offset;
  } else if (name == "dns.answer.name") {
    if (index < message_.answers.size()) name_offset = message_.answers[index].name_offset;
  }
  if (!name_offset || !read_name(message_.bytes, *name_offset, &name_).valid) return std::nullopt;
  return std::span(reinterpret_cast<const uint8_t*>(name_.chars.data()), name_.length);
}

}  // namespace rampart::proto::dns
