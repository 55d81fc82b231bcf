#include "intel_match/indicator_set.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "intel/cidr.hpp"

namespace rampart::intel_match {

namespace {

using intel::SensorIndicatorKind;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return out;
}

// Host without a default port and without a trailing dot, lower case.
std::string normalise_host(std::string_view host, std::string_view default_port) {
  if (auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(']') == std::string_view::npos &&
                                     host.find(':') == colon && host.substr(colon + 1) == default_port)
    host = host.substr(0, colon);
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return lower(host);
}

uint32_t v4_value(const std::array<uint8_t, 16>& bytes) {
  return static_cast<uint32_t>(bytes[0]) << 24 | static_cast<uint32_t>(bytes[1]) << 16 |
         static_cast<uint32_t>(bytes[2]) << 8 | bytes[3];
}

uint32_t v4_mask(int prefix) { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }

uint64_t v4_key(uint32_t address, int prefix) {
  return static_cast<uint64_t>(prefix) << 32 | (address & v4_mask(prefix));
}

std::pair<uint64_t, uint64_t> v6_halves(const std::array<uint8_t, 16>& bytes) {
  uint64_t high = 0, low = 0;
  for (size_t i = 0; i < 8; ++i) high = high << 8 | bytes[i];
  for (size_t i = 8; i < 16; ++i) low = low << 8 | bytes[i];
  return {high, low};
}

std::pair<uint64_t, uint64_t> v6_masked(std::pair<uint64_t, uint64_t> value, int prefix) {
  auto mask = [](int bits) { return bits <= 0 ? uint64_t{0} : bits >= 64 ? ~uint64_t{0} : ~uint64_t{0} << (64 - bits); };
  return {value.first & mask(prefix), value.second & mask(prefix - 64)};
}

void insert_prefix(std::vector<int>& prefixes, int prefix) {
  if (std::find(prefixes.begin(), prefixes.end(), prefix) != prefixes.end()) return;
  prefixes.push_back(prefix);
  std::sort(prefixes.begin(), prefixes.end(), std::greater<>());
}

detect::CompiledRule intel_rule(const IndicatorEntry& entry, uint32_t rank) {
  detect::CompiledRule rule;
  rule.id = rank;
  rule.sig.meta.gid = kIntelGid;
  rule.sig.meta.sid = rank + 1;
  rule.sig.meta.rev = 1;
  rule.sig.meta.msg = fmt::format("Rampart intel: {}", entry.name.empty() ? entry.id : entry.name);
  rule.sig.meta.priority = 2;
  rule.sig.meta.metadata.emplace_back("stix_indicator_id", entry.id);
  return rule;
}

}  // namespace

std::optional<std::string> url_match_key(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  std::string scheme = lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  if (authority.empty()) return std::nullopt;
  std::string key = normalise_host(authority, scheme == "https" ? "443" : "80");
  key += target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  return key;
}

std::string request_match_key(std::string_view host, std::string_view uri) {
  if (uri.starts_with("http://") || uri.starts_with("https://"))
    if (auto absolute = url_match_key(uri)) return *absolute;
  std::string key = normalise_host(host, "80");
  key += uri.empty() || uri.front() != '/' ? "/" + std::string(uri) : std::string(uri);
  return key;
}

std::shared_ptr<const IndicatorSet> IndicatorSet::build(const std::vector<IndicatorEntry>& entries, int64_t now_us) {
  auto set = std::make_shared<IndicatorSet>();
  set->rules_.reserve(entries.size());
  for (const auto& entry : entries) {
    if (entry.valid_until_us && *entry.valid_until_us <= now_us) continue;
    auto rank = static_cast<uint32_t>(set->rules_.size());
    set->rules_.push_back(intel_rule(entry, rank));
    for (const auto& observable : entry.observables) set->add(observable, rank);
  }
  set->stats_.indicators = set->rules_.size();
  return set;
}

void IndicatorSet::add(const intel::SensorIndicator& observable, uint32_t rule) {
  switch (observable.kind) {
    case SensorIndicatorKind::Ipv4Cidr:
    case SensorIndicatorKind::Ipv6Cidr: {
      auto cidr = intel::parse_cidr(observable.value);
      if (!cidr) return;
      ++stats_.addresses;
      if (cidr->family == 4) {
        v4_.try_emplace(v4_key(v4_value(cidr->bytes), cidr->prefix_length), rule);
        insert_prefix(v4_prefixes_, cidr->prefix_length);
      } else {
        auto [high, low] = v6_masked(v6_halves(cidr->bytes), cidr->prefix_length);
        v6_.try_emplace(V6Key{high, low, cidr->prefix_length}, rule);
        insert_prefix(v6_prefixes_, cidr->prefix_length);
      }
      return;
    }
    case SensorIndicatorKind::Domain:
      ++stats_.domains;
      domains_.try_emplace(normalise_host(observable.value, ""), rule);
      return;
    case SensorIndicatorKind::Url:
      if (auto key = url_match_key(observable.value)) {
        ++stats_.urls;
        urls_.try_emplace(std::move(*key), rule);
      }
      return;
    case SensorIndicatorKind::Md5:
    case SensorIndicatorKind::Sha1:
    case SensorIndicatorKind::Sha256:
      ++stats_.file_hashes_unmatched;
      return;
  }
}

const detect::CompiledRule* IndicatorSet::find(const StringIndex& index, std::string_view key) const {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &rules_[it->second];
}

const detect::CompiledRule* IndicatorSet::match_address(const IpAddress& address) const {
  if (address.is_v4()) {
    uint32_t value = v4_value(address.bytes());
    for (int prefix : v4_prefixes_)
      if (auto it = v4_.find(v4_key(value, prefix)); it != v4_.end()) return &rules_[it->second];
    return nullptr;
  }
  if (!address.is_v6()) return nullptr;
  auto halves = v6_halves(address.bytes());
  for (int prefix : v6_prefixes_) {
    auto [high, low] = v6_masked(halves, prefix);
    if (auto it = v6_.find(V6Key{high, low, prefix}); it != v6_.end()) return &rules_[it->second];
  }
  return nullptr;
}

const detect::CompiledRule* IndicatorSet::match_domain(std::string_view name) const {
  if (domains_.empty() || name.empty()) return nullptr;
  std::string key = normalise_host(name, "");
  std::string_view rest = key;
  while (!rest.empty()) {
    if (const auto* rule = find(domains_, rest)) return rule;
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return nullptr;
}

const detect::CompiledRule* IndicatorSet::match_request(std::string_view host, std::string_view uri) const {
  if (urls_.empty() || (host.empty() && uri.empty())) return nullptr;
  return find(urls_, request_match_key(host, uri));
}

}  // namespace rampart::intel_match
