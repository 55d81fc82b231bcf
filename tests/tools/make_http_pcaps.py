#!/usr/bin/env python3
"""Writes the HTTP/1 captures of tests/integration/http_eve_test.cpp (into argv[1]).

http_pipeline.pcap: one TCP session on port 80 carrying three pipelined
requests, split mid-header across segments, answered by a plain, a chunked and
a gzip-encoded response; then a second session on port 8081 (found by content,
not port) whose request is never answered.
"""
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, ipv4, tcp, write_pcap  # noqa: E402

C, S = "192.168.7.10", "10.7.0.80"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def seg(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(ipv4(tcp(sport, dport, seq, ack, flags, payload=payload, src=src, dst=dst), src=src, dst=dst))


def session(sport, dport, client_chunks, server_chunks):
    """Handshake, the client's segments, the server's segments, FIN teardown."""
    c, s = 1000, 9000
    frames = [seg(C, S, sport, dport, c, 0, SYN), seg(S, C, dport, sport, s, c + 1, SYN | ACK),
              seg(C, S, sport, dport, c + 1, s + 1, ACK)]
    c += 1
    s += 1
    for chunk in client_chunks:
        frames.append(seg(C, S, sport, dport, c, s, PSH | ACK, chunk))
        c += len(chunk)
    frames.append(seg(S, C, dport, sport, s, c, ACK))
    for chunk in server_chunks:
        frames.append(seg(S, C, dport, sport, s, c, PSH | ACK, chunk))
        s += len(chunk)
    frames += [seg(C, S, sport, dport, c, s, FIN | ACK), seg(S, C, dport, sport, s, c + 1, FIN | ACK),
               seg(C, S, sport, dport, c + 1, s + 1, ACK)]
    return frames


def pipeline():
    requests = (b"GET /index.html HTTP/1.1\r\nHost: www.example.test\r\nUser-Agent: rampart-test/1.0\r\n"
                b"Referer: http://ref.example.test/\r\n\r\n"
                b"POST /submit?a=1 HTTP/1.1\r\nHost: www.example.test:8080\r\nContent-Length: 7\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\nx=1&y=2"
                b"GET /files/../data.json HTTP/1.1\r\nHost: www.example.test\r\nAccept-Encoding: gzip\r\n\r\n")
    page = b"<html>hello</html>"
    packed = gzip.compress(b'{"key": "value"}' * 20, mtime=0)
    responses = (b"HTTP/1.1 200 OK\r\nServer: test\r\nContent-Type: text/html; charset=UTF-8\r\n"
                 b"Content-Length: " + str(len(page)).encode() + b"\r\n\r\n" + page +
                 b"HTTP/1.1 302 Found\r\nLocation: /done\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"5\r\nmoved\r\n0\r\n\r\n"
                 b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                 b"Content-Length: " + str(len(packed)).encode() + b"\r\n\r\n" + packed)
    cut = [0, 40, 130, 200, len(requests)]
    client = [requests[a:b] for a, b in zip(cut, cut[1:])]
    server = [responses[:60], responses[60:]]
    return client, server


def main(out):
    os.makedirs(out, exist_ok=True)
    client, server = pipeline()
    frames = session(41000, 80, client, server)
    frames += session(41001, 8081, [b"PUT /upload HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc"], [])
    write_pcap(os.path.join(out, "http_pipeline.pcap"), frames)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
