// IPv4/IPv6 fragment reassembly. Each datagram's tracker keeps its data as
// non-overlapping pieces: when a new fragment overlaps buffered data, the policy
// decides per overlap which copy survives (Suricata's target-based policies),
// so reassembly is a plain concatenation.
#include "decode/defrag.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace rampart::decode {

namespace {

constexpr size_t kMaxIpDatagram = 65535;
constexpr size_t kIpv6HeaderLen = 40, kIpv6FragmentHeaderLen = 8;
// Bookkeeping charged to the memcap per buffered piece and tracker, so that
// floods of tiny fragments stay bounded too.
constexpr size_t kPieceOverhead = 64, kTrackerOverhead = 256;

struct Range {
  uint32_t start = 0, end = 0;  // [start, end) in datagram payload bytes
};

// Whether the newly arrived fragment's bytes replace the buffered ones where they
// overlap. Suricata's policies (defrag.c) reduce to a rule on the two fragments'
// extents: BSD keeps the old data unless the new fragment starts earlier; Linux
// also lets a new fragment at the same offset win when it is at least as long;
// Windows and Solaris let the new one win only when it starts earlier and covers
// the old one (Solaris also when it ends at the same place); BSD-right favours the
// fragment starting later; First and Last keep the oldest / newest bytes.
bool new_data_wins(DefragPolicy policy, Range arriving, Range buffered) {
  switch (policy) {
    case DefragPolicy::Bsd:
      return arriving.start < buffered.start;
    case DefragPolicy::BsdRight:
      return arriving.start >= buffered.start;
    case DefragPolicy::Linux:
      return arriving.start < buffered.start || (arriving.start == buffered.start && arriving.end >= buffered.end);
    case DefragPolicy::Windows:
      return arriving.start < buffered.start && arriving.end > buffered.end;
    case DefragPolicy::Solaris:
      return arriving.start < buffered.start && arriving.end >= buffered.end;
    case DefragPolicy::First:
      return false;
    case DefragPolicy::Last:
      return true;
  }
  return false;
}

struct Piece {
  Range span;      // bytes this piece still provides
  Range fragment;  // extent of the fragment the bytes came from (what policies compare)
  std::vector<uint8_t> data;
};

struct TrackerKey {
  IpAddress src, dst;
  uint32_t id = 0;
  uint8_t ip_version = 0;
  uint8_t proto = 0;
  std::array<uint16_t, 3> vlan_ids{};
  uint32_t tunnel_id = 0;
  auto operator<=>(const TrackerKey&) const = default;
};

struct Tracker {
  std::vector<Piece> pieces;         // sorted by span.start, never overlapping
  std::vector<uint8_t> header;       // IP header of the first fragment (IPv6: unfragmentable part)
  uint16_t next_header_field = 0;    // IPv6: byte of `header` to rewrite with next_header
  uint8_t next_header = 0;
  bool have_first = false, have_last = false;
  uint32_t data_len = 0;             // datagram payload length, known from the last fragment
  uint64_t last_seen_usec = 0;
  uint64_t sequence = 0;             // creation order, for oldest-first eviction
  size_t fragments = 0;
  size_t charged = kTrackerOverhead; // bytes counted against the memcap
};

// Removes `cut` from `piece`, appending what survives (0, 1 or 2 pieces) to out.
void split_around(Piece& piece, Range cut, std::vector<Piece>& out) {
  if (piece.span.start < cut.start) {
    Piece left{{piece.span.start, cut.start}, piece.fragment, {}};
    left.data.assign(piece.data.begin(), piece.data.begin() + (cut.start - piece.span.start));
    out.push_back(std::move(left));
  }
  if (cut.end < piece.span.end) {
    Piece right{{cut.end, piece.span.end}, piece.fragment, {}};
    right.data.assign(piece.data.begin() + (cut.end - piece.span.start), piece.data.end());
    out.push_back(std::move(right));
  }
}

// Subtracts `cut` from every range in `ranges`.
void subtract(std::vector<Range>& ranges, Range cut) {
  std::vector<Range> kept;
  for (const Range r : ranges) {
    if (cut.end <= r.start || r.end <= cut.start) {
      kept.push_back(r);
      continue;
    }
    if (r.start < cut.start) kept.push_back({r.start, cut.start});
    if (cut.end < r.end) kept.push_back({cut.end, r.end});
  }
  ranges = std::move(kept);
}

size_t charge_of(const Piece& piece) { return piece.data.size() + kPieceOverhead; }

}  // namespace

