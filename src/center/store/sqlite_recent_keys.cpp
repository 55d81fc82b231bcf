#include "center/store/sqlite_recent_keys.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <tuple>

namespace rampart::center::sqlite {

namespace {

bool newer(const AlertCursor& a, const AlertCursor& b) { return std::tie(a.time_us, a.id) > std::tie(b.time_us, b.id); }

// Every filter of query; sensor_id is query.sensor's id (nullopt: unknown sensor).
bool matches(const RecentAlert& alert, const AlertQuery& query, std::optional<int64_t> sensor_id) {
  if (query.since_us && alert.time_us < *query.since_us) return false;
  if (query.until_us && alert.time_us >= *query.until_us) return false;
  if (query.after && !newer(*query.after, AlertCursor{alert.time_us, alert.id})) return false;
  if (query.sensor && sensor_id != alert.sensor_id) return false;
  if (query.signature_id && alert.signature_id != *query.signature_id) return false;
  if (query.src_ip && alert.src_ip != *query.src_ip) return false;
  if (query.dest_ip && alert.dest_ip != *query.dest_ip) return false;
  if (query.any_ip && alert.src_ip != *query.any_ip && alert.dest_ip != *query.any_ip) return false;
  if (query.min_severity && alert.severity > *query.min_severity) return false;
  return true;
}

uint64_t address_hash(std::string_view address) { return std::hash<std::string_view>{}(address); }

}  // namespace

bool uses_key_tables(const AlertQuery& query) {
  return query.signature_id || query.src_ip || query.dest_ip || query.any_ip;
}

void keep_newest(std::vector<AlertCursor>& keys, size_t rows) {
  auto last = keys.begin() + static_cast<std::ptrdiff_t>(std::min(rows, keys.size()));
  std::partial_sort(keys.begin(), last, keys.end(), newer);
  keys.erase(last, keys.end());
}

void RecentKeys::add(RecentAlert alert) {
  signature_ids_.push_back(alert.signature_id);
  src_ip_hashes_.push_back(address_hash(alert.src_ip));
  dest_ip_hashes_.push_back(address_hash(alert.dest_ip));
  newest_time_through_.push_back(
      newest_time_through_.empty() ? alert.time_us : std::max(newest_time_through_.back(), alert.time_us));
  alerts_.push_back(std::move(alert));
}

void RecentKeys::drop_last(size_t count) {
  size_t kept = alerts_.size() - std::min(count, alerts_.size());
  alerts_.resize(kept);
  signature_ids_.resize(kept);
  src_ip_hashes_.resize(kept);
  dest_ip_hashes_.resize(kept);
  newest_time_through_.resize(kept);
}

void RecentKeys::clear() {
  alerts_.clear();
  signature_ids_.clear();
  src_ip_hashes_.clear();
  dest_ip_hashes_.clear();
  newest_time_through_.clear();
}

std::vector<AlertCursor> RecentKeys::newest(const AlertQuery& query, std::optional<int64_t> sensor_id, size_t rows,
                                            IdRange ids) const {
  // The alerts are in id order: those in ids are one stretch of the arrays.
  auto first_above = [this](int64_t bound) {
    auto at_most = [bound](const RecentAlert& alert) { return alert.id <= bound; };
    return static_cast<size_t>(std::partition_point(alerts_.begin(), alerts_.end(), at_most) - alerts_.begin());
  };
  size_t begin = first_above(ids.after);
  size_t end = first_above(ids.through);
  std::vector<AlertCursor> found;
  auto check = [&](size_t position) {
    const RecentAlert& alert = alerts_[position];
    if (matches(alert, query, sensor_id)) found.push_back({alert.time_us, alert.id});
  };
  // The driving key's array is scanned; matches() checks every filter on the alert.
  auto scan = [&](size_t from, size_t to) {
    if (query.any_ip) {
      uint64_t hash = address_hash(*query.any_ip);
      for (size_t i = from; i < to; ++i)
        if (src_ip_hashes_[i] == hash || dest_ip_hashes_[i] == hash) check(i);
    } else if (query.signature_id) {
      for (size_t i = from; i < to; ++i)
        if (signature_ids_[i] == *query.signature_id) check(i);
    } else {
      const auto& hashes = query.src_ip ? src_ip_hashes_ : dest_ip_hashes_;
      uint64_t hash = address_hash(query.src_ip ? *query.src_ip : *query.dest_ip);
      for (size_t i = from; i < to; ++i)
        if (hashes[i] == hash) check(i);
    }
  };
  // Newest blocks first, until no alert before the block can be on the page: alerts
  // come nearly in time order, so a page of a frequent key is found in the last blocks.
  constexpr size_t kBlock = 4096;
  for (size_t to = end; to > begin;) {
    size_t from = to - std::min(kBlock, to - begin);
    scan(from, to);
    to = from;
    if (to > begin && nothing_newer_before(to, query, found, rows)) break;
  }
  keep_newest(found, rows);
  return found;
}

bool RecentKeys::nothing_newer_before(size_t position, const AlertQuery& query, std::vector<AlertCursor>& found,
                                      size_t rows) const {
  int64_t newest_before = newest_time_through_[position - 1];
  if (query.since_us && newest_before < *query.since_us) return true;
  if (found.size() < rows) return false;
  keep_newest(found, rows);
  return newest_before < found.back().time_us;
}

}  // namespace rampart::center::sqlite
