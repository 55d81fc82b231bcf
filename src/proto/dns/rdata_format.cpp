#include "proto/dns/rdata_format.hpp"

#include <charconv>

#include "proto/dns/dns_types.hpp"
#include "proto/dns/rdata_reader.hpp"

namespace rampart::proto::dns {

namespace {

void append_number(std::string& out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_ipv4(std::string& out, std::span<const uint8_t> a) {
  for (size_t i = 0; i < 4; ++i) {
    if (i > 0) out += '.';
    append_number(out, a[i]);
  }
}

// Suricata writes all eight groups, zero-padded, uncompressed.
void append_ipv6(std::string& out, std::span<const uint8_t> a) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < 16; ++i) {
    if (i > 0 && i % 2 == 0) out += ':';
    out += kHex[a[i] >> 4];
    out += kHex[a[i] & 0xF];
  }
}

// Appends a name read from `in` (the root is empty).
NameRead append_name(std::string& out, RdataReader& in) {
  NameText text;
  NameRead read = in.name(text);
  out.append(text.view());
  return read;
}

RdataText name_rdata(std::string& out, RdataReader& in) {
  NameRead read = append_name(out, in);
  return {.valid = in.ok(), .truncated = read.too_long};
}

void append_type_name(std::string& out, uint16_t type) {
  NameScratch scratch;
  out.append(rrtype_name(type, scratch));
}

std::string_view svc_param_name(uint16_t key) {
  static constexpr std::string_view kNames[] = {"mandatory", "alpn",     "no-default-alpn", "port",
                                                "ipv4hint",  "ech",      "ipv6hint",        "dohpath",
                                                "ohttp"};
  return key < std::size(kNames) ? kNames[key] : std::string_view{};
}

// Whether bytes are well-formed UTF-8 (RFC 3629: no overlongs, surrogates or
// code points above U+10FFFF).
bool is_utf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    uint8_t b = bytes[i];
    size_t extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : 4;
    if (extra == 4 || bytes.size() - i <= extra) return false;
    uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (bytes[i + k] & 0x3F);
    }
    static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

void append_svc_value(std::string& out, uint16_t key, std::span<const uint8_t> value) {
  switch (key) {
    case 1: {  // alpn: length-prefixed protocol ids
      size_t pos = 0;
      while (pos < value.size() && pos + 1 + value[pos] <= value.size()) {
        if (pos > 0) out += ',';
        out.append(as_text(value.subspan(pos + 1, value[pos])));
        pos += 1 + value[pos];
      }
      return;
    }
    case 3:
      if (value.size() == 2) append_number(out, (value[0] << 8) | value[1]);
      return;
    case 4:
    case 6: {
      size_t width = key == 4 ? 4 : 16;
      for (size_t pos = 0; pos + width <= value.size(); pos += width) {
        if (pos > 0) out += ',';
        key == 4 ? append_ipv4(out, value.subspan(pos, 4)) : append_ipv6(out, value.subspan(pos, 16));
      }
      return;
    }
    default: append_hex(out, value, '\0');
  }
}

// "priority target key=value ...": the service binding's parameters in brief.
RdataText svcb_rdata(std::string& out, RdataReader& in) {
  append_number(out, in.u16());
  out += ' ';
  size_t before = out.size();
  NameRead target = append_name(out, in);
  if (out.size() == before) out += '.';
  while (in.ok() && in.remaining() >= 4) {
    uint16_t key = in.u16(), length = in.u16();
    auto value = in.bytes(length);
    if (!in.ok()) break;
    out += ' ';
    if (auto name = svc_param_name(key); !name.empty()) {
      out.append(name);
    } else {
      out += "key";
      append_number(out, key);
    }
    if (!value.empty()) {
      out += '=';
      append_svc_value(out, key, value);
    }
  }
  return {.valid = in.ok(), .truncated = target.too_long};
}

}  // namespace

void append_bytes_text(std::string& out, std::span<const uint8_t> bytes) {
  if (is_utf8(bytes)) {
    out.append(as_text(bytes));
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint8_t b : bytes) {
    if (b < 0x80) {
      out += static_cast<char>(b);
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
}

namespace {

// `flags tag "value"` as in zone files (RFC 8659).
RdataText caa_rdata(std::string& out, RdataReader& in) {
  append_number(out, in.u8());
  out += ' ';
  out.append(as_text(in.bytes(in.u8())));
  out += " \"";
  out.append(as_text(in.rest()));
  out += '"';
  return {.valid = in.ok()};
}

// "key_tag algorithm digest_type DIGEST".
RdataText ds_rdata(std::string& out, RdataReader& in) {
  append_number(out, in.u16());
  out += ' ';
  append_number(out, in.u8());
  out += ' ';
  append_number(out, in.u8());
  out += ' ';
  append_hex(out, in.rest(), '\0');
  return {.valid = in.ok()};
}

// "flags protocol algorithm" and the key's size, not the key itself.
RdataText dnskey_rdata(std::string& out, RdataReader& in) {
  append_number(out, in.u16());
  out += ' ';
  append_number(out, in.u8());
  out += ' ';
  append_number(out, in.u8());
  out += " key_bytes=";
  append_number(out, in.rest().size());
  return {.valid = in.ok()};
}

// "covered algorithm labels original_ttl expiration inception key_tag signer".
RdataText rrsig_rdata(std::string& out, RdataReader& in) {
  append_type_name(out, in.u16());
  for (uint64_t v : {uint64_t{in.u8()}, uint64_t{in.u8()}, uint64_t{in.u32()}, uint64_t{in.u32()},
                     uint64_t{in.u32()}, uint64_t{in.u16()}}) {
    out += ' ';
    append_number(out, v);
  }
  out += ' ';
  NameRead signer = append_name(out, in);
  return {.valid = in.ok(), .truncated = signer.too_long};
}

RdataText address_rdata(std::string& out, std::span<const uint8_t> rdata, size_t size) {
  if (rdata.size() != size) return {};
  size == 4 ? append_ipv4(out, rdata) : append_ipv6(out, rdata);
  return {.valid = true};
}

}  // namespace

void append_hex(std::string& out, std::span<const uint8_t> bytes, char separator) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && separator != '\0') out += separator;
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
}

RdataText format_rdata(const Message& m, const Record& r, std::string& out) {
  out.clear();
  RdataReader in(m, r);
  switch (r.type) {
    case rrtype::kA: return address_rdata(out, m.rdata(r), 4);
    case rrtype::kAaaa: return address_rdata(out, m.rdata(r), 16);
    case rrtype::kCname:
    case rrtype::kNs:
    case rrtype::kPtr: return name_rdata(out, in);
    case rrtype::kMx:  // Suricata shows the exchange, not the preference
      in.u16();
      return name_rdata(out, in);
    case rrtype::kNull: append_bytes_text(out, m.rdata(r)); return {.valid = true};
    case rrtype::kSvcb:
    case rrtype::kHttps: return svcb_rdata(out, in);
    case rrtype::kCaa: return caa_rdata(out, in);
    case rrtype::kDs: return ds_rdata(out, in);
    case rrtype::kDnskey: return dnskey_rdata(out, in);
    case rrtype::kRrsig: return rrsig_rdata(out, in);
    default: append_hex(out, m.rdata(r), '\0'); return {.valid = true};
  }
}

}  // namespace rampart::proto::dns
