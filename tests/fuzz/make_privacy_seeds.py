#!/usr/bin/env python3
"""Writes seed inputs for fuzz_privacy_filter into regressions/privacy_filter/ (or
under argv[1]): objects holding internal and external addresses, blocks, e-mail
addresses and URLs with user info, in patterns, observables and text."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def indicator(pattern, description=""):
    return {"type": "indicator", "spec_version": "2.1",
            "id": "indicator--11111111-1111-4111-8111-111111111111",
            "created": "2024-03-01T10:00:00.000Z", "modified": "2024-03-01T10:00:00.000Z",
            "pattern_type": "stix", "pattern": pattern, "valid_from": "2024-03-01T00:00:00Z",
            "description": description}


SEEDS = {
    "indicator_internal": indicator("[ipv4-addr:value = '10.1.2.3'] OR [ipv6-addr:value ISSUBSET 'fd00::/16']",
                                    "seen at 192.168.1.1:443 by soc@corp.example"),
    "indicator_url": indicator("[url:value = 'http://bob:pw@10.0.0.5/admin' AND "
                               "email-addr:value = 'ann@corp.example'] FOLLOWEDBY "
                               "[network-traffic:dst_ref.value = '198.51.100.7'] WITHIN 60 SECONDS"),
    "address": {"type": "ipv4-addr", "id": "ipv4-addr--22222222-2222-4222-8222-222222222222", "value": "10.9.8.7"},
    "email": {"type": "email-addr", "value": "ann@corp.example"},
    "observed_data": {"type": "observed-data", "objects": {"0": {"type": "ipv6-addr", "value": "fd12::1"},
                                                           "1": {"type": "url", "value": "ftp://a:b@192.168.0.1/x"}}},
    "sighting_text": {"type": "sighting", "description": "host:10.0.0.1, 10.0.0.0/24, ftp://x@y.example x@y"},
    "other_pattern": {"type": "indicator", "pattern_type": "snort", "pattern": "alert ip 10.0.0.1 any -> any any"},
}


def main():
    out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "regressions"), "privacy_filter")
    os.makedirs(out, exist_ok=True)
    for name, seed in SEEDS.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(json.dumps(seed))


if __name__ == "__main__":
    main()
