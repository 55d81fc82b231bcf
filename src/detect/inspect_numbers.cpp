#include "detect/inspect_numbers.hpp"

#include <array>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace rampart::detect {

namespace {

// The longest number string Suricata accepts (an octal uint64 with a leading zero).
constexpr size_t kMaxStringDigits = 23;

int base_of(NumberBase base) {
  switch (base) {
    case NumberBase::Hex: return 16;
    case NumberBase::Octal: return 8;
    default: return 10;
  }
}

std::optional<NumberRead> read_string_number(NumberBase base, std::span<const uint8_t> digits, size_t start) {
  if (digits.empty() || digits.size() > kMaxStringDigits) return std::nullopt;
  std::array<char, kMaxStringDigits + 1> text{};
  std::memcpy(text.data(), digits.data(), digits.size());
  char* stop = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text.data(), &stop, base_of(base));
  if (errno == ERANGE || stop == text.data()) return std::nullopt;
  return NumberRead{value, start + static_cast<size_t>(stop - text.data())};
}

NumberRead read_binary_number(Endian endian, std::span<const uint8_t> bytes, size_t start) {
  uint64_t value = 0;
  if (endian == Endian::Big) {
    for (uint8_t byte : bytes) value = (value << 8) | byte;
  } else {
    for (size_t i = bytes.size(); i > 0; --i) value = (value << 8) | bytes[i - 1];
  }
  return NumberRead{value, start + bytes.size()};
}

}  // namespace

std::optional<NumberRead> read_number(const ByteReadSpec& spec, int64_t offset, std::span<const uint8_t> buffer,
                                      size_t position) {
  const auto size = static_cast<int64_t>(buffer.size());
  int64_t start = (spec.relative ? static_cast<int64_t>(position) : 0) + offset;
  if (spec.relative && spec.bytes != 0 && size - start <= 0) return std::nullopt;
  if (start < 0 || start > size) return std::nullopt;
  auto rest = buffer.subspan(static_cast<size_t>(start));
  bool whole_rest = spec.bytes == 0 && spec.base != NumberBase::Binary;
  size_t width = whole_rest ? rest.size() : spec.bytes;
  if (width > rest.size()) return std::nullopt;
  auto bytes = rest.first(width);
  if (spec.base == NumberBase::Binary) return read_binary_number(spec.endian, bytes, static_cast<size_t>(start));
  return read_string_number(spec.base, bytes, static_cast<size_t>(start));
}

uint64_t apply_bitmask(uint64_t value, uint32_t bitmask) {
  value &= bitmask;
  if (value != 0 && bitmask != 0) value >>= std::countr_zero(bitmask);
  return value;
}

bool compare_number(std::string_view op, uint64_t read, uint64_t value) {
  if (op == "<") return read < value;
  if (op == ">") return read > value;
  if (op == "=") return read == value;
  if (op == "<=") return read <= value;
  if (op == ">=") return read >= value;
  if (op == "&") return (read & value) != 0;
  if (op == "^") return (read ^ value) != 0;
  return false;
}

std::optional<uint64_t> byte_math_apply(std::string_view op, uint64_t value, uint64_t rvalue) {
  if (op == "+") return value + rvalue;
  if (op == "-") return value - rvalue;
  if (op == "*") return value * rvalue;
  if (op == "/") return rvalue == 0 ? std::nullopt : std::optional<uint64_t>(value / rvalue);
  if (op == "<<") return rvalue >= 64 ? 0 : value << rvalue;
  if (op == ">>") return rvalue >= 64 ? 0 : value >> rvalue;
  return std::nullopt;
}

std::optional<size_t> byte_jump_target(const ByteJump& jump, const NumberRead& read, size_t buffer_size) {
  uint64_t distance = read.value * jump.multiplier;
  if (jump.align && distance % 4 != 0) distance += 4 - distance % 4;
  distance += static_cast<uint64_t>(jump.post_offset);
  int64_t base = 0;
  if (jump.from == ByteJump::From::End) base = static_cast<int64_t>(buffer_size);
  else if (jump.from == ByteJump::From::Current) base = static_cast<int64_t>(read.end);
  int64_t target = 0;
  if (__builtin_add_overflow(base, static_cast<int64_t>(distance), &target)) return std::nullopt;
  if (target < 0) return 0;
  if (target > static_cast<int64_t>(buffer_size)) return std::nullopt;
  return static_cast<size_t>(target);
}

}  // namespace rampart::detect
