#!/usr/bin/env python3
"""Writes the decoder tests' captures into argv[1]. Each file is a list of frames in
a fixed order; tests/decode/*.cpp address them by index, so append, never reorder."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import *  # noqa: E402,F401,F403

OUT = sys.argv[1]
V6S, V6D = "2001:db8::1", "2001:db8::2"


def out(name, frames, linktype=DLT_EN10MB):
    write_pcap(os.path.join(OUT, name), frames, linktype=linktype)


def udp4(sport=1234, dport=53, payload=b"abc", src="10.0.0.1", dst="10.0.0.2", **kw):
    return ipv4(udp(sport, dport, payload, src=src, dst=dst), src=src, dst=dst, proto=17, **kw)


def tcp4(sport=1234, dport=80, src="10.0.0.1", dst="10.0.0.2", **kw):
    return ipv4(tcp(sport, dport, src=src, dst=dst, **kw), src=src, dst=dst, proto=6)


def udp6(sport=1234, dport=53, payload=b"abc", src=V6S, dst=V6D):
    return ipv6(udp(sport, dport, payload, src=src, dst=dst, v6=True), src=src, dst=dst, nh=17)


def tcp6(sport=1234, dport=80, src=V6S, dst=V6D):
    return ipv6(tcp(sport, dport, src=src, dst=dst, v6=True), src=src, dst=dst, nh=6)


SYN_OPTIONS = (b"\x02\x04\x05\xb4" + b"\x01\x03\x03\x07" + b"\x04\x02" +
               b"\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x02")


def link_ethernet():
    e = eth
    frames = [
        e(ipv4(tcp(40000, 80, seq=1000, flags=0x02, options=SYN_OPTIONS), proto=6, ttl=63, ident=0x4242)),  # 0
        e(udp4(payload=b"abc")),                                                    # 1
        e(ipv4(icmp(8, 0, 0x1234, 7, b"ping"), proto=1)),                           # 2
        e(tcp6(), 0x86DD),                                                          # 3
        e(ipv6(icmpv6(128, 0, b"\x00\x05\x00\x09"), nh=58), 0x86DD),               # 4
        e(vlan(udp4(), 100), 0x8100),                                               # 5
        e(vlan(vlan(tcp4(), 20), 10, 0x8100), 0x88A8),                              # 6
        e(vlan(vlan(vlan(vlan(udp4(), 4), 3, 0x8100), 2, 0x8100), 1, 0x8100), 0x8100),  # 7 four tags
        e(b"\x00\x01\x08\x00\x06\x04\x00\x01" + b"\0" * 20, 0x0806),               # 8 ARP
        b"\x01" * 10,                                                               # 9
        e(b"\0" * 30, 0x1234),                                                      # 10
        e(vlan(b"\0" * 30, 7, 0x1234), 0x8100),                                     # 11
        e(mpls(udp4(), [100]), 0x8847),                                             # 12
        e(mpls(udp6(), [100, 200]), 0x8847),                                        # 13
        e(mpls(b"\0\0\0\0" + eth(udp4(src="10.9.9.9")), [300]), 0x8847),            # 14 pseudowire
        e(mpls(udp4(), [1]), 0x8847),                                               # 15
        e(mpls(udp4(), [3]), 0x8847),                                               # 16
        e(mpls(udp4(), [5]), 0x8847),                                               # 17
        e(mpls(b"\x90" + b"\0" * 30, [100]), 0x8847),                               # 18
        e(pppoe_session(tcp4(), 0x0021), 0x8864),                                   # 19
        e(pppoe_session(udp6(), 0x0057), 0x8864),                                   # 20
        e(pppoe_discovery(struct.pack("!HH", 0x0101, 0)), 0x8863),                  # 21 PADI
        e(pppoe_discovery(struct.pack("!HH", 0x0101, 40) + b"ab"), 0x8863),         # 22 bad tags
        e(pppoe_session(b"\0" * 20, 0x1234), 0x8864),                               # 23
        e(b"\x00\x64", 0x8100),                                                     # 24
        e(b"\x00\x01", 0x8847),                                                     # 25
        e(vlan(udp4(), 30), 0x9100),                                                # 26
        e(mpls(udp4(), [0]), 0x8848),                                               # 27 explicit null
        e(pppoe_session(tcp4(), 0x21, proto_bytes=1), 0x8864),                      # 28
    ]
    out("link_ethernet.pcap", frames)


def link_others():
    out("link_sll.pcap", [sll(udp4()), sll(udp6(), 0x86DD), b"\0" * 10, sll(vlan(udp4(), 9), 0x8100)],
        DLT_LINUX_SLL)
    out("link_sll2.pcap", [sll2(tcp4()), sll2(udp6(), 0x86DD), b"\0" * 12], DLT_LINUX_SLL2)
    out("link_raw.pcap", [udp4(), udp6(), b"\x50" + b"\0" * 30], DLT_RAW)
    out("link_null.pcap", [null_hdr(udp4(), 2), null_hdr(udp6(), 24), null_hdr(udp6(), 30),
                           null_hdr(b"\0" * 20, 99), b"\x02\x00", null_hdr(udp4(), 2, True)], DLT_NULL)
    out("link_loop.pcap", [null_hdr(udp4(), 2, True), null_hdr(udp6(), 28, True)], DLT_LOOP)
    out("link_ipv4.pcap", [udp4()], 228)
    out("link_ipv6.pcap", [udp6()], 229)
    # Cisco HDLC: address 0x0F (unicast), control 0, then the EtherType.
    out("link_chdlc.pcap", [b"\x0f\x00\x08\x00" + udp4(), b"\x8f\x00\x86\xdd" + udp6(), b"\x0f\x00\x08"], 104)


def ipv4_cases():
    rr = b"\x07\x07\x04\x00\x00\x00\x00"  # record route with room for one address
    frames = [
        eth(ipv4(udp(1, 2, b"x"), proto=17, options=rr + b"\x01\x00\x00\x00\x00")),  # 0 options, no events
        eth(ipv4(udp(1, 2, b"x"), proto=17, checksum=0x1234)),                      # 1 bad checksum
        eth(ipv4(udp(1, 2, b"x"), proto=17, total_len=200)),                        # 2 truncated
        eth(ipv4(udp(1, 2, b"x"), proto=17, ihl=4)),                                # 3
        eth(ipv4(udp(1, 2, b"x"), proto=17, total_len=16)),                         # 4
        eth(ipv4(udp(1, 2, b"x"), proto=17, version=5)),                            # 5
        eth(ipv4(udp(1, 2, b"x"), proto=17, options=b"\x07\x28\x04\x00")),          # 6 option overruns
        eth(ipv4(udp(1, 2, b"x"), proto=17, options=b"\x07\x04\x04\x00")),          # 7 RR bad length
        eth(ipv4(udp(1, 2, b"x"), proto=17, options=b"\x55\x04\x00\x00")),          # 8 unknown
        eth(ipv4(udp(1, 2, b"x"), proto=17, options=b"\x94\x04\x00\x00" * 2)),      # 9 RA twice
        eth(ipv4(udp(1, 2, b"x"), proto=17, options=b"\x00\x01\x00\x00")),          # 10 data after EOL
        eth(ipv4(icmpv6(), proto=58)),                                              # 11
        eth(b"\x45" + b"\0" * 14),                                                  # 12
        eth(udp4(payload=b"hi") + b"\xee" * 6),                                     # 13 trailer padding
        eth(ipv4(b"\0" * 16, proto=17, ident=99, flags_frag=0x2000)),              # 14 first fragment
        eth(ipv4(b"\0" * 16, proto=17, ident=99, flags_frag=0x0003)),              # 15 last fragment, offset 24
    ]
    out("ipv4.pcap", frames)


def l4_cases():
    def raw_tcp(hdr_bytes):
        return eth(ipv4(hdr_bytes, proto=6))
    t = tcp(1000, 80)
    frames = [
        raw_tcp(t[:12] + bytes([4 << 4]) + t[13:]),                                  # 0 doff 4
        raw_tcp(t[:10]),                                                             # 1
        raw_tcp(t[:12] + bytes([15 << 4]) + t[13:]),                                 # 2 doff 15, 20 bytes
        eth(ipv4(tcp(1, 2, options=b"\x02\x03\x05\x01"), proto=6)),                  # 3 MSS len 3
        eth(ipv4(tcp(1, 2, options=b"\x02\x04\x05\xb4\x02\x04\x05\xb4"), proto=6)),  # 4 duplicate MSS
        eth(ipv4(tcp(1, 2, checksum=0xdead), proto=6)),                              # 5
        eth(ipv4(b"\0\1\0\2", proto=17)),                                            # 6
        eth(ipv4(udp(1, 2, b"x", length=100), proto=17)),                            # 7
        eth(ipv4(udp(1, 2, b"xxxx", length=4), proto=17)),                           # 8
        eth(ipv4(b"\x08\0\0\0", proto=1)),                                           # 9
        eth(ipv4(icmp(99, 0), proto=1)),                                             # 10
        eth(ipv4(icmp(0, 5), proto=1)),                                              # 11
        eth(ipv4(icmp(3, 1, 0, 0, b"\x45\0\0"), proto=1)),                           # 12
        eth(ipv6(icmpv6(50, 0), nh=58), 0x86DD),                                     # 13
        eth(ipv6(icmpv6(100, 0), nh=58), 0x86DD),                                    # 14
        eth(ipv6(icmpv6(130, 0, b"\0" * 20), nh=58, hlim=64), 0x86DD),               # 15
        eth(ipv6(icmpv6(128, 3), nh=58), 0x86DD),                                    # 16
        eth(ipv6(icmp(8, 0), nh=1), 0x86DD),                                         # 17
        eth(ipv4(tcp(5, 6, flags=0x10, options=b"\x01\x01\x05\x12" + b"\0" * 16 +
                     b"\x08\x0a\0\0\0\x05\0\0\0\x06"), proto=6)),                    # 18 SACK x2 + TS
        eth(ipv4(icmp(3, 1, 0, 0, ipv4(b"\0" * 8, proto=17)), proto=1)),             # 19 unreachable
        eth(ipv4(struct.pack(">II", 0x1234ABCD, 7) + b"sealed", proto=50)),          # 20 ESP
        eth(ipv4(b"\0\0\0\1", proto=50)),                                           # 21 ESP too small
        eth(ipv4(icmp(13, 0, 7, 1, b"T" * 12 + b"tail"), proto=1)),                  # 22 timestamp
        eth(ipv4(icmp(9, 0, 0x0102, 30, b"\x0a\0\0\x01\0\0\0\0" + b"tail"), proto=1)),   # 23 router advert
        eth(ipv4(icmp(14, 0, 7, 1, b"T" * 4), proto=1)),                             # 24 short timestamp reply
        eth(tcp4(options=b"\x22\x02", payload=b"GET")),                            # 25 Fast Open cookie request
        eth(tcp4(options=b"\xfe\x04\xf9\x89")),                                      # 26 experimental Fast Open
        eth(ipv4(icmp(3, 4, 0, 0, tcp4(1470, 25, src="10.0.0.9", dst="10.0.0.7")[:28]), proto=1)),  # 27 quoting TCP
        eth(ipv4(icmp(11, 0, 0, 0, tcp4(1470, 25)[:28]), proto=1)),                   # 28 time exceeded
    ]
    out("l4.pcap", frames)


def ipv6_cases():
    e6 = lambda p: eth(p, 0x86DD)
    ra = b"\x05\x02\x00\x00"        # router alert
    padn0 = b"\x01\x00"              # PadN with no data
    t = tcp(1, 2, src=V6S, dst=V6D, v6=True)
    u = udp(1, 53, b"q", src=V6S, dst=V6D, v6=True)
    frames = [
        e6(ipv6(ipv6_ext(60, ra) + ipv6_ext(6, b"\x01\x04\0\0\0\0") + t, nh=0)),    # 0
        e6(ipv6(ipv6_ext(6, b"\x00\x00" + b"\0" * 4) + t, nh=43)),                  # 1 routing type 0
        e6(ipv6(ipv6_ext(0, ra) + ipv6_ext(6, ra) + t, nh=0)),                      # 2 two hop-by-hop
        e6(ipv6(ipv6_ext(6, b"\x3e\x02\0\0") + t, nh=0)),                           # 3 unknown option
        e6(ipv6(ipv6_ext(6, b"\x3e\x09\0\0") + t, nh=60)),                          # 4 option overruns
        e6(ipv6(ipv6_ext(6, padn0 + b"\x01\x02\0\0") + t, nh=60)),                  # 5 zero-length PadN
        e6(ipv6(b"\x06\x01" + b"\0" * 6, nh=0)),                                    # 6 truncated ext
        e6(ipv6(ipv6_frag_hdr(17, 0, False, 5) + u, nh=44)),                        # 7 atomic fragment
        e6(ipv6(ipv6_frag_hdr(17, 0, True, 0xabcdef) + b"\0" * 16, nh=44)),         # 8 first fragment
        e6(ipv6(ipv6_frag_hdr(17, 8, True, 3, reserved=1) + b"\0" * 16, nh=44)),    # 9 reserved set
        e6(ipv6(b"junk", nh=59)),                                                   # 10
        e6(ipv6(b"\0" * 8, nh=253)),                                                # 11
        e6(ipv6(u, nh=17, plen=200)),                                               # 12
        e6(b"\x60" + b"\0" * 29),                                                   # 13
        e6(b"\x40" + b"\0" * 60),                                                   # 14
        e6(ipv6(struct.pack("!BBHII", 6, 1, 7, 1, 1) + t, nh=51)),                  # 15 AH reserved != 0
        e6(ipv6(b"\0\0\0\1\0\0\0\1" + b"\0" * 16, nh=50)),                          # 16 ESP
        e6(ipv6(ipv6_frag_hdr(17, 0, True, 4) + b"\0" * 13, nh=44)),                # 17 odd fragment length
        e6(ipv6(ipv6_ext(44, ra) + ipv6_frag_hdr(17, 16, False, 8) + b"\0" * 8, nh=0)),  # 18 frag after HBH
    ]
    out("ipv6.pcap", frames)


def tunnel_cases():
    o_src, o_dst = "192.168.1.1", "192.168.1.2"
    outer = lambda payload, proto: eth(ipv4(payload, src=o_src, dst=o_dst, proto=proto))
    inner4 = udp4(5000, 53, b"inner", src="172.16.0.1", dst="172.16.0.2")
    inner_eth = eth(tcp4(1111, 2222, src="172.16.1.1", dst="172.16.1.2"))
    vx = udp(55555, 4789, vxlan(inner_eth, 1000), src=o_src, dst=o_dst)
    gn = udp(44444, 6081, geneve(eth(udp6(7, 8), 0x86DD), 77, options=b"\0" * 8), src=o_src, dst=o_dst)
    nested = inner4
    for _ in range(12):
        nested = ipv4(gre(nested, 0x0800), src=o_src, dst=o_dst, proto=47)
    frames = [
        outer(gre(inner4, 0x0800, key=42), 47),                                         # 0
        outer(gre(udp6(), 0x86DD, checksum=True, seq=9), 47),                           # 1
        outer(gre(inner_eth, 0x6558), 47),                                              # 2
        outer(gre(erspan2(inner_eth, vlan_id=5), 0x88BE, seq=1), 47),                   # 3
        outer(gre(erspan3(inner_eth, subheader=True), 0x22EB, seq=1), 47),              # 4
        outer(gre(inner_eth, 0x88BE), 47),                                              # 5 type I
        outer(gre(b"\xff\x03\x00\x21" + inner4, 0x880B, key=(24 << 16) | 77, version=1), 47),  # 6
        outer(gre(inner4, 0x0800, version=2), 47),                                      # 7
        outer(gre(inner4, 0x0800, flags_extra=0x01), 47),                               # 8
        outer(gre(b"\xff\x03\x00\x21" + inner4, 0x880B, version=1), 47),                # 9 no key
        outer(gre(inner4, 0x880B, key=1, checksum=True, version=1), 47),                # 10
        outer(b"\x00\x00", 47),                                                         # 11
        outer(b"\x20\x00\x08\x00\x00\x00", 47),                                         # 12 key flag, no key
        outer(vx, 17),                                                                  # 13
        outer(gn, 17),                                                                  # 14
        outer(tcp4(9, 10, src="10.1.1.1", dst="10.1.1.2"), 4),                          # 15 4in4
        outer(udp6(), 41),                                                              # 16 6in4
        eth(ipv6(inner4, nh=4), 0x86DD),                                                # 17 4in6
        eth(ipv6(udp6(src="2001:db8:1::1", dst="2001:db8:1::2"), nh=41), 0x86DD),       # 18 6in6
        eth(ipv6(b"\x45" + b"\0" * 10, nh=4), 0x86DD),                                  # 19
        eth(ipv6(b"\x45" + b"\0" * 50, nh=41), 0x86DD),                                 # 20
        eth(nested),                                                                    # 21 12 GRE layers
        outer(udp(55555, 4789, vxlan(inner_eth, 1000, flags=0), src=o_src, dst=o_dst), 17),  # 22
        outer(gre(b"\x30\x00" + b"\0" * 6 + inner_eth, 0x88BE, seq=1), 47),             # 23 ERSPAN bad version
    ]
    out("tunnel.pcap", frames)


def defrag_cases():
    data = udp(1000, 2000, bytes(range(64)) * 2, src=V6S, dst=V6D, v6=True)  # 136 bytes
    frags = ipv6_fragments(data, [(0, 64, True), (64, 64, True), (128, 8, False)], ident=0x1234)
    out_of_order = [frags[2], frags[0], frags[1]]
    out("defrag_ipv6.pcap", [eth(f, 0x86DD) for f in frags + out_of_order])


def main():
    link_ethernet()
    link_others()
    ipv4_cases()
    l4_cases()
    ipv6_cases()
    tunnel_cases()
    defrag_cases()


if __name__ == "__main__":
    main()
