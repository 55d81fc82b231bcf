#!/usr/bin/env python3
"""Writes the captures and rules of tests/integration/stream_match_test.cpp (into argv[1]).

stream_split.pcap: TCP sessions (client 192.168.9.10, server 10.9.0.80), one per
server port, each with its handshake:
  7001: "EVILPATTERN" split across two client segments, and "SPLITRESPONSE" split
        across two server segments;
  7002: "EVILPATTERN" inside one client segment;
  7003: the two halves of "EVILPATTERN" sent out of order;
  7004: the segment holding "EVILPATTERN" sent twice (a retransmission);
  7005: 16 bytes, then "EVILPATTERN" whole in one segment and "EVILPAT" + "TERN" split
        (beyond a reassembly depth of 16).
stream.rules: stream rules for both patterns and a dsize rule (packet only).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, ipv4, tcp, write_pcap  # noqa: E402

C, S = "192.168.9.10", "10.9.0.80"
SYN, ACK, PSH = 0x02, 0x10, 0x08


def seg(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(ipv4(tcp(sport, dport, seq, ack, flags, payload=payload, src=src, dst=dst), src=src, dst=dst))


class Session:
    def __init__(self, port):
        self.port, self.c, self.s = port, 1000, 9000
        self.frames = [seg(C, S, 40000 + port, port, self.c, 0, SYN),
                       seg(S, C, port, 40000 + port, self.s, self.c + 1, SYN | ACK),
                       seg(C, S, 40000 + port, port, self.c + 1, self.s + 1, ACK)]
        self.c += 1
        self.s += 1

    def client(self, data, at=None):
        seq = self.c if at is None else at
        self.frames.append(seg(C, S, 40000 + self.port, self.port, seq, self.s, PSH | ACK, data))
        if at is None:
            self.c += len(data)

    def server(self, data):
        self.frames.append(seg(S, C, self.port, 40000 + self.port, self.s, self.c, PSH | ACK, data))
        self.s += len(data)


RULES = """alert tcp any any -> any any (msg:"evil pattern"; flow:established,to_server; content:"EVILPATTERN"; sid:1;)
alert tcp any any -> any any (msg:"split response"; flow:established,to_client; content:"SPLITRESPONSE"; sid:2;)
alert tcp any any -> any any (msg:"evil packet"; dsize:11; content:"EVILPATTERN"; sid:3;)
"""


def main(out):
    split = Session(7001)
    split.client(b"xxxxEVIL")
    split.client(b"PATTERNyyyy")
    split.server(b"abcSPLIT")
    split.server(b"RESPONSEdef")
    whole = Session(7002)
    whole.client(b"EVILPATTERN")
    reordered = Session(7003)
    start = reordered.c
    reordered.client(b"PATTERN--", at=start + 6)
    reordered.client(b"--EVIL", at=start)
    reordered.c += 15
    resent = Session(7004)
    resent.client(b"EVILPATTERN", at=resent.c)
    resent.client(b"EVILPATTERN")
    deep = Session(7005)
    deep.client(b"0123456789abcdef")
    deep.client(b"EVILPATTERN")
    deep.client(b"EVILPAT")
    deep.client(b"TERN")
    frames = []
    for session in (split, whole, reordered, resent, deep):
        frames += session.frames
    write_pcap(os.path.join(out, "stream_split.pcap"), frames)
    with open(os.path.join(out, "stream.rules"), "w") as f:
        f.write(RULES)


if __name__ == "__main__":
    main(sys.argv[1])