struct Defragmenter::Impl {
  DefragConfig config;
  DefragStats stats;
  std::map<TrackerKey, Tracker> trackers;
  std::map<uint64_t, TrackerKey> by_age;  // creation sequence -> key
  uint64_t next_sequence = 0;
  size_t buffered = 0;
  std::vector<uint8_t> output;

  explicit Impl(DefragConfig c) : config(c) {}

  void drop(std::map<TrackerKey, Tracker>::iterator it) {
    buffered -= it->second.charged;
    by_age.erase(it->second.sequence);
    trackers.erase(it);
  }

  // Evicts the oldest trackers other than `keep` until the memcap holds.
  void enforce_memcap(const TrackerKey& keep) {
    auto age = by_age.begin();
    while (buffered > config.memcap && age != by_age.end()) {
      if (age->second == keep) {
        ++age;
        continue;
      }
      const auto victim = trackers.find(age->second);
      ++age;
      drop(victim);
      ++stats.memcap_evictions;
    }
  }

  // Inserts one fragment's data; returns true when it overlapped buffered data.
  bool insert(Tracker& tracker, Range arriving, Bytes data) {
    std::vector<Range> survivors{arriving};
    std::vector<Piece> kept;
    bool overlap = false;
    for (Piece& piece : tracker.pieces) {
      const bool overlaps = piece.span.start < arriving.end && arriving.start < piece.span.end;
      if (!overlaps) {
        kept.push_back(std::move(piece));
        continue;
      }
      overlap = true;
      if (new_data_wins(config.policy, arriving, piece.fragment)) {
        tracker.charged -= charge_of(piece);
        buffered -= charge_of(piece);
        const size_t before = kept.size();
        split_around(piece, arriving, kept);
        for (size_t i = before; i < kept.size(); ++i) {
          tracker.charged += charge_of(kept[i]);
          buffered += charge_of(kept[i]);
        }
      } else {
        subtract(survivors, piece.span);
        kept.push_back(std::move(piece));
      }
    }
    for (const Range r : survivors) {
      Piece piece{r, arriving, {}};
      piece.data.assign(data.begin() + (r.start - arriving.start), data.begin() + (r.end - arriving.start));
      tracker.charged += charge_of(piece);
      buffered += charge_of(piece);
      kept.push_back(std::move(piece));
    }
    std::ranges::sort(kept, {}, [](const Piece& p) { return p.span.start; });
    tracker.pieces = std::move(kept);
    return overlap;
  }

  static bool complete(const Tracker& tracker) {
    if (!tracker.have_first || !tracker.have_last) return false;
    uint32_t covered = 0;
    for (const Piece& piece : tracker.pieces) {
      if (piece.span.start > covered) return false;
      covered = std::max(covered, piece.span.end);
      if (covered >= tracker.data_len) return true;
    }
    return covered >= tracker.data_len;
  }

  // Writes header + payload into `output` and fixes the header up.
  Bytes assemble(const Tracker& tracker, uint8_t ip_version) {
    const size_t header_len = tracker.header.size();
    output.assign(tracker.header.begin(), tracker.header.end());
    output.resize(header_len + tracker.data_len);
    for (const Piece& piece : tracker.pieces) {
      if (piece.span.start >= tracker.data_len) break;
      const size_t length = std::min<size_t>(piece.span.end, tracker.data_len) - piece.span.start;
      std::copy_n(piece.data.begin(), length, output.begin() + static_cast<ptrdiff_t>(header_len + piece.span.start));
    }
    if (ip_version == 4) {
      fix_ipv4_header();
    } else {
      fix_ipv6_header(tracker);
    }
    return output;
  }

  void fix_ipv4_header() {
    const size_t total = output.size();
    output[2] = static_cast<uint8_t>(total >> 8);
    output[3] = static_cast<uint8_t>(total);
    output[6] = output[7] = 0;  // flags and fragment offset
    output[10] = output[11] = 0;
    const size_t hlen = size_t{output[0] & 0x0fu} * 4;
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < hlen; i += 2) sum += load_be16(output.data() + i);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    const auto checksum = static_cast<uint16_t>(~sum);
    output[10] = static_cast<uint8_t>(checksum >> 8);
    output[11] = static_cast<uint8_t>(checksum);
  }

  void fix_ipv6_header(const Tracker& tracker) {
    const size_t payload_len = output.size() - kIpv6HeaderLen;
    output[4] = static_cast<uint8_t>(payload_len >> 8);
    output[5] = static_cast<uint8_t>(payload_len);
    output[tracker.next_header_field] = tracker.next_header;
  }

  std::optional<Bytes> add(Packet& fragment);
};

