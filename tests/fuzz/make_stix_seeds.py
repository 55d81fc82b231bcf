#!/usr/bin/env python3
"""Writes seed inputs for fuzz_stix_object and fuzz_stix_pattern into
regressions/stix_object/ and regressions/stix_pattern/ (or under argv[1]).
Object seeds are the bundles of tests/tools/make_stix_bundles.py (the indicator feed
cut short) and single objects; pattern seeds cover every operator, qualifier and
literal kind of the patterning language."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import make_stix_bundles as stix  # noqa: E402

PATTERNS = {
    "ipv4_equal": "[ipv4-addr:value = '198.51.100.7']",
    "cidr_subset": "[ipv4-addr:value ISSUBSET '10.0.0.0/8' OR ipv6-addr:value ISSUPERSET '2001:db8::/32']",
    "hashes": "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' "
              "OR file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
    "observation_ops": "([domain-name:value = 'a.example'] OR [url:value = 'http://a.example/']) AND "
                       "[network-traffic:dst_ref.value = '203.0.113.1'] FOLLOWEDBY [x-a:b = 1]",
    "qualifiers": "[x-a:n = 1] WITHIN 2.5 SECONDS REPEATS 3 TIMES START t'2024-01-01T00:00:00Z' "
                  "STOP t'2024-01-02T00:00:00.123Z'",
    "literals": "[x-a:s = 'it\\'s \\\\' AND x-a:i = -7 AND x-a:f = .5 AND x-a:b = true AND x-a:h = h'00ff' "
                "AND x-a:bin = b'aGk=' AND x-a:t > t'2024-01-01T00:00:00Z']",
    "operators": "[x-a:a != 1 AND x-a:b <> 2 AND x-a:c < 3 AND x-a:d <= 4 AND x-a:e > 5 AND x-a:f >= 6 AND "
                 "x-a:g NOT IN ('a', 'b') AND x-a:h LIKE 'a%' AND x-a:i NOT MATCHES '^a$' AND EXISTS x-a:j]",
    "paths": "[email-message:to_refs[*].value = 'a@b' AND x-a:l[3].m[-1].'odd name' = 1 /* c */] // end",
}


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        f.write(data)


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "regressions")
    objects_dir = os.path.join(base, "stix_object")
    write(objects_dir, "valid_bundle", json.dumps(stix.bundle("valid", stix.valid_objects())))
    write(objects_dir, "mixed_bundle", json.dumps(stix.bundle("mixed", stix.mixed_objects())))
    write(objects_dir, "indicator_feed", json.dumps(stix.bundle("feed", stix.indicators()[:12])))
    for obj in stix.valid_objects()[4:10]:
        write(objects_dir, f"object_{obj['type']}", json.dumps(obj))
    for name, pattern in PATTERNS.items():
        write(os.path.join(base, "stix_pattern"), name, pattern)


if __name__ == "__main__":
    main()
