#include "proto/dns/dns_eve.hpp"

#include "proto/dns/dns_eve_v2.hpp"
#include "proto/dns/dns_name.hpp"
#include "proto/dns/dns_records.hpp"
#include "proto/dns/dns_types.hpp"

namespace rampart::proto::dns {

namespace {

// Suricata's eve version for this layout.
constexpr uint32_t kEveDnsVersion = 3;

void write_queries(JsonWriter& w, const Message& m, const DnsLogOptions& options) {
  if (v2::logged_question_count(m, options) == 0) return;
  w.begin_array("queries");
  for (const Question& q : m.questions) {
    if (!options.logs_rrtype(q.type)) continue;
    NameText name;
    NameRead read = read_name(m.bytes, q.name_offset, &name);
    NameScratch scratch;
    w.begin_object().field("rrname", name.view()).plain_field("rrtype", rrtype_name(q.type, scratch));
    if (read.too_long) w.field("rrname_truncated", true);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

void MessageFields::write(JsonWriter& w) const { write_v3(w, DnsLogOptions{}); }

size_t MessageFields::record_count(const RecordOptions& options) const {
  const DnsLogOptions& o = options.dns;
  if (!(response_ ? o.responses : o.requests)) return 0;
  if (o.version == 2) {
    if (response_) return v2::logs_answer(message_, o) ? 1 : 0;
    return v2::logged_question_count(message_, o);
  }
  // Without a types filter every message is logged, even one without questions.
  return o.rrtypes.empty() || v2::logged_question_count(message_, o) > 0 ? 1 : 0;
}

LogDirection MessageFields::log_direction(const RecordOptions& options, LogDirection given) const {
  // Version 2 heads its answers with the flow's client and server.
  return options.dns.version == 2 ? LogDirection::Flow : given;
}

void MessageFields::write_part(JsonWriter& w, const RecordOptions& options, size_t part) const {
  const DnsLogOptions& o = options.dns;
  if (o.version != 2) {
    write_v3(w, o);
  } else if (response_) {
    v2::write_answer(w, message_, o, scratch_);
  } else if (size_t q = v2::logged_question(message_, o, part); q < message_.questions.size()) {
    v2::write_query(w, message_, message_.questions[q], tx_id_);
  }
}

void MessageFields::write_v3(JsonWriter& w, const DnsLogOptions& options) const {
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
  write_queries(w, message_, options);
  if (options.detailed) write_section(w, "answers", message_, message_.answers, Section::Answer, scratch_);
  if (options.grouped && !message_.answers.empty()) write_grouped(w, message_, scratch_);
  write_section(w, "authorities", message_, message_.authorities, Section::Authority, scratch_);
  write_section(w, "additionals", message_, message_.additionals, Section::Additional, scratch_);
  w.end_object();
}

}  // namespace rampart::proto::dns
