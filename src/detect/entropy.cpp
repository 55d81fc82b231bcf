#include "detect/entropy.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace rampart::detect {

// Summed in byte order, as Suricata does, so the logged value is the same double.
double shannon_entropy(std::span<const uint8_t> data) {
  if (data.empty()) return 0.0;
  std::array<uint32_t, 256> counts{};
  for (uint8_t byte : data) ++counts[byte];
  const auto length = static_cast<double>(data.size());
  double entropy = 0.0;
  for (uint32_t count : counts) {
    if (count == 0) continue;
    const double p = count / length;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

std::optional<double> EntropyCondition::measure(std::span<const uint8_t> buffer) const {
  if (offset > buffer.size() || (offset == buffer.size() && !buffer.empty())) return std::nullopt;
  auto window = buffer.subspan(offset);
  if (bytes != 0) window = window.first(std::min<size_t>(bytes, window.size()));
  return shannon_entropy(window);
}

bool EntropyCondition::holds(double entropy) const {
  switch (op) {
    case Op::Equal: return entropy == value;
    case Op::NotEqual: return entropy != value;
    case Op::Less: return entropy < value;
    case Op::LessOrEqual: return entropy <= value;
    case Op::Greater: return entropy > value;
    case Op::GreaterOrEqual: return entropy >= value;
    case Op::Between: return entropy > value && entropy < upper;
    case Op::NotBetween: return !(entropy > value && entropy < upper);
  }
  return false;
}

}  // namespace rampart::detect
