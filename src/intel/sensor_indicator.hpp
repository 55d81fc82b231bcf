#pragma once
// Turns STIX indicator patterns into the simple indicators sensors match on traffic.
// A pattern deploys when it is an OR (of observations and/or comparisons) of plain
// tests: ipv4-addr:value / ipv6-addr:value '=' or ISSUBSET an address or CIDR,
// domain-name:value, url:value, file:hashes.MD5 / 'SHA-1' / 'SHA-256', and
// network-traffic:dst_ref.value / src_ref.value; '=' tests may also be IN sets. Values
// are normalised: CIDRs canonical (host bits cleared, prefix always written), hashes
// and domains lower-case, a domain's trailing dot dropped. Anything else (AND,
// FOLLOWEDBY, qualifiers, NOT, other operators, objects or properties) is refused with
// "not deployable to sensors: <reason>".
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "intel/pattern.hpp"
#include "intel/stix_object.hpp"

namespace rampart::intel {

enum class SensorIndicatorKind { Ipv4Cidr, Ipv6Cidr, Domain, Url, Md5, Sha1, Sha256 };

struct SensorIndicator {
  SensorIndicatorKind kind = SensorIndicatorKind::Ipv4Cidr;
  std::string value;
  std::string indicator_id;

  bool operator==(const SensorIndicator&) const = default;
};

std::string_view kind_name(SensorIndicatorKind kind);

std::expected<std::vector<SensorIndicator>, std::string> compile_for_sensors(const Pattern& pattern,
                                                                             std::string_view indicator_id);
// Parses first; a syntax error is reported as "invalid pattern: byte N: ...".
std::expected<std::vector<SensorIndicator>, std::string> compile_for_sensors(std::string_view pattern_text,
                                                                             std::string_view indicator_id);
// An indicator object: pattern_type must be "stix".
std::expected<std::vector<SensorIndicator>, std::string> compile_for_sensors(const StixObject& indicator);

}  // namespace rampart::intel
