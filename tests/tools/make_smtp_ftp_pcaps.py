#!/usr/bin/env python3
"""Writes the SMTP and FTP captures of tests/integration/smtp_eve_test.cpp and
ftp_eve_test.cpp (into argv[1]).

smtp.pcap: three TCP sessions. Port 25: a pipelined mail with headers, the
client's commands and message split mid-line across segments, then a second
mail. Port 587: EHLO, STARTTLS, a 220 reply and TLS bytes. Port 2525: a mail
found by content, not port.
ftp.pcap: two TCP sessions. Port 21: login with a multi-line reply, PASV, RETR
with a preliminary and a completion reply, EPRT, QUIT. Port 2121 (found by
content): USER, and a PORT command that is refused.

The turns of each conversation are also importable (SMTP_MAIL, FTP_LOGIN, ...)
by tests/fuzz/make_smtp_ftp_seeds.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, ipv4, tcp, write_pcap  # noqa: E402

CLIENT, SERVER = "192.168.9.10", "10.9.0.25"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01

MESSAGE = (b"Received: from ws1.example.com by mx.example.org;\r\n"
           b"\tThu, 26 Nov 2026 05:00:00 +0000\r\n"
           b"From: Alice <alice@example.com>\r\n"
           b"To: Bob <bob@example.org>, \"Ops, Team\" <ops@example.org>\r\n"
           b"Cc: carol@example.net\r\n"
           b"Subject: Pump station 4 maintenance\r\n"
           b"Date: Thu, 26 Nov 2026 05:00:00 +0000\r\n"
           b"Message-Id: <20261126050000.1@example.com>\r\n"
           b"X-Mailer: rampart-test 1.0\r\n"
           b"\r\n"
           b"The maintenance window is Saturday.\r\n"
           b"..and this line started with a dot.\r\n"
           b".\r\n")

# (to_server, [segments]) in the order sent.
SMTP_MAIL = [
    (False, [b"220 mx.example.org ESMTP Postfix\r\n"]),
    (True, [b"EHLO ws1.exam", b"ple.com\r\n"]),
    (False, [b"250-mx.example.org\r\n250-PIPELINING\r\n", b"250 8BITMIME\r\n"]),
    (True, [b"MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<ops@",
            b"example.org>\r\nDATA\r\n"]),
    (False, [b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"]),
    (True, [MESSAGE[:100], MESSAGE[100:300], MESSAGE[300:]]),
    (False, [b"250 2.0.0 Ok: queued as 1\r\n"]),
    (True, [b"MAIL FROM:<alice@example.com>\r\nRCPT TO:<carol@example.net>\r\nDATA\r\n"]),
    (False, [b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n"]),
    (True, [b"Subject: second\r\n\r\nshort\r\n.\r\n"]),
    (False, [b"250 2.0.0 Ok: queued as 2\r\n"]),
    (True, [b"QUIT\r\n"]),
    (False, [b"221 2.0.0 Bye\r\n"]),
]

SMTP_STARTTLS = [
    (False, [b"220 relay.example.org ESMTP\r\n"]),
    (True, [b"EHLO laptop.example.com\r\n"]),
    (False, [b"250-relay.example.org\r\n250 STARTTLS\r\n"]),
    (True, [b"STARTTLS\r\n"]),
    (False, [b"220 2.0.0 Ready to start TLS\r\n"]),
    (True, [b"\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00"]),
]

SMTP_OTHER_PORT = [
    (False, [b"220 hidden.example.org ESMTP\r\n"]),
    (True, [b"HELO box\r\n"]),
    (False, [b"250 hidden.example.org\r\n"]),
    (True, [b"MAIL FROM:<x@box>\r\nRCPT TO:<y@hidden.example.org>\r\n"]),
    (False, [b"250 ok\r\n250 ok\r\n"]),
]

FTP_LOGIN = [
    (False, [b"220 (vsFTPd 3.0.3)\r\n"]),
    (True, [b"USER anonymous\r\n"]),
    (False, [b"331 Please specify the password.\r\n"]),
    (True, [b"PA", b"SS guest@\r\n"]),
    (False, [b"230-Welcome to the\r\n", b" plant archive.\r\n230 Login successful.\r\n"]),
    (True, [b"PASV\r\n"]),
    (False, [b"227 Entering Passive Mode (10,9,0,25,156,64).\r\n"]),
    (True, [b"RETR setpoints.csv\r\n"]),
    (False, [b"150 Opening BINARY mode data connection.\r\n", b"226 Transfer complete.\r\n"]),
    (True, [b"EPRT |1|192.168.9.10|40001|\r\n"]),
    (False, [b"200 EPRT command successful.\r\n"]),
    (True, [b"QUIT\r\n"]),
    (False, [b"221 Goodbye.\r\n"]),
]

FTP_OTHER_PORT = [
    (True, [b"USER operator\r\n"]),
    (False, [b"220 Welcome\r\n331 Password required\r\n"]),
    (True, [b"PORT 192,168,9,10,0,80\r\n"]),
    (False, [b"500 Illegal PORT command.\r\n"]),
]


def frame(payload, to_server, seq, ack, flags, cport, sport):
    src, dst, a, b = (CLIENT, SERVER, cport, sport) if to_server else (SERVER, CLIENT, sport, cport)
    return eth(ipv4(tcp(a, b, seq=seq, ack=ack, flags=flags, payload=payload, src=src, dst=dst), src=src, dst=dst))


def session(cport, sport, turns):
    """Handshake, the turns in order (each acknowledged), FIN teardown."""
    c, s = 1000, 5000
    frames = [frame(b"", True, c, 0, SYN, cport, sport), frame(b"", False, s, c + 1, SYN | ACK, cport, sport),
              frame(b"", True, c + 1, s + 1, ACK, cport, sport)]
    c, s = c + 1, s + 1
    for to_server, segments in turns:
        for data in segments:
            frames.append(frame(data, to_server, c if to_server else s, s if to_server else c, PSH | ACK,
                                cport, sport))
            if to_server:
                c += len(data)
            else:
                s += len(data)
        frames.append(frame(b"", not to_server, s if to_server else c, c if to_server else s, ACK, cport, sport))
    frames += [frame(b"", True, c, s, FIN | ACK, cport, sport), frame(b"", False, s, c + 1, FIN | ACK, cport, sport),
               frame(b"", True, c + 1, s + 1, ACK, cport, sport)]
    return frames


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write_pcap(os.path.join(out, "smtp.pcap"),
               session(40001, 25, SMTP_MAIL) + session(40002, 587, SMTP_STARTTLS) +
               session(40003, 2525, SMTP_OTHER_PORT))
    write_pcap(os.path.join(out, "ftp.pcap"), session(41001, 21, FTP_LOGIN) + session(41002, 2121, FTP_OTHER_PORT))


if __name__ == "__main__":
    main()
