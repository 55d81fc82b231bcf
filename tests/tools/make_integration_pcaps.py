#!/usr/bin/env python3
"""Writes the captures (and a rule file) the end-to-end tests run `rampart sense` on (into argv[1])."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (DLT_RAW, eth, icmp, ipv4, tcp, udp, vlan_tag, write_pcap)  # noqa: E402

C, S = "192.168.1.10", "10.1.2.3"
SYN, ACK, PSH, FIN, RST = 0x02, 0x10, 0x08, 0x01, 0x04


def seg(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(ipv4(tcp(sport, dport, seq, ack, flags, payload=payload, src=src, dst=dst), src=src, dst=dst))


def http_session(sport=40000, client=C, server=S):
    """A complete TCP session: handshake, request, response, FIN teardown (9 packets)."""
    req = b"GET /index.html HTTP/1.1\r\nHost: example.test\r\n\r\n"
    rsp = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
    c, s = 1000, 5000
    return [
        seg(client, server, sport, 80, c, 0, SYN),
        seg(server, client, 80, sport, s, c + 1, SYN | ACK),
        seg(client, server, sport, 80, c + 1, s + 1, ACK),
        seg(client, server, sport, 80, c + 1, s + 1, PSH | ACK, req),
        seg(server, client, 80, sport, s + 1, c + 1 + len(req), ACK),
        seg(server, client, 80, sport, s + 1, c + 1 + len(req), PSH | ACK, rsp),
        seg(client, server, sport, 80, c + 1 + len(req), s + 1 + len(rsp), FIN | ACK),
        seg(server, client, 80, sport, s + 1 + len(rsp), c + 2 + len(req), FIN | ACK),
        seg(client, server, sport, 80, c + 2 + len(req), s + 2 + len(rsp), ACK),
    ]


def dns_exchange(sport=53000):
    query = bytes.fromhex("123401000001000000000000076578616d706c650474657374000001 0001".replace(" ", ""))
    answer = query[:2] + b"\x81\x80" + query[4:6] + b"\x00\x01" + query[8:] + bytes.fromhex("c00c000100010000003c00040a010203")
    return [eth(ipv4(udp(sport, 53, query, src=C, dst="10.0.0.53"), src=C, dst="10.0.0.53", proto=17)),
            eth(ipv4(udp(53, sport, answer, src="10.0.0.53", dst=C), src="10.0.0.53", dst=C, proto=17))]


def main(out):
    os.makedirs(out, exist_ok=True)
    write_pcap(os.path.join(out, "tcp_session.pcap"), http_session())
    mixed = http_session() + dns_exchange() + [
        eth(ipv4(icmp(8, 0, 7, 1, b"ping"), src=C, dst=S, proto=1)),
        eth(ipv4(icmp(0, 0, 7, 1, b"ping"), src=S, dst=C, proto=1)),
        # a VLAN-tagged UDP packet
        eth(vlan_tag(42, 0x0800, ipv4(udp(1234, 5678, b"x", src=C, dst=S), src=C, dst=S, proto=17)), ethertype=0x8100),
        # an IPv4 header claiming more bytes than the frame has: ipv4.trunc_pkt
        eth(ipv4(udp(1, 2, b"abc", src=C, dst=S), src=C, dst=S, proto=17, total_len=200)),
    ]
    write_pcap(os.path.join(out, "mixed.pcap"), mixed)
    # Many flows over several workers: 200 sessions from distinct ports.
    many = []
    for i in range(200):
        many += http_session(sport=20000 + i, client=f"172.16.{i // 250}.{i % 250 + 1}")
    write_pcap(os.path.join(out, "many_flows.pcap"), many)
    # A capture cut off in the middle of its 4th packet record.
    path = os.path.join(out, "truncated.pcap")
    write_pcap(path, http_session())
    data = open(path, "rb").read()
    cut = 24 + 3 * 16 + sum(len(p) for p in http_session()[:3]) + 30
    open(path, "wb").write(data[:cut])
    open(os.path.join(out, "not_a_capture.pcap"), "wb").write(b"this is not a capture file\n" * 4)
    write_pcap(os.path.join(out, "raw_ip.pcap"), [ipv4(udp(9, 9, b"raw", src=C, dst=S), src=C, dst=S, proto=17)],
               linktype=DLT_RAW)
    with open(os.path.join(out, "mixed.rules"), "w") as f:
        f.write('alert tcp any any -> any 80 (msg:"GET request"; flow:to_server; content:"GET"; sid:1; rev:1;)\n')
        f.write('alert tcp any any -> any any (msg:"typo"; contnet:"x"; sid:2; rev:1;)\n')
    d = os.path.join(out, "capture_dir")
    os.makedirs(d, exist_ok=True)
    write_pcap(os.path.join(d, "b.pcap"), dns_exchange(53002), start_ts=1700000100.0)
    write_pcap(os.path.join(d, "a.pcap"), dns_exchange(53001), start_ts=1700000000.0)


if __name__ == "__main__":
    main(sys.argv[1])
