#!/usr/bin/env python3
"""Writes the SMTP and FTP captures of tests/integration/smtp_eve_test.cpp and
ftp_eve_test.cpp (into argv[1]).

smtp.pcap: three TCP sessions. Port 25: a pipelined mail with headers, the
client's commands and message split mid-line across segments, then a second
mail. Port 587: EHLO, STARTTLS, a 220 reply and a TLS ClientHello. Port 2525: a mail
found by content, not port.
ftp.pcap: two TCP sessions. Port 21: login with a multi-line reply, PASV, RETR
with a preliminary and a completion reply, EPRT, QUIT. Port 2121 (found by
content): USER, and a PORT command that is refused.

smtp_ftp_rules/smtp_ftp.rules: one rule per SMTP and FTP rule buffer or value
keyword, each matching a value these captures carry (sid 1xxx SMTP, 2xxx FTP),
and rules that must stay silent (sid x9xx) because no transaction has the value.
smtp_ftp_rules/bad_value.rules: a value keyword given a value it does not know.

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

def client_hello(sni):
    """A TLS 1.2 ClientHello record with one cipher suite and a server_name extension."""
    name = sni.encode()
    entry = b"\x00" + len(name).to_bytes(2, "big") + name
    server_name = len(entry).to_bytes(2, "big") + entry
    extensions = b"\x00\x00" + len(server_name).to_bytes(2, "big") + server_name
    body = (b"\x03\x03" + b"r" * 32 + b"\x00" + b"\x00\x02\x13\x01" + b"\x01\x00" +
            len(extensions).to_bytes(2, "big") + extensions)
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x01" + len(handshake).to_bytes(2, "big") + handshake


SMTP_STARTTLS = [
    (False, [b"220 relay.example.org ESMTP\r\n"]),
    (True, [b"EHLO laptop.example.com\r\n"]),
    (False, [b"250-relay.example.org\r\n250 STARTTLS\r\n"]),
    (True, [b"STARTTLS\r\n"]),
    (False, [b"220 2.0.0 Ready to start TLS\r\n"]),
    (True, [client_hello("relay.example.org")]),
]

MIME_MESSAGE = (b"From: Plant <plant@example.com>\r\n"
                b"To: control@example.org\r\n"
                b"Subject: Setpoints\r\n"
                b"MIME-Version: 1.0\r\n"
                b"Content-Type: multipart/mixed;\r\n"
                b" boundary=\"==outer==\"\r\n"
                b"\r\n"
                b"This is a multi-part message in MIME format.\r\n"
                b"--==outer==\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\n"
                b"Content-Transfer-Encoding: quoted-printable\r\n"
                b"\r\n"
                b"New values: see http://Portal.example.org/set=\r\n"
                b"points?id=3D4 today.\r\n"
                b"--==outer==\r\n"
                b"Content-Type: text/csv; name=\"ignored.csv\"\r\n"
                b"Content-Disposition: attachment; filename=\"setpoints.csv\"\r\n"
                b"Content-Transfer-Encoding: base64\r\n"
                b"\r\n"
                b"c2V0cG9pbnQ9NDIK\r\n"
                b"dmFsdmU9b3Blbgo=\r\n"
                b"--==outer==--\r\n"
                b".\r\n")

SMTP_MIME = [
    (False, [b"220 mx2.example.org ESMTP\r\n"]),
    (True, [b"EHLO plc.example.com\r\n"]),
    (False, [b"250 mx2.example.org\r\n"]),
    (True, [b"MAIL FROM:<plant@example.com>\r\nRCPT TO:<control@example.org>\r\nDATA\r\n"]),
    (False, [b"250 ok\r\n250 ok\r\n354 go ahead\r\n"]),
    (True, [MIME_MESSAGE[:250], MIME_MESSAGE[250:]]),
    (False, [b"250 queued\r\n"]),
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


SMTP_RULES = [
    (1001, 'smtp.helo; content:"ws1.example.com"'),
    (1002, 'smtp.mail_from; content:"<alice@example.com>"'),
    (1003, 'smtp.rcpt_to; content:"<ops@example.org>"'),
    (1004, 'email.from; content:"Alice <alice@example.com>"'),
    (1005, 'email.subject; content:"Pump station 4"'),
    (1006, 'email.to; content:"Bob <bob@example.org>, |22|Ops, Team|22|"'),
    (1007, 'email.cc; content:"carol@example.net"'),
    (1008, 'email.date; content:"26 Nov 2026 05:00:00"'),
    (1009, 'email.message_id; content:"<20261126050000.1@example.com>"'),
    (1010, 'email.x_mailer; content:"rampart-test"'),
    (1011, 'email.received; content:"by mx.example.org|3b 09|Thu"'),
    (1012, 'email.url; content:"portal.example.org/setpoints?id=4"'),
    (1013, 'file.data; content:"setpoint=42|0a|valve=open"'),
    (1014, 'file.name; content:"setpoints.csv"'),
    (1901, 'email.subject; content:"Pump station 5"'),
    (1902, 'smtp.rcpt_to; content:"<nobody@example.org>"'),
    (1903, 'file.data; content:"c2V0cG9pbnQ9NDIK"'),
]

FTP_RULES = [
    (2001, 'ftp.command; content:"RETR"'),
    (2002, 'ftp.command_data; content:"setpoints.csv"'),
    (2003, 'ftp.reply; content:"Transfer complete."'),
    (2004, 'ftp.completion_code; content:"227"'),
    (2005, 'ftp.mode:passive; ftp.command; content:"PASV"'),
    (2006, 'ftp.mode:active; ftp.completion_code; content:"500"'),
    (2007, 'ftp.reply_received:yes; ftp.command; content:"QUIT"'),
    (2008, 'ftp.dynamic_port:40000; ftp.command; content:"PASV"'),
    (2009, 'ftp.dynamic_port:>40000; ftp.command; content:"EPRT"'),
    # No direction and a value both sides have: Suricata alerts from each side.
    (2010, 'ftp.dynamic_port:40000'),
    (2901, 'ftp.reply_received:off; ftp.command; content:"QUIT"'),
    (2902, 'ftp.dynamic_port:<1024; ftp.command; content:"PASV"'),
    (2903, 'ftp.mode:active; ftp.command; content:"PASV"'),
]


def rules_text():
    lines = []
    for protocol, rules in (("smtp", SMTP_RULES), ("ftp", FTP_RULES)):
        for sid, options in rules:
            lines.append(f'alert {protocol} any any -> any any (msg:"{protocol} {sid}"; {options}; sid:{sid}; rev:1;)')
    return "\n".join(lines) + "\n"


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
               session(40003, 2525, SMTP_OTHER_PORT) + session(40004, 2526, SMTP_MIME))
    write_pcap(os.path.join(out, "ftp.pcap"), session(41001, 21, FTP_LOGIN) + session(41002, 2121, FTP_OTHER_PORT))
    rules_dir = os.path.join(out, "smtp_ftp_rules")
    os.makedirs(rules_dir, exist_ok=True)
    with open(os.path.join(rules_dir, "smtp_ftp.rules"), "w") as f:
        f.write(rules_text())
    with open(os.path.join(rules_dir, "bad_value.rules"), "w") as f:
        f.write('alert ftp any any -> any any (msg:"bad"; ftp.mode:sideways; sid:1; rev:1;)\n')


if __name__ == "__main__":
    main()
