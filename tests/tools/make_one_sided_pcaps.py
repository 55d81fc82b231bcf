#!/usr/bin/env python3
"""Writes the captures and rules of tests/integration/one_sided_test.cpp (into argv[1]).

server_side_only.pcap: an HTTP session seen from the server's side only: its
SYN/ACK, its ACK of a request the capture lacks, a 200 response in two segments
and its FIN.
one_sided.rules: a response rule (http.stat_code) and a packet rule on the reply.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, ipv4, tcp, write_pcap  # noqa: E402

CLIENT, SERVER = "192.168.9.20", "10.9.0.80"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n"
BODY = b"uid=0(root)"

RULES = r"""alert http any any -> any any (msg:"ok answer"; flow:to_client; http.stat_code; content:"200"; sid:1;)
alert tcp any 80 -> any any (msg:"root id"; flow:to_client; content:"uid=0(root)"; sid:2;)
"""


def from_server(seq, ack, flags, payload=b""):
    return eth(ipv4(tcp(80, 41000, seq, ack, flags, payload=payload, src=SERVER, dst=CLIENT), src=SERVER, dst=CLIENT))


def main(out):
    c, s = 5001, 9000
    request_length = 40
    frames = [from_server(s, c, SYN | ACK)]
    s += 1
    frames.append(from_server(s, c + request_length, ACK))
    frames.append(from_server(s, c + request_length, PSH | ACK, HEADERS))
    s += len(HEADERS)
    frames.append(from_server(s, c + request_length, PSH | ACK | FIN, BODY))
    write_pcap(os.path.join(out, "server_side_only.pcap"), frames)
    with open(os.path.join(out, "one_sided.rules"), "w") as f:
        f.write(RULES)


if __name__ == "__main__":
    main(sys.argv[1])
