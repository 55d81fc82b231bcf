#!/usr/bin/env python3
"""Writes seed inputs for fuzz_decode and fuzz_defrag into tests/fuzz/regressions/.
fuzz_decode: first byte picks the link type (index into its table; 0 Ethernet,
3 raw IP), the rest is the frame. fuzz_defrag: fragment records (see fuzz_defrag.cpp)."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from pcapgen import *  # noqa: E402,F401,F403

ETH, RAW = 0, 3


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def decode_seeds():
    d = os.path.join(HERE, "regressions", "decode")
    u4 = ipv4(udp(1, 53, b"abc"), proto=17)
    inner = eth(ipv4(tcp(1, 2), proto=6))
    seeds = {
        "eth_tcp_syn": eth(ipv4(tcp(40000, 80, options=b"\x02\x04\x05\xb4\x04\x02"), proto=6)),
        "eth_vlan_qinq": eth(vlan(vlan(u4, 20), 10, 0x8100), 0x88A8),
        "eth_mpls_pw": eth(mpls(b"\0\0\0\0" + eth(u4), [100]), 0x8847),
        "eth_pppoe": eth(pppoe_session(u4), 0x8864),
        "gre_erspan2": eth(ipv4(gre(erspan2(inner, vlan_id=3), 0x88BE, seq=1), proto=47)),
        "vxlan": eth(ipv4(udp(1, 4789, vxlan(inner, 5)), proto=17)),
        "geneve": eth(ipv4(udp(1, 6081, geneve(inner, 5, options=b"\0" * 4)), proto=17)),
        "ipv6_ext_frag": eth(ipv6(ipv6_ext(44, b"\x05\x02\0\0") + ipv6_frag_hdr(17, 0, True, 1) + b"\0" * 16,
                                  nh=0), 0x86DD),
        "ipv4_options": eth(ipv4(udp(1, 2), proto=17, options=b"\x07\x07\x04\0\0\0\0\x00")),
        "ipv4_frag": eth(ipv4(b"\0" * 16, proto=17, flags_frag=0x2000)),
        "6in4_icmpv6": eth(ipv4(ipv6(icmpv6(), nh=58), proto=41)),
    }
    for name, frame in seeds.items():
        write(d, name, bytes([ETH]) + frame)
    write(d, "raw_ipv4_udp", bytes([RAW]) + u4)


def defrag_seeds():
    d = os.path.join(HERE, "regressions", "defrag")
    def rec(flags, ident, offset_units, data):
        return struct.pack("!BBHB", flags, ident, offset_units, len(data)) + data
    write(d, "v4_in_order", rec(2, 1, 0, b"A" * 16) + rec(2, 1, 2, b"B" * 16) + rec(0, 1, 4, b"C" * 8))
    write(d, "v4_overlap_linux", rec(2 | (2 << 2), 1, 1, b"B" * 16) + rec(2, 1, 0, b"A" * 16) + rec(0, 1, 3, b"C" * 8))
    write(d, "v6_out_of_order", rec(1, 7, 2, b"C" * 8) + rec(3, 7, 0, b"A" * 16) + rec(0x81, 9, 0, b"") +
          rec(3, 7, 1, b"B" * 8))


if __name__ == "__main__":
    decode_seeds()
    defrag_seeds()
