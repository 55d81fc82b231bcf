// The shipped correlation rules, category map, grading table and deadlines: the
// defaults a center.yaml `correlation:` section replaces section by section.
#include "center/incidents/correlation_config.hpp"

namespace rampart::center::incidents {

std::string_view default_correlation_yaml() {
  return R"yaml(
rules:
  # One source against many assets: a scan or a worm spreading.
  - name: source-against-many-assets
    group-by: [src_ip]
    window: 10m
    threshold: 5
    distinct: {field: dest_ip, min: 5}
  # The same kind of attack in several sectors: a campaign.
  - name: category-across-sectors
    group-by: [category]
    window: 1h
    threshold: 2
    distinct: {field: sector, min: 2}
  # An exploit against a host, then that host talks out: a likely compromise.
  - name: exploit-then-outbound
    window: 30m
    match:
      categories:
        - Attempted Administrator Privilege Gain
        - Successful Administrator Privilege Gain
        - Attempted User Privilege Gain
        - Successful User Privilege Gain
        - Web Application Attack
        - Exploit Kit Activity Detected
    followed-by: {}
category-map:
  A Network Trojan was detected: harmful-program
  Malware Command and Control Activity Detected: harmful-program
  Exploit Kit Activity Detected: harmful-program
  Possibly Unwanted Program Detected: harmful-program
  Detection of a Network Scan: network-attack
  Attempted Administrator Privilege Gain: network-attack
  Successful Administrator Privilege Gain: network-attack
  Attempted User Privilege Gain: network-attack
  Successful User Privilege Gain: network-attack
  Web Application Attack: network-attack
  Attempted Denial of Service: network-attack
  Denial of Service: network-attack
  Attempted Information Leak: network-attack
  Information Leak: information-destruction
  Large Scale Information Leak: information-destruction
grading:
  I:
    - {min-protection-level: 4, critical-infrastructure: true, max-severity: 1}
    - {min-sectors: 3}
  II:
    - {critical-infrastructure: true}
    - {min-protection-level: 3, max-severity: 2}
    - {min-organisations: 3}
    - {min-assets: 20}
  III:
    - {min-protection-level: 2}
    - {min-assets: 5}
    - {max-severity: 1}
deadlines: {I: 1h, II: 2h, III: 24h, IV: 72h}
)yaml";
}

}  // namespace rampart::center::incidents
