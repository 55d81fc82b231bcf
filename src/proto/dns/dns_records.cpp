#include "proto/dns/dns_records.hpp"

#include <charconv>

#include "proto/dns/dns_types.hpp"
#include "proto/dns/rdata_format.hpp"
#include "proto/dns/rdata_reader.hpp"

namespace rampart::proto::dns {

namespace {

// Does the schema give this section a structured object for the type?
bool has_object(Section section, uint16_t type) {
  switch (type) {
    case rrtype::kSoa: return section != Section::Additional;
    case rrtype::kSrv:
    case rrtype::kSshfp: return section == Section::Answer;
    case rrtype::kOpt: return section == Section::Additional;
    default: return false;
  }
}

void write_soa_fields(JsonWriter& w, const Message& m, const Record& r) {
  RdataReader in(m, r);
  NameText mname, rname;
  NameRead mname_read = in.name(mname);
  in.name(rname);
  uint32_t serial = in.u32(), refresh = in.u32(), retry = in.u32(), expire = in.u32(), minimum = in.u32();
  if (!in.ok()) return;
  w.field("mname", mname.view());
  if (mname_read.too_long) w.field("mname_truncated", true);
  w.field("rname", rname.view());
  w.field("serial", serial).field("refresh", refresh).field("retry", retry);
  w.field("expire", expire).field("minimum", minimum);
}

void write_srv_fields(JsonWriter& w, const Message& m, const Record& r) {
  RdataReader in(m, r);
  uint16_t priority = in.u16(), weight = in.u16(), port = in.u16();
  NameText target;
  in.name(target);
  if (!in.ok()) return;
  w.field("name", target.view());
  w.field("port", uint32_t{port}).field("priority", uint32_t{priority}).field("weight", uint32_t{weight});
}

void write_sshfp_fields(JsonWriter& w, const Message& m, const Record& r, std::string& scratch) {
  RdataReader in(m, r);
  uint8_t algo = in.u8(), type = in.u8();
  if (!in.ok()) return;
  scratch.clear();
  append_hex(scratch, in.rest(), ':');
  w.field("algo", uint32_t{algo}).field("type", uint32_t{type});
  w.field("fingerprint", scratch);
}

void write_opt_array(JsonWriter& w, const Message& m, const Record& r, std::string& scratch) {
  RdataReader in(m, r);
  if (in.remaining() == 0) return;
  w.begin_array("opt");
  while (in.remaining() >= 4) {
    uint16_t code = in.u16(), length = in.u16();
    auto data = in.bytes(length);
    if (!in.ok()) break;
    scratch.clear();
    append_hex(scratch, data, '\0');
    w.begin_object().field("code", uint32_t{code}).field("data", scratch).end_object();
  }
  w.end_array();
}

void write_object(JsonWriter& w, const Message& m, const Record& r, std::string& scratch) {
  switch (r.type) {
    case rrtype::kSoa:
      w.begin_object("soa");
      write_soa_fields(w, m, r);
      w.end_object();
      return;
    case rrtype::kSrv:
      w.begin_object("srv");
      write_srv_fields(w, m, r);
      w.end_object();
      return;
    case rrtype::kSshfp:
      w.begin_object("sshfp");
      write_sshfp_fields(w, m, r, scratch);
      w.end_object();
      return;
    case rrtype::kOpt: write_opt_array(w, m, r, scratch); return;
    default: return;
  }
}

void write_head(JsonWriter& w, const Message& m, const Record& r, Section section) {
  NameText name;
  NameRead read = read_name(m.bytes, r.name_offset, &name);
  w.field("rrname", name.view());
  if (read.too_long && section == Section::Authority) w.field("rrname_truncated", true);
  NameScratch type_scratch;
  w.plain_field("rrtype", rrtype_name(r.type, type_scratch));
  w.field("ttl", r.ttl);
}

// TXT data is a sequence of strings: Suricata logs one entry per string.
void write_txt_record(JsonWriter& w, const Message& m, const Record& r, Section section) {
  RdataReader in(m, r);
  bool any = false;
  while (in.remaining() > 0) {
    auto text = in.bytes(in.u8());
    if (!in.ok()) break;
    w.begin_object();
    write_head(w, m, r, section);
    w.field("rdata", as_text(text));
    w.end_object();
    any = true;
  }
  if (!any) {
    w.begin_object();
    write_head(w, m, r, section);
    w.field("rdata", std::string_view{});
    w.end_object();
  }
}

// One type's array in "grouped", opened at its first entry so it is never empty.
class GroupArray {
 public:
  GroupArray(JsonWriter& w, uint16_t type) : w_(w), type_(type) {}
  ~GroupArray() {
    if (open_) w_.end_array();
  }
  GroupArray(const GroupArray&) = delete;
  GroupArray& operator=(const GroupArray&) = delete;
  JsonWriter& next() {
    if (!open_) {
      NameScratch scratch;
      w_.begin_array(rrtype_name(type_, scratch));
      open_ = true;
    }
    return w_;
  }

