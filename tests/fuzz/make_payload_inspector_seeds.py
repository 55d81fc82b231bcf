#!/usr/bin/env python3
"""Writes seed buffers for fuzz_payload_inspector into regressions/payload_inspector/ (or argv[1]).

Each seed makes some rules of the fuzz target's fixed list get past their first
keywords: retried contents, byte_* numbers, base64, ASN.1 BER, URL and header text.
"""
import os
import sys

SEEDS = {
    "retry_contents": b"axxab-c",
    "http_get": b"GET /aab HTTP/1.1\r\n",
    "byte_numbers": b"L\x04\x00\x02\x09\x00\x00\x00\x00\x00\x00\x00\x00",
    "string_math": b"0aXXXXXXXXXXz" + b"z" * 40,
    "offset_variable": b"\x03xxyw",
    "base64": b"data=eHl6IHRlc3Q=",
    "asn1_bitstring": b"\x30\x06\x03\x01\xff\x02\x01\x05",
    "asn1_relative": b"q\x03\x01\xff",
    "jump_from_end": b"10abcdefgh\x12\x34\x56\x78",
    "digits": b"123x\x01\x02\x03\x04\x05\x06",
    "headers": b":method: GET\r\nHost:  Example.COM\r\n:path: /\r\n",
    "url": b"/a%20b+c%2Fd%zz/dGVzdA%3D%3D",
    "pcrexform": b"xxa123zyy",
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "regressions", "payload_inspector")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
