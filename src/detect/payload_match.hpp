#pragma once
// The inspections a rule runs over one buffer, in rule order: content, pcre, byte_*,
// isdataat, base64_decode. Positions that may come from a byte_extract variable are
// PositionValues; "relative" means relative to the end of the previous match in the buffer.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "detect/compiled_regex.hpp"
#include "detect/numeric_condition.hpp"

namespace rampart::detect {

struct PositionValue {
  int64_t value = 0;
  std::string variable;  // a byte_extract / byte_math result name; value is unused then
  bool is_variable() const { return !variable.empty(); }
  bool operator==(const PositionValue&) const = default;
};

struct FastPatternChop {
  uint16_t offset = 0;
  uint16_t length = 0;
  bool operator==(const FastPatternChop&) const = default;
};

struct ContentMatch {
  std::string pattern;  // raw bytes, |hex| and escapes resolved
  bool negated = false;
  bool nocase = false;
  bool rawbytes = false;
  bool startswith = false;
  bool endswith = false;
  std::optional<PositionValue> depth;
  std::optional<PositionValue> offset;
  std::optional<PositionValue> distance;
  std::optional<PositionValue> within;
  bool fast_pattern = false;  // chosen explicitly by the rule
  bool fast_pattern_only = false;
  std::optional<FastPatternChop> fast_pattern_chop;

  bool is_relative() const { return distance.has_value() || within.has_value(); }
};

// Where a pcre capture is kept once its rule matched (Suricata's flow:, pkt: and alert:
// prefixes): a flowvar of the flow, a pktvar of the packet, alert.context of the alert.
// PacketKey / PacketValue: the pair pkt:key,pkt:value, a pktvar named by the first capture.
enum class CaptureScope : uint8_t { Flow, Packet, Alert, PacketKey, PacketValue };

struct PcreCapture {
  uint32_t group = 0;  // the regex's capturing group
  CaptureScope scope = CaptureScope::Flow;
  std::string name;
  uint32_t flow_var = 0;  // Flow: the name's interned id (variable_names.hpp)
};

struct PcreMatch {
  std::string expression;  // between the slashes
  std::string flags;       // as written, after the closing slash
  bool negated = false;
  bool relative = false;
  bool nocase = false;
  std::shared_ptr<const CompiledRegex> regex;
  std::vector<PcreCapture> captures;  // in the order Suricata stores them
};

enum class Endian { Big, Little, Dce };
enum class NumberBase { Binary, Decimal, Hex, Octal };  // Binary: raw bytes; the others: digits as text

struct ByteReadSpec {
  uint32_t bytes = 0;
  PositionValue offset;
  bool relative = false;
  Endian endian = Endian::Big;
  NumberBase base = NumberBase::Binary;
  std::optional<uint32_t> bitmask;
};

struct ByteTest {
  ByteReadSpec read;
  std::string op;  // <, >, =, <=, >=, &, ^
  bool negated = false;
  PositionValue value;
};

struct ByteJump {
  enum class From { Current, Beginning, End };
  ByteReadSpec read;
  uint32_t multiplier = 1;
  bool align = false;
  From from = From::Current;
  int64_t post_offset = 0;
};

struct ByteExtract {
  ByteReadSpec read;
  std::string name;
  uint32_t multiplier = 1;
  uint32_t align = 0;
};

struct ByteMath {
  ByteReadSpec read;
  std::string op;  // + - * / << >>
  PositionValue rvalue;
  std::string result;
};

struct IsDataAt {
  PositionValue size;
  bool negated = false;
  bool relative = false;
  bool rawbytes = false;
};

// Decodes base64 from the buffer into base64_data for the matches that follow.
struct Base64Decode {
  uint32_t bytes = 0;  // 0: to the end of the buffer
  uint32_t offset = 0;
  bool relative = false;
};

// Decodes ASN.1 BER at a position and checks it for known malformations.
struct Asn1Check {
  bool bitstring_overflow = false;
  bool double_overflow = false;
  std::optional<uint32_t> oversize_length;
  std::optional<int32_t> absolute_offset;
  std::optional<int32_t> relative_offset;
};

using PayloadMatch =
    std::variant<ContentMatch, PcreMatch, ByteTest, ByteJump, ByteExtract, ByteMath, IsDataAt, Base64Decode, Asn1Check>;

}  // namespace rampart::detect
