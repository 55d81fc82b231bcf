// The rule buffers of a DNS message as Suricata 8 gives them. Names are in the
// dotted text form of the EVE record (no trailing dot, the root empty), one value
// per question (dns.query only for queries, dns.queries.rrname for any message)
// or per record of a section (dns.answers.rrname, alias dns.answer.name;
// dns.authorities.rrname; dns.additionals.rrname). dns.response.rrname walks a
// response: its question names, then for every answer, authority and additional
// record its name and, for the types whose data is a name (CNAME, PTR, MX, NS,
// SOA's mname), that name. dns.opcode and dns.rcode (the header's) and
// dns.rrtype (one per question) are 16-bit numbers.
#include "proto/dns/dns_eve.hpp"
#include "proto/dns/dns_types.hpp"

namespace rampart::proto::dns {

namespace {

// The offset of the name a record's data holds, for the types whose data is one.
std::optional<uint32_t> rdata_name_offset(const Record& r) {
  switch (r.type) {
    case rrtype::kCname:
    case rrtype::kPtr:
    case rrtype::kNs:
    case rrtype::kSoa: return r.rdata_offset;
    case rrtype::kMx: return r.rdata_length > 2 ? std::optional<uint32_t>(r.rdata_offset + 2) : std::nullopt;
    default: return std::nullopt;
  }
}

const std::vector<Record>* section_of(std::string_view name, const Message& m) {
  if (name == "dns.answers.rrname" || name == "dns.answer.name") return &m.answers;
  if (name == "dns.authorities.rrname") return &m.authorities;
  if (name == "dns.additionals.rrname") return &m.additionals;
  return nullptr;
}

// The index-th name dns.response.rrname inspects.
std::optional<uint32_t> response_name_offset(const Message& m, size_t index) {
  if (index < m.questions.size()) return m.questions[index].name_offset;
  index -= m.questions.size();
  for (const auto* section : {&m.answers, &m.authorities, &m.additionals}) {
    for (const Record& r : *section) {
      if (index-- == 0) return r.name_offset;
      if (auto data = rdata_name_offset(r); data && index-- == 0) return data;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::span<const uint8_t>> MessageFields::buffer(std::string_view name, size_t index) const {
  if (auto number = number_buffer(name, index)) return number;
  std::optional<uint32_t> name_offset;
  if (name == "dns.query" || name == "dns.queries.rrname") {
    if (name == "dns.query" && response_) return std::nullopt;
    if (index < message_.questions.size()) name_offset = message_.questions[index].name_offset;
  } else if (const auto* section = section_of(name, message_)) {
    if (index < section->size()) name_offset = (*section)[index].name_offset;
  } else if (name == "dns.response.rrname") {
    if (response_) name_offset = response_name_offset(message_, index);
  }
  if (!name_offset || !read_name(message_.bytes, *name_offset, &name_).valid) return std::nullopt;
  return std::span(reinterpret_cast<const uint8_t*>(name_.chars.data()), name_.length);
}

std::optional<std::span<const uint8_t>> MessageFields::number_buffer(std::string_view name, size_t index) const {
  std::optional<uint16_t> value;
  const Header& h = message_.header;
  if (name == "dns.opcode" && index == 0) value = h.opcode();
  else if (name == "dns.rcode" && index == 0) value = h.rcode();
  else if (name == "dns.rrtype" && index < message_.questions.size()) value = message_.questions[index].type;
  if (!value) return std::nullopt;
  number_ = {static_cast<uint8_t>(*value >> 8), static_cast<uint8_t>(*value & 0xff)};
  return std::span<const uint8_t>(number_);
}

}  // namespace rampart::proto::dns
