#!/usr/bin/env python3
"""Writes the DNS test captures into argv[1]:

dns_udp.pcap  an A query and its answer, a TXT query and its two-string answer,
              and a junk datagram on port 53 in between.
dns_tcp.pcap  a TCP session carrying two queries in one segment and two
              responses split across three segments.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapgen as pg  # noqa: E402


def name(dotted):
    out = b""
    for label in dotted.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def message(ident, flags, questions, answers=()):
    body = struct.pack("!HHHHHH", ident, flags, len(questions), len(answers), 0, 0)
    for qname, qtype in questions:
        body += name(qname) + struct.pack("!HH", qtype, 1)
    for rtype, ttl, rdata in answers:
        body += b"\xc0\x0c" + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata
    return body


def udp_frame(payload, client_to_server, client="10.16.1.11", server="10.16.1.1", cport=52345):
    src, dst, sport, dport = (client, server, cport, 53) if client_to_server else (server, client, 53, cport)
    return pg.eth(pg.ipv4(pg.udp(sport, dport, payload, src=src, dst=dst), src=src, dst=dst, proto=17))


def tcp_frame(payload, client_to_server, seq, ack, flags, client="10.16.1.11", server="10.16.1.1", cport=40000):
    src, dst, sport, dport = (client, server, cport, 53) if client_to_server else (server, client, 53, cport)
    return pg.eth(pg.ipv4(pg.tcp(sport, dport, seq=seq, ack=ack, flags=flags, payload=payload, src=src, dst=dst),
                          src=src, dst=dst, proto=6))


def framed(msg):
    return struct.pack("!H", len(msg)) + msg


def udp_pcap(path):
    a_query = message(39372, 0x0100, [("www.example.com", 1)])
    a_answer = message(39372, 0x8180, [("www.example.com", 1)], [(1, 5, bytes([93, 184, 216, 34]))])
    txt_query = message(28243, 0x0100, [("example.org", 16)])
    txt_answer = message(28243, 0x8180, [("example.org", 16)], [(16, 3217, b"\x05hello\x00")])
    frames = [
        udp_frame(a_query, True),
        udp_frame(a_answer, False),
        udp_frame(b"\xff" * 20, True, cport=40001),
        udp_frame(txt_query, True, cport=60922),
        udp_frame(txt_answer, False, cport=60922),
        # A response whose query was not captured: the flow's first datagram comes
        # from the server, and detection turns the flow round.
        udp_frame(a_answer, False, cport=51000),
    ]
    pg.write_pcap(path, frames)


def tcp_pcap(path):
    SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
    q1 = framed(message(1, 0x0100, [("one.example", 1)]))
    q2 = framed(message(2, 0x0100, [("two.example", 28)]))
    r1 = framed(message(1, 0x8180, [("one.example", 1)], [(1, 60, bytes([192, 0, 2, 1]))]))
    r2 = framed(message(2, 0x8180, [("two.example", 28)], [(28, 60, bytes(15) + b"\x01")]))
    replies = r1 + r2
    cut1, cut2 = 1, len(r1) + 5
    c, s = 1000, 5000
    frames = [
        tcp_frame(b"", True, c, 0, SYN),
        tcp_frame(b"", False, s, c + 1, SYN | ACK),
        tcp_frame(b"", True, c + 1, s + 1, ACK),
        tcp_frame(q1 + q2, True, c + 1, s + 1, PSH | ACK),
    ]
    c += 1 + len(q1 + q2)
    seq = s + 1
    for part in (replies[:cut1], replies[cut1:cut2], replies[cut2:]):
        frames.append(tcp_frame(part, False, seq, c, PSH | ACK))
        seq += len(part)
    frames += [
        tcp_frame(b"", True, c, seq, FIN | ACK),
        tcp_frame(b"", False, seq, c + 1, FIN | ACK),
        tcp_frame(b"", True, c + 1, seq + 1, ACK),
    ]
    pg.write_pcap(path, frames)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    udp_pcap(os.path.join(out, "dns_udp.pcap"))
    tcp_pcap(os.path.join(out, "dns_tcp.pcap"))


if __name__ == "__main__":
    main()
