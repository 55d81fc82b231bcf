#!/usr/bin/env python3
"""Writes seed inputs for fuzz_dns into regressions/dns/ (or argv[1]).

Format (see fuzz_dns.cpp and app_parser_fuzz.hpp): mode byte (bit 0 TCP), then
chunks separated by 0xFE 0xFE, each led by a direction byte (bit 0: to the client).
"""
import os
import struct
import sys

SEP = b"\xfe\xfe"


def name(dotted):
    return b"".join(bytes([len(p)]) + p.encode() for p in dotted.split(".") if p) + b"\0"


def message(ident, flags, questions, answers=(), additionals=()):
    out = struct.pack("!HHHHHH", ident, flags, len(questions), len(answers), 0, len(additionals))
    for qname, qtype in questions:
        out += name(qname) + struct.pack("!HH", qtype, 1)
    for rname, rtype, rdata in list(answers) + list(additionals):
        out += rname + struct.pack("!HHIH", rtype, 1, 60, len(rdata)) + rdata
    return out


PTR = b"\xc0\x0c"
QUERY = message(0x0011, 0x0100, [("www.example.com", 1)])
RESPONSES = {
    "a": message(0x0211, 0x8180, [("www.example.com", 1)], [(PTR, 1, bytes([1, 2, 3, 4]))]),
    "records": message(0x0212, 0x8180, [("q.test", 255)], [
        (PTR, 28, bytes(16)), (PTR, 5, b"\x03www" + PTR), (PTR, 15, b"\x00\x0a" + name("mx.q.test")),
        (PTR, 16, b"\x03abc\x00"), (PTR, 6, name("ns.q.test") + name("h.q.test") + bytes(20)),
        (PTR, 33, struct.pack("!HHH", 1, 2, 5060) + name("sip.q.test")), (PTR, 44, b"\x01\x01\xaa\xbb"),
        (PTR, 10, b"nul"), (PTR, 65, b"\x00\x01\x00\x00\x01\x00\x03\x02h2"), (PTR, 257, b"\x00\x05issueca"),
        (PTR, 43, b"\x01\x02\x03\x04\xff"), (PTR, 48, b"\x01\x01\x03\x08key"),
        (PTR, 46, b"\x00\x01\x08\x02" + bytes(14) + PTR), (PTR, 65534, b"\xde\xad")],
        [(b"\0", 41, b"\x00\x0a\x00\x02\xbe\xef")]),
}
LOOP = struct.pack("!HHHHHH", 0x0014, 0x0100, 1, 0, 0, 0) + b"\x01a\xc0\x0c\x00\x01\x00\x01"
FORWARD = struct.pack("!HHHHHH", 0x0015, 0x0100, 2, 0, 0, 0) + b"\xc0\x12\x00\x01\x00\x01" + name("f.test") + b"\x00\x01\x00\x01"


def framed(msg):
    return struct.pack("!H", len(msg)) + msg


def chunks(*parts):
    """parts: (to_client, bytes) pairs, joined in the fuzz target's chunk format."""
    return SEP.join(bytes([1 if to_client else 0]) + data for to_client, data in parts)


UDP, TCP = b"\x00", b"\x01"
SEEDS = {
    "udp_query_answer": UDP + chunks((False, QUERY), (True, RESPONSES["a"])),
    "udp_records": UDP + chunks((True, RESPONSES["records"])),
    "udp_loop": UDP + chunks((False, LOOP)),
    "udp_forward_pointer": UDP + chunks((False, FORWARD)),
    "tcp_two_messages_one_chunk": TCP + chunks((False, framed(QUERY) + framed(LOOP))),
    "tcp_split": TCP + chunks((False, framed(QUERY)[:5]), (False, framed(QUERY)[5:]),
                             (True, framed(RESPONSES["records"]))),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "regressions", "dns")
    os.makedirs(out, exist_ok=True)
    for label, data in SEEDS.items():
        with open(os.path.join(out, label), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
