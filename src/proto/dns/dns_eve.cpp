#include "proto/dns/dns_eve.hpp"

#include "proto/dns/dns_name.hpp"
#include "proto/dns/dns_records.hpp"
#include "proto/dns/dns_types.hpp"

namespace rampart::proto::dns {

namespace {

// Suricata's eve version for this layout.
constexpr uint32_t kEveDnsVersion = 3;

void write_flags(JsonWriter& w, const Header& h) {
  // The raw flags in lowercase hex without padding, then the set bits by name.
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[4];
  size_t n = 0;
  bool leading = true;
  for (int shift = 12; shift >= 0; shift -= 4) {
    unsigned digit = (h.flags >> shift) & 0xF;
    if (leading && digit == 0 && shift > 0) continue;
    leading = false;
    buf[n++] = kHex[digit];
  }
  w.plain_field("flags", std::string_view(buf, n));
  struct Bit {
    uint16_t mask;
    std::string_view name;
  };
  static constexpr Bit kBits[] = {{0x8000, "qr"}, {0x0400, "aa"}, {0x0200, "tc"},
                                  {0x0100, "rd"}, {0x0080, "ra"}, {0x0040, "z"}};
  for (const Bit& bit : kBits)
    if ((h.flags & bit.mask) != 0) w.field(bit.name, true);
}

void write_queries(JsonWriter& w, const Message& m) {
  if (m.questions.empty()) return;
  w.begin_array("queries");
  for (const Question& q : m.questions) {
    NameText name;
    NameRead read = read_name(m.bytes, q.name_offset, &name);
    NameScratch scratch;
    w.begin_object().field("rrname", name.view()).plain_field("rrtype", rrtype_name(q.type, scratch));
    if (read.too_long) w.field("rrname_truncated", true);
    w.end_object();
  }
  w.end_array();
}

void write_section(JsonWriter& w, std::string_view key, const Message& m, const std::vector<Record>& records,
                   Section section, std::string& scratch) {
  if (records.empty()) return;
  w.begin_array(key);
  for (const Record& r : records) write_record(w, m, r, section, scratch);
  w.end_array();
}

}  // namespace

void MessageFields::write(JsonWriter& w) const {
  const Header& h = message_.header;
  NameScratch scratch;
  w.begin_object("dns");
  w.field("version", kEveDnsVersion);
  w.plain_field("type", response_ ? "response" : "request");
  w.field("tx_id", tx_id_);
  w.field("id", uint32_t{h.id});
  write_flags(w, h);
  w.field("opcode", uint32_t{h.opcode()});
  w.plain_field("rcode", rcode_name(h.rcode(), scratch));
  write_queries(w, message_);
  write_section(w, "answers", message_, message_.answers, Section::Answer, scratch_);
  if (!message_.answers.empty()) write_grouped(w, message_, scratch_);
  write_section(w, "authorities", message_, message_.authorities, Section::Authority, scratch_);
  write_section(w, "additionals", message_, message_.additionals, Section::Additional, scratch_);
  w.end_object();
}

}  // namespace rampart::proto::dns
