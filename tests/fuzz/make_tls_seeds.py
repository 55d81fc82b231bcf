#!/usr/bin/env python3
"""Writes seed inputs for fuzz_tls and fuzz_ssh into regressions/tls/ and
regressions/ssh/ (or under argv[1]), built from the sessions of
tests/tools/make_tls_pcaps.py.

Format (see fuzz_tls.cpp): chunks separated by 0xFE 0xFE; a chunk's first byte
picks the direction (0x00 to the server, 0x01 to the client), the rest is data.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import make_tls_pcaps as gen  # noqa: E402

SEP = b"\xfe\xfe"
# Not a valid certificate: the seeds stay the same on every run.
FAKE_CERT = bytes.fromhex("3082010a") + bytes(266)


def session(*chunks):
    return SEP.join((b"\x01" if to_client else b"\x00") + data for to_client, data in chunks)


def tls_seeds():
    (c1, c2), (s1, s2), _ = gen.tls12(FAKE_CERT)
    (t1, t2), (u1,), _ = gen.tls13()
    rc, rs = gen.tls12_resumed()
    return {
        "tls12": session((False, c1), (True, s1), (False, c2), (True, s2)),
        "tls12_split": session((False, c1[:7]), (False, c1[7:]), (True, s1[:100]), (True, s1[100:]), (False, c2)),
        "tls13": session((False, t1), (True, u1), (False, t2)),
        "resumed": session((False, rc), (True, rs)),
        "bad_record": session((False, b"\x16\x03\x03\x48\x01")),
    }


def ssh_seeds():
    c, s, _ = gen.ssh()
    return {
        "session": session((True, s), (False, c)),
        "split": session((False, c[:40]), (True, s[:3]), (False, c[40:]), (True, s[3:])),
        "banner_only": session((False, b"SSH-2.0-x\r\n"), (True, b"SSH-2.0-y\r\n")),
    }


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              "regressions")
    for name, seeds in (("tls", tls_seeds()), ("ssh", ssh_seeds())):
        out = os.path.join(base, name)
        os.makedirs(out, exist_ok=True)
        for label, data in seeds.items():
            with open(os.path.join(out, label), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
