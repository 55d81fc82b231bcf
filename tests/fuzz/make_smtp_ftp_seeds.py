#!/usr/bin/env python3
"""Writes seed inputs for fuzz_smtp and fuzz_ftp into regressions/smtp/ and
regressions/ftp/ (or under argv[1]), built from the conversations of
tests/tools/make_smtp_ftp_pcaps.py.

Format (see app_parser_fuzz.hpp): chunks separated by 0xFE 0xFE; a chunk's first
byte picks the direction (0x00 to the server, 0x01 to the client), the rest is data.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import make_smtp_ftp_pcaps as gen  # noqa: E402

SEP = b"\xfe\xfe"


def seed(turns):
    return SEP.join((b"\x00" if to_server else b"\x01") + data for to_server, segments in turns for data in segments)


SEEDS = {
    "smtp": {
        "mail": gen.SMTP_MAIL,
        "starttls": gen.SMTP_STARTTLS,
        "mime": gen.SMTP_MIME,
        "bdat": [(False, [b"220 mx ESMTP\r\n"]), (True, [b"EHLO c\r\nMAIL FROM:<a@b>\r\nBDAT 12 LAST\r\nSubject: x\r\n"]),
                 (False, [b"250 hi\r\n250 ok\r\n250 ok\r\n"])],
    },
    "ftp": {"login": gen.FTP_LOGIN, "other_port": gen.FTP_OTHER_PORT,
            "auth_tls": [(False, [b"220 ftp ready\r\n"]), (True, [b"AUTH TLS\r\n"]),
                         (False, [b"234 go\r\n"]), (True, [b"\x16\x03\x01\x00\x00"])]},
}


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "regressions")
    for target, seeds in SEEDS.items():
        os.makedirs(os.path.join(base, target), exist_ok=True)
        for name, turns in seeds.items():
            with open(os.path.join(base, target, name), "wb") as f:
                f.write(seed(turns))


if __name__ == "__main__":
    main()
