#include "detect/inspect_base64.hpp"

#include <array>

namespace rampart::detect {

namespace {

constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> make_alphabet() {
  std::array<uint8_t, 256> table{};
  table.fill(kInvalid);
  constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (uint8_t i = 0; i < 64; ++i) table[static_cast<uint8_t>(kLetters[i])] = i;
  return table;
}

constexpr std::array<uint8_t, 256> kAlphabet = make_alphabet();

// Collects 6-bit values and writes a byte whenever 8 bits are complete.
class SextetWriter {
 public:
  explicit SextetWriter(uint8_t* out) : out_(out) {}
  void push(uint8_t sextet) {
    bits_ = (bits_ << 6) | sextet;
    held_ += 6;
    if (held_ >= 8) {
      held_ -= 8;
      out_[written_++] = static_cast<uint8_t>(bits_ >> held_);
      bits_ &= (1u << held_) - 1;
    }
  }
  size_t written() const { return written_; }

 private:
  uint8_t* out_;
  uint32_t bits_ = 0;
  int held_ = 0;
  size_t written_ = 0;
};

bool valid_strict_padding(std::span<const uint8_t> input, size_t first_pad) {
  size_t pads = input.size() - first_pad;
  if (pads > 2 || input.size() % 4 != 0) return false;
  for (size_t i = first_pad; i < input.size(); ++i)
    if (input[i] != '=') return false;
  return true;
}

}  // namespace

std::optional<size_t> decode_base64(std::span<const uint8_t> input, Base64Mode mode, uint8_t* out) {
  SextetWriter writer(out);
  bool unpadded_end = input.empty() || input.back() != '=';
  if (mode == Base64Mode::Strict && unpadded_end && input.size() % 4 != 0) return std::nullopt;
  for (size_t i = 0; i < input.size(); ++i) {
    uint8_t byte = input[i];
    if (byte == '=') {
      if (mode == Base64Mode::Strict && !valid_strict_padding(input, i)) return std::nullopt;
      break;
    }
    uint8_t sextet = kAlphabet[byte];
    if (sextet == kInvalid) {
      if (mode == Base64Mode::Strict) return std::nullopt;
      if (mode == Base64Mode::Rfc4648) break;
      continue;
    }
    writer.push(sextet);
  }
  return writer.written();
}

}  // namespace rampart::detect