 private:
  JsonWriter& w_;
  uint16_t type_;
  bool open_ = false;
};

void write_grouped_entry(GroupArray& group, JsonWriter& w, const Message& m, const Record& r, std::string& scratch) {
  switch (r.type) {
    case rrtype::kSoa:
      group.next().begin_object();
      write_soa_fields(w, m, r);
      w.end_object();
      return;
    case rrtype::kSrv:
      group.next().begin_object();
      write_srv_fields(w, m, r);
      w.end_object();
      return;
    case rrtype::kSshfp:
      group.next().begin_object();
      write_sshfp_fields(w, m, r, scratch);
      w.end_object();
      return;
    case rrtype::kTxt: {
      RdataReader in(m, r);
      if (in.remaining() == 0) group.next().element(std::string_view{});
      while (in.remaining() > 0) {
        auto text = in.bytes(in.u8());
        if (in.ok()) group.next().element(as_text(text));
      }
      return;
    }
    default:
      if (format_rdata(m, r, scratch).valid) group.next().element(std::string_view(scratch));
  }
}

}  // namespace

void write_record(JsonWriter& w, const Message& m, const Record& r, Section section, std::string& scratch) {
  if (r.type == rrtype::kTxt) {
    write_txt_record(w, m, r, section);
    return;
  }
  w.begin_object();
  write_head(w, m, r, section);
  if (has_object(section, r.type)) {
    write_object(w, m, r, scratch);
  } else {
    RdataText text = format_rdata(m, r, scratch);
    if (text.valid) {
      w.field("rdata", scratch);
      if (text.truncated && section == Section::Authority) w.field("rdata_truncated", true);
    }
  }
  w.end_object();
}

void write_grouped(JsonWriter& w, const Message& m, std::string& scratch) {
  static constexpr uint16_t kGroupedTypes[] = {rrtype::kA,   rrtype::kAaaa, rrtype::kCname, rrtype::kMx,
                                               rrtype::kNs,  rrtype::kNull, rrtype::kPtr,   rrtype::kSoa,
                                               rrtype::kSrv, rrtype::kSshfp, rrtype::kTxt};
  w.begin_object("grouped");
  for (uint16_t type : kGroupedTypes) {
    GroupArray group(w, type);
    for (const Record& r : m.answers)
      if (r.type == type) write_grouped_entry(group, w, m, r, scratch);
  }
  w.end_object();
}

void write_section(JsonWriter& w, std::string_view key, const Message& m, const std::vector<Record>& records,
                   Section section, std::string& scratch) {
  if (records.empty()) return;
  w.begin_array(key);
  for (const Record& r : records) write_record(w, m, r, section, scratch);
  w.end_array();
}

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

}  // namespace rampart::proto::dns
