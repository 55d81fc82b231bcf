#include "proto/smtp/text_probe.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::proto::text {

namespace {

// Lines longer than this without the name are not a greeting.
constexpr size_t kMaxGreetingProbe = 512;

char upper(uint8_t c) { return static_cast<char>(std::toupper(c)); }

// Does data start with `prefix`: Match, NoMatch, or NeedMore if data is a prefix of it.
ProbeResult starts_with(std::span<const uint8_t> data, std::string_view prefix) {
  size_t n = std::min(data.size(), prefix.size());
  for (size_t i = 0; i < n; ++i)
    if (upper(data[i]) != prefix[i]) return ProbeResult::NoMatch;
  return n < prefix.size() ? ProbeResult::NeedMore : ProbeResult::Match;
}

}  // namespace

ProbeResult probe_command(std::span<const uint8_t> data, std::initializer_list<std::string_view> verbs) {
  ProbeResult result = ProbeResult::NoMatch;
  for (std::string_view verb : verbs) {
    ProbeResult r = starts_with(data, verb);
    if (r == ProbeResult::Match) return r;
    if (r == ProbeResult::NeedMore) result = r;
  }
  return result;
}

ProbeResult probe_greeting(std::span<const uint8_t> data, std::string_view name) {
  ProbeResult code = probe_command(data, {"220 ", "220-"});
  if (code != ProbeResult::Match) return code;
  auto end = std::find(data.begin(), data.end(), uint8_t{'\n'});
  std::span<const uint8_t> line(data.begin(), end);
  auto found = std::search(line.begin(), line.end(), name.begin(), name.end(),
                           [](uint8_t a, char b) { return upper(a) == b; });
  if (found != line.end()) return ProbeResult::Match;
  if (end == data.end() && data.size() < kMaxGreetingProbe) return ProbeResult::NeedMore;
  return ProbeResult::NoMatch;
}

}  // namespace rampart::proto::text
