#pragma once
// The entropy keyword's condition (Suricata 8): the Shannon entropy, in bits per byte
// (0 to 8), of a window of the buffer compared with a value. Rules use it to spot
// encrypted or packed data where a protocol should carry text.
#include <cstdint>
#include <optional>
#include <span>

namespace rampart::detect {

struct EntropyCondition {
  enum class Op : uint8_t { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Between, NotBetween };
  Op op = Op::Equal;
  double value = 0;
  double upper = 0;     // Between / NotBetween: value < x < upper, or not
  uint32_t offset = 0;  // the window starts here
  uint32_t bytes = 0;   // and has this many bytes (0: to the end of the buffer)
  uint32_t log_var = 0;  // interned name the value is logged under (metadata.entropy)

  // The window's entropy, or nullopt when the buffer ends before the offset.
  std::optional<double> measure(std::span<const uint8_t> buffer) const;
  bool holds(double entropy) const;
  bool operator==(const EntropyCondition&) const = default;
};

// Shannon entropy of data in bits per byte; 0 for no data.
double shannon_entropy(std::span<const uint8_t> data);

}  // namespace rampart::detect
