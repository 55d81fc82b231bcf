#include "detect/inspect_base64.hpp"

#include <array>

namespace rampart::detect {

namespace {

constexpr uint8_t kInvalid = 0xff;
constexpr uint8_t kPad = 0xfe;

constexpr std::array<uint8_t, 256> make_alphabet() {
  std::array<uint8_t, 256> table{};
  table.fill(kInvalid);
  constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (uint8_t i = 0; i < 64; ++i) table[static_cast<uint8_t>(kLetters[i])] = i;
  table['='] = kPad;
  return table;
}

constexpr std::array<uint8_t, 256> kAlphabet = make_alphabet();

// Writes the bytes of one group of four sextets (kPad for '='); false when the padding
// is misplaced. strict also rejects non-zero bits that padding leaves unused.
bool decode_group(const std::array<uint8_t, 4>& group, bool strict, uint8_t* out, size_t& written) {
  if (group[0] == kPad || group[1] == kPad) return false;
  out[written++] = static_cast<uint8_t>(group[0] << 2 | group[1] >> 4);
  if (group[2] == kPad) return !strict || (group[3] == kPad && (group[1] & 0x0f) == 0);
  out[written++] = static_cast<uint8_t>(group[1] << 4 | group[2] >> 2);
  if (group[3] == kPad) return !strict || (group[2] & 0x03) == 0;
  out[written++] = static_cast<uint8_t>(group[2] << 6 | group[3]);
  return true;
}

std::optional<size_t> decode_strict(std::span<const uint8_t> input, uint8_t* out) {
  if (input.size() % 4 != 0) return std::nullopt;
  size_t written = 0;
  for (size_t at = 0; at < input.size(); at += 4) {
    std::array<uint8_t, 4> group{};
    for (size_t i = 0; i < 4; ++i) group[i] = kAlphabet[input[at + i]];
    for (uint8_t sextet : group)
      if (sextet == kInvalid) return std::nullopt;
    bool last = at + 4 == input.size();
    if (!last && (group[2] == kPad || group[3] == kPad)) return std::nullopt;
    if (!decode_group(group, true, out, written)) return std::nullopt;
  }
  return written;
}

}  // namespace

std::optional<size_t> decode_base64(std::span<const uint8_t> input, Base64Mode mode, uint8_t* out) {
  if (mode == Base64Mode::Strict) return decode_strict(input, out);
  std::array<uint8_t, 4> group{};
  size_t held = 0;
  size_t written = 0;
  for (uint8_t byte : input) {
    uint8_t sextet = kAlphabet[byte];
    if (sextet == kInvalid) {
      if (mode == Base64Mode::Rfc4648) break;
      continue;
    }
    group[held++] = sextet;
    if (held == 4) {
      if (!decode_group(group, false, out, written)) return std::nullopt;
      held = 0;
    }
  }
  if (held == 0 || mode == Base64Mode::Rfc2045) return written;
  for (size_t i = held; i < 4; ++i) group[i] = kPad;
  if (!decode_group(group, false, out, written)) return std::nullopt;
  return written;
}

}  // namespace rampart::detect
