#include "detect/xbit_match.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "detect/variable_names.hpp"

namespace rampart::detect {

namespace {

std::optional<CompiledXbit::Op> xbit_op(std::string_view command) {
  using Op = CompiledXbit::Op;
  if (command == "set") return Op::Set;
  if (command == "unset") return Op::Unset;
  if (command == "toggle") return Op::Toggle;
  if (command == "isset") return Op::IsSet;
  if (command == "isnotset") return Op::IsNotSet;
  return std::nullopt;
}

std::optional<CompiledXbit::Track> xbit_track(std::string_view track) {
  using Track = CompiledXbit::Track;
  if (track == "ip_src") return Track::Source;
  if (track == "ip_dst") return Track::Destination;
  if (track == "ip_pair") return Track::Pair;
  return std::nullopt;
}

HostBitStore::Key key_of(const CompiledXbit& x, const IpAddress& src, const IpAddress& dst) {
  switch (x.track) {
    case CompiledXbit::Track::Source: return HostBitStore::host(src);
    case CompiledXbit::Track::Destination: return HostBitStore::host(dst);
    case CompiledXbit::Track::Pair: return HostBitStore::pair(src, dst);
  }
  return HostBitStore::host(src);
}

bool is_check(const CompiledXbit& x) { return x.op == CompiledXbit::Op::IsSet || x.op == CompiledXbit::Op::IsNotSet; }

}  // namespace

std::expected<std::vector<CompiledXbit>, std::string> compile_xbits(const Signature& sig) {
  std::vector<CompiledXbit> out;
  for (const auto& x : sig.xbits) {
    auto op = xbit_op(x.command);
    auto track = xbit_track(x.track);
    if (!op) return std::unexpected(fmt::format("xbits command '{}' is not supported", x.command));
    if (!track) return std::unexpected(fmt::format("xbits track {} is not supported", x.track));
    out.push_back({*op, *track, intern_variable_name(x.name), x.expire.value_or(HostBitStore::kDefaultExpireSeconds)});
  }
  return out;
}

bool xbits_hold(std::span<const CompiledXbit> xbits, const IpAddress& src, const IpAddress& dst, uint64_t now_usec) {
  auto& store = HostBitStore::process();
  return std::all_of(xbits.begin(), xbits.end(), [&](const CompiledXbit& x) {
    if (!is_check(x)) return true;
    return store.is_set(key_of(x, src, dst), x.id, now_usec) == (x.op == CompiledXbit::Op::IsSet);
  });
}

void apply_xbits(std::span<const CompiledXbit> xbits, const IpAddress& src, const IpAddress& dst, uint64_t now_usec) {
  auto& store = HostBitStore::process();
  for (const auto& x : xbits) {
    auto key = key_of(x, src, dst);
    switch (x.op) {
      case CompiledXbit::Op::Set: store.set(key, x.id, now_usec, x.expire_seconds); break;
      case CompiledXbit::Op::Unset: store.unset(key, x.id); break;
      case CompiledXbit::Op::Toggle: store.toggle(key, x.id, now_usec, x.expire_seconds); break;
      case CompiledXbit::Op::IsSet:
      case CompiledXbit::Op::IsNotSet: break;
    }
  }
}

}  // namespace rampart::detect
