#!/usr/bin/env python3
"""Writes the capture, rules and threshold.config of tests/integration/threshold_test.cpp (into argv[1]).

threshold_hosts.pcap, all UDP to 10.8.0.1:
  "probe" to port 7000, twice from 192.0.2.66 (suppressed by address) and twice from 192.0.2.10;
  "noisy" to port 7001 three times (suppressed outright);
  "limit" to port 7002 from four sources, eight flows each (different source ports, so
  that with several workers every source reaches several of them); a global
  `limit count 1 by_src` lets one alert per source through.
threshold_rules/threshold.rules and threshold_rules/threshold.config, with one bad line.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, ipv4, udp, write_pcap  # noqa: E402

TARGET = "10.8.0.1"
LIMITED_SOURCES = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]

RULES = """alert udp any any -> any 7000 (msg:"probe"; content:"probe"; sid:2000001;)
alert udp any any -> any 7001 (msg:"noisy"; content:"noisy"; sid:2000002;)
alert udp any any -> any 7002 (msg:"limited per source"; content:"limit"; sid:2000003;)
"""

THRESHOLDS = """# Thresholds of the threshold integration test.
suppress gen_id 1, sig_id 2000001, track by_src, ip [192.0.2.66, 192.0.2.67]
suppress gen_id 1, sig_id 2000002
threshold gen_id 1, sig_id 2000003, type limit, \\
  track by_src, count 1, seconds 60
threshold gen_id 1, sig_id 2000003, type sometimes, track by_src, count 1, seconds 60
"""


def datagram(src, sport, dport, payload):
    return eth(ipv4(udp(sport, dport, payload, src=src, dst=TARGET), src=src, dst=TARGET, proto=17))


def main(out):
    frames = []
    for src in ["192.0.2.66", "192.0.2.10", "192.0.2.66", "192.0.2.10"]:
        frames.append(datagram(src, 30000, 7000, b"probe"))
    for i in range(3):
        frames.append(datagram("192.0.2.10", 30001 + i, 7001, b"noisy"))
    for flow in range(8):
        for src in LIMITED_SOURCES:
            frames.append(datagram(src, 40000 + flow, 7002, b"limit"))
    write_pcap(os.path.join(out, "threshold_hosts.pcap"), frames)
    rules_dir = os.path.join(out, "threshold_rules")
    os.makedirs(rules_dir, exist_ok=True)
    with open(os.path.join(rules_dir, "threshold.rules"), "w") as f:
        f.write(RULES)
    with open(os.path.join(rules_dir, "threshold.config"), "w") as f:
        f.write(THRESHOLDS)


if __name__ == "__main__":
    main(sys.argv[1])
