#!/usr/bin/env python3
"""Builds the demo's sample captures (into argv[1]): a small substation network.

- an HMI (10.20.0.10) polling two PLCs over Modbus/TCP (port 502),
- an engineering workstation browsing a vendor portal over HTTP and resolving names,
- an outside host SYN-scanning the PLC subnet,
- an overlapping fragmented ping (an old evasion trick) and a truncated packet,
- VLAN-tagged traffic from the process bus.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "tools"))
from pcapgen import eth, icmp, ipv4, tcp, udp, vlan_tag, write_pcap  # noqa: E402

SYN, ACK, PSH, FIN, RST = 0x02, 0x10, 0x08, 0x01, 0x04
HMI, PLC1, PLC2, EWS, DNS, PORTAL, SCANNER = ("10.20.0.10", "10.20.1.11", "10.20.1.12", "10.20.0.20",
                                              "10.20.0.53", "198.51.100.80", "203.0.113.66")


def pkt(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(ipv4(tcp(sport, dport, seq, ack, flags, payload=payload, src=src, dst=dst), src=src, dst=dst))


def tcp_session(client, server, sport, dport, exchanges):
    """Handshake, then (request, response) pairs, then FIN teardown."""
    c, s = 100000 + sport, 900000 + dport
    out = [pkt(client, server, sport, dport, c, 0, SYN), pkt(server, client, dport, sport, s, c + 1, SYN | ACK),
           pkt(client, server, sport, dport, c + 1, s + 1, ACK)]
    c += 1
    s += 1
    for req, rsp in exchanges:
        out.append(pkt(client, server, sport, dport, c, s, PSH | ACK, req))
        c += len(req)
        out.append(pkt(server, client, dport, sport, s, c, PSH | ACK, rsp))
        s += len(rsp)
    out += [pkt(client, server, sport, dport, c, s, FIN | ACK), pkt(server, client, dport, sport, s, c + 1, FIN | ACK),
            pkt(client, server, sport, dport, c + 1, s + 1, ACK)]
    return out


def modbus_read(tid, unit, start, count):
    pdu = struct.pack("!BHH", 3, start, count)
    return struct.pack("!HHHB", tid, 0, len(pdu) + 1, unit) + pdu


def modbus_reply(tid, unit, count):
    pdu = struct.pack("!BB", 3, 2 * count) + bytes(range(2 * count))
    return struct.pack("!HHHB", tid, 0, len(pdu) + 1, unit) + pdu


def dns(qid, name, src, sport):
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack("!HH", 1, 1)
    a = q[:2] + b"\x81\x80" + q[4:6] + b"\x00\x01" + q[8:] + struct.pack("!HHHIH4s", 0xC00C, 1, 1, 300, 4,
                                                                          bytes([198, 51, 100, 80]))
    return [eth(ipv4(udp(sport, 53, q, src=src, dst=DNS), src=src, dst=DNS, proto=17)),
            eth(ipv4(udp(53, sport, a, src=DNS, dst=src), src=DNS, dst=src, proto=17))]


def overlapping_ping():
    body = icmp(8, 0, 99, 1, b"A" * 32)
    first = ipv4(body[:24], src=SCANNER, dst=PLC1, proto=1, ident=777, flags_frag=0x2000, total_len=44)
    overlap = ipv4(b"B" * 16 + body[24:], src=SCANNER, dst=PLC1, proto=1, ident=777, flags_frag=1)
    return [eth(first), eth(overlap)]


def main(out):
    os.makedirs(out, exist_ok=True)
    frames = []
    for i in range(20):
        frames += tcp_session(HMI, PLC1 if i % 2 else PLC2, 40000 + i, 502,
                              [(modbus_read(i, 1, 0, 10), modbus_reply(i, 1, 10))])
    frames += dns(1, "portal.vendor.example", EWS, 51000)
    frames += tcp_session(EWS, PORTAL, 51001, 80, [(b"GET /firmware/latest HTTP/1.1\r\nHost: portal.vendor.example\r\n"
                                                    b"User-Agent: EWS-Updater/2.1\r\n\r\n",
                                                    b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nv4.2.1-sig-ok")])
    for port in (21, 22, 23, 80, 102, 443, 502, 2404, 20000, 44818):
        frames.append(pkt(SCANNER, PLC1, 61000, port, 5555, 0, SYN))
        frames.append(pkt(PLC1, SCANNER, port, 61000, 0, 5556, RST | ACK))
    frames += overlapping_ping()
    frames.append(eth(vlan_tag(100, 0x0800, ipv4(udp(30000, 30001, b"GOOSE-like status", src=PLC1, dst=PLC2),
                                                  src=PLC1, dst=PLC2, proto=17)), ethertype=0x8100))
    frames.append(eth(ipv4(udp(1, 2, b"cut", src=SCANNER, dst=PLC2), src=SCANNER, dst=PLC2, proto=17, total_len=400)))
    write_pcap(os.path.join(out, "substation.pcap"), frames, start_ts=1767225600.0, step=0.05)


if __name__ == "__main__":
    main(sys.argv[1])
