#include "stream/overlap_policy.hpp"

namespace rampart::stream {

namespace {

// Policies that take the new bytes whenever the new segment starts before the
// buffered one (BSD-like stacks trim the front of the old segment).
bool new_wins_when_starting_before(OverlapPolicy policy) {
  switch (policy) {
    case OverlapPolicy::Bsd:
    case OverlapPolicy::HpUx10:
    case OverlapPolicy::Irix:
    case OverlapPolicy::Windows:
    case OverlapPolicy::OldLinux:
    case OverlapPolicy::Linux:
    case OverlapPolicy::MacOs:
      return true;
    default:
      return false;
  }
}

// Solaris and HP-UX 11 keep the newest data when it reaches at least as far as
// the buffered segment's end.
bool new_wins_when_reaching_end(OverlapPolicy policy) {
  return policy == OverlapPolicy::Solaris || policy == OverlapPolicy::HpUx11;
}

bool same_start(OverlapPolicy policy, StreamExtent buffered, StreamExtent fresh) {
  if (fresh.end < buffered.end) return false;
  if (fresh.end > buffered.end && policy == OverlapPolicy::Linux) return true;
  return policy == OverlapPolicy::OldLinux || new_wins_when_reaching_end(policy);
}

bool starts_before(OverlapPolicy policy, StreamExtent buffered, StreamExtent fresh) {
  if (fresh.end >= buffered.end && new_wins_when_reaching_end(policy)) return true;
  return new_wins_when_starting_before(policy);
}

bool starts_after(OverlapPolicy policy, StreamExtent buffered, StreamExtent fresh) {
  return fresh.end > buffered.end && new_wins_when_reaching_end(policy);
}

}  // namespace

bool new_data_wins(OverlapPolicy policy, StreamExtent buffered, StreamExtent fresh) {
  if (policy == OverlapPolicy::Last) return true;
  if (policy == OverlapPolicy::First) return false;
  if (fresh.begin == buffered.begin) return same_start(policy, buffered, fresh);
  if (fresh.begin < buffered.begin) return starts_before(policy, buffered, fresh);
  return starts_after(policy, buffered, fresh);
}

}  // namespace rampart::stream
