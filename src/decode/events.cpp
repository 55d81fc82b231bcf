#include "decode/events.hpp"

namespace rampart::decode {

namespace {
constexpr std::array<std::string_view, kDecodeEventCount> kEventNames{
#define RAMPART_DECODE_EVENT(id, name) name,
#include "decode/events.def"
#undef RAMPART_DECODE_EVENT
};
}  // namespace

std::string_view event_name(DecodeEvent e) {
  const auto index = static_cast<size_t>(e);
  return index < kEventNames.size() ? kEventNames[index] : std::string_view{};
}

}  // namespace rampart::decode
