#!/usr/bin/env python3
"""Writes seed inputs for fuzz_stream into regressions/stream/ (or argv[1]).

Format (see fuzz_stream.cpp): options byte (bit0 midstream, bit1 async-oneside,
bits 2.. policy), depth/16 byte, then segments of
head (bit7 to-client, bit6 wscale, bit5 timestamp, bits0-4 TCP flags),
seq delta (int16 BE), ack delta (int8), window/256, payload length, payload.
"""
import os
import struct
import sys

FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16
TO_CLIENT = 0x80


def seg(head, seq_delta, payload=b"", ack_delta=0, window=0xFF):
    return struct.pack("!BhbBB", head, seq_delta, ack_delta, window, len(payload)) + payload


def handshake():
    # After SYN the client's seq base is its ISN; deltas move it.
    return (seg(SYN, 0) + seg(TO_CLIENT | SYN | ACK, 0, ack_delta=1) + seg(ACK, 1, ack_delta=1))


SEEDS = {
    "in_order": b"\x00\x00" + handshake() + seg(ACK | PSH, 0, b"hello ", 1) + seg(ACK | PSH, 6, b"world", 1)
    + seg(TO_CLIENT | ACK | PSH, 1, b"reply", 0) + seg(FIN | ACK, 5, b"", 1),
    "out_of_order": b"\x00\x00" + handshake() + seg(ACK | PSH, 6, b"ghi", 1) + seg(ACK | PSH, -6, b"abc", 1)
    + seg(ACK | PSH, 3, b"def", 1),
    "overlap_linux": bytes([3 << 2, 0]) + handshake() + seg(ACK, 2, b"bbbb", 1) + seg(ACK, 6, b"cccc", 1)
    + seg(ACK, -7, b"XXXXXXXXXX", 1) + seg(ACK, -1, b"A", 1),
    "midstream": b"\x01\x00" + seg(ACK | PSH, 0, b"GET / HTTP/1.1\r\n", 0) + seg(TO_CLIENT | ACK, 0, b"HTTP/1.1 200", 16),
    "memcap": b"\x00\x00" + handshake() + b"".join(seg(ACK, 300, bytes(200), 1) for _ in range(4)),
    "rst": b"\x00\x01" + handshake() + seg(ACK, 0, b"x" * 40, 1) + seg(TO_CLIENT | RST | ACK, 1, b"", 41),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "regressions", "stream")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, "seed_" + name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
