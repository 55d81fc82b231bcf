#include "proto/dns/dns_eve_v2.hpp"

#include "proto/dns/dns_name.hpp"
#include "proto/dns/dns_records.hpp"
#include "proto/dns/dns_types.hpp"

namespace rampart::proto::dns::v2 {

namespace {

constexpr uint32_t kVersion = 2;

void write_question(JsonWriter& w, const Message& m, const Question& q) {
  NameText name;
  read_name(m.bytes, q.name_offset, &name);
  NameScratch scratch;
  w.field("rrname", name.view()).plain_field("rrtype", rrtype_name(q.type, scratch));
}

}  // namespace

size_t logged_question(const Message& m, const DnsLogOptions& options, size_t part) {
  for (size_t i = 0; i < m.questions.size(); ++i)
    if (options.logs_rrtype(m.questions[i].type) && part-- == 0) return i;
  return m.questions.size();
}

size_t logged_question_count(const Message& m, const DnsLogOptions& options) {
  size_t n = 0;
  for (const Question& q : m.questions) n += options.logs_rrtype(q.type) ? 1 : 0;
  return n;
}

bool logs_answer(const Message& m, const DnsLogOptions& options) { return logged_question_count(m, options) > 0; }

void write_query(JsonWriter& w, const Message& m, const Question& q, uint64_t tx_id) {
  w.begin_object("dns");
  w.field("version", kVersion);
  w.plain_field("type", "query");
  w.field("id", uint32_t{m.header.id});
  write_question(w, m, q);
  w.field("tx_id", tx_id);
  if (m.header.z()) w.field("z", true);
  w.field("opcode", uint32_t{m.header.opcode()});
  w.end_object();
}

void write_answer(JsonWriter& w, const Message& m, const DnsLogOptions& options, std::string& scratch) {
  const Header& h = m.header;
  w.begin_object("dns");
  w.field("version", kVersion);
  w.plain_field("type", "answer");
  w.field("id", uint32_t{h.id});
  write_flags(w, h);
  w.field("opcode", uint32_t{h.opcode()});
  if (!m.questions.empty()) write_question(w, m, m.questions.front());
  NameScratch rcode;
  w.plain_field("rcode", rcode_name(h.rcode(), rcode));
  if (options.detailed) write_section(w, "answers", m, m.answers, Section::Answer, scratch);
  if (options.grouped && !m.answers.empty()) write_grouped(w, m, scratch);
  write_section(w, "authorities", m, m.authorities, Section::Authority, scratch);
  w.end_object();
}

}  // namespace rampart::proto::dns::v2
