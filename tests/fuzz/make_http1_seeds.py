#!/usr/bin/env python3
"""Writes seed inputs for fuzz_http1 into regressions/http1/ (or argv[1]).

Format (see fuzz_http1.cpp): options byte (bit0 tiny limits, bit1 file hashes), then chunks of
head (bit0 to-client, bit1 gap of `length` bytes), length byte, data.
"""
import gzip
import os
import sys
import zlib

TO_SERVER, TO_CLIENT, GAP = 0, 1, 2


def chunks(direction, data, size=200):
    out = b""
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += bytes([direction, len(piece)]) + piece
    return out


def exchange(request, response, options=0, size=200):
    return bytes([options]) + chunks(TO_SERVER, request, size) + chunks(TO_CLIENT, response, size)


PACKED = gzip.compress(b"hello gzip " * 30, mtime=0)
DEFLATED = zlib.compress(b"a" * 5000)

SEEDS = {
    "get": exchange(b"GET /a/../b?x=%41 HTTP/1.1\r\nHost: h:81\r\nUser-Agent: u\r\n\r\n",
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    "pipeline_split": exchange(b"GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
                               b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 404 NF\r\n\r\n", size=7),
    "chunked": exchange(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: 1\r\n\r\n",
                        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\nzz\r\nrest"),
    "gzip": exchange(b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                     + str(len(PACKED)).encode() + b"\r\n\r\n" + PACKED),
    "deflate_tiny_limits": exchange(b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n"
                                    + DEFLATED, options=1),
    "connect": exchange(b"CONNECT h:443 HTTP/1.1\r\n\r\n\x16\x03\x01", b"HTTP/1.1 200 OK\r\n\r\n\x16\x03\x03"),
    "connect_refused": exchange(b"CONNECT h:443 HTTP/1.1\r\n\r\nGET / HTTP/1.0\r\n\r\n",
                                b"HTTP/1.1 407 No\r\nContent-Length: 0\r\n\r\nHTTP/1.0 200 OK\r\n\r\n"),
    "upgrade": exchange(b"GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", b"HTTP/1.1 101 Switching\r\n\r\n\x81\x00"),
    "continue_head_204": exchange(b"POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nxHEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n",
                                  b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                                  b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nHTTP/1.1 204 No\r\n\r\n"),
    "http09": exchange(b"GET /\r\n\r\n", b"<html>raw</html>"),
    "malformed_headers": exchange(b"GET  /x  HTTP/1.1\r\n fold\r\nNoColon\r\nA : b\r\nA: c\r\n"
                                  b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", b"HTTP/1.1 2XX x\r\n\r\n"),
    "multipart_upload": exchange(b"POST /u HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                                 b"Content-Length: 96\r\n\r\n--B\r\nContent-Disposition: form-data; name=f; "
                                 b"filename=\"a.php\"\r\n\r\n<?php ?>\r\n--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--",
                                 b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", options=2, size=11),
    "brotli_not_brotli": exchange(b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n"
                                  + DEFLATED[:64]),
    "gap": bytes([0]) + chunks(TO_SERVER, b"GET / HTTP/1.1\r\n\r\n") +
    chunks(TO_CLIENT, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab") + bytes([TO_CLIENT | GAP, 5]) +
    chunks(TO_CLIENT, b"xyz"),
}


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "regressions", "http1"))