std::optional<Bytes> Defragmenter::Impl::add(Packet& fragment) {
  const bool v4 = fragment.ip_version == 4;
  if (!fragment.is_fragment || (!v4 && fragment.ip_version != 6)) return std::nullopt;
  const FragmentInfo& info = fragment.frag;
  // The unfragmentable part the reassembled datagram starts with.
  const size_t header_len = v4 ? fragment.ip_header.size() : info.header_offset;
  if (!v4 && (size_t{info.header_offset} + kIpv6FragmentHeaderLen != fragment.ip_header.size() ||
              info.next_header_field >= info.header_offset)) {
    return std::nullopt;
  }
  ++(v4 ? stats.ipv4_fragments : stats.ipv6_fragments);

  const Bytes data = fragment.payload;
  const Range arriving{info.offset, static_cast<uint32_t>(info.offset + data.size())};
  const size_t payload_limit = v4 ? kMaxIpDatagram - header_len : kMaxIpDatagram - (header_len - kIpv6HeaderLen);
  if (arriving.end > payload_limit) {
    fragment.events.add(v4 ? DecodeEvent::Ipv4FragPktTooLarge : DecodeEvent::Ipv6FragPktTooLarge);
    ++stats.too_large;
    return std::nullopt;
  }
  if (!v4 && info.more && data.size() % 8 != 0) return std::nullopt;  // decoder raised frag_invalid_length

  const TrackerKey key{fragment.src, fragment.dst, info.id, fragment.ip_version,
                       v4 ? fragment.ip_proto : info.next_header, fragment.vlan_ids, fragment.tunnel.id};
  auto it = trackers.find(key);
  if (it != trackers.end() && fragment.ts_usec > it->second.last_seen_usec + config.timeout_usec) {
    drop(it);
    ++stats.timeouts;
    it = trackers.end();
  }
  if (it == trackers.end()) {
    it = trackers.emplace(key, Tracker{}).first;
    it->second.sequence = next_sequence++;
    by_age.emplace(it->second.sequence, key);
    buffered += it->second.charged;
  }
  Tracker& tracker = it->second;
  tracker.last_seen_usec = std::max(tracker.last_seen_usec, fragment.ts_usec);
  if (++tracker.fragments > config.max_frags_per_datagram) {
    drop(it);
    ++stats.too_many_fragments;
    return std::nullopt;
  }
  if (info.offset == 0 && !tracker.have_first) {
    tracker.have_first = true;
    tracker.header.assign(fragment.ip_header.begin(), fragment.ip_header.begin() + static_cast<ptrdiff_t>(header_len));
    tracker.next_header_field = info.next_header_field;
    tracker.next_header = info.next_header;
    buffered += tracker.header.size();
    tracker.charged += tracker.header.size();
  }
  if (!info.more && !tracker.have_last) {
    tracker.have_last = true;
    tracker.data_len = arriving.end;
  }
  if (!data.empty() && insert(tracker, arriving, data)) {
    fragment.events.add(v4 ? DecodeEvent::Ipv4FragOverlap : DecodeEvent::Ipv6FragOverlap);
    ++stats.overlaps;
  }
  enforce_memcap(key);
  if (buffered > config.memcap) {  // this datagram alone exceeds the cap
    drop(it);
    ++stats.memcap_evictions;
    return std::nullopt;
  }
  if (!complete(tracker)) return std::nullopt;
  const Bytes datagram = assemble(tracker, fragment.ip_version);
  ++(v4 ? stats.ipv4_reassembled : stats.ipv6_reassembled);
  drop(it);
  return datagram;
}

Defragmenter::Defragmenter(DefragConfig config) : impl_(std::make_unique<Impl>(config)) {}
Defragmenter::~Defragmenter() = default;
Defragmenter::Defragmenter(Defragmenter&&) noexcept = default;
Defragmenter& Defragmenter::operator=(Defragmenter&&) noexcept = default;

std::optional<Bytes> Defragmenter::add(Packet& fragment) { return impl_->add(fragment); }

void Defragmenter::expire(uint64_t now_usec) {
  for (auto it = impl_->trackers.begin(); it != impl_->trackers.end();) {
    const auto current = it++;
    if (current->second.last_seen_usec + impl_->config.timeout_usec < now_usec) {
      impl_->drop(current);
      ++impl_->stats.timeouts;
    }
  }
}

const DefragStats& Defragmenter::stats() const { return impl_->stats; }

}  // namespace rampart::decode
