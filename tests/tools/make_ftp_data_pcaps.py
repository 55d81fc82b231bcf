#!/usr/bin/env python3
"""Writes the FTP data-channel capture of tests/integration/ftp_data_eve_test.cpp
(into argv[1]).

ftp_data.pcap: one FTP control connection (192.168.9.10 -> 10.9.0.21:21) that
 1. logs in, asks PASV (227, port 50000) and RETRs setpoints.csv: the client opens
    the data connection to 10.9.0.21:50000 and the server sends the file;
 2. sends PORT 192,168,9,10,164,65 (port 42049), accepted, and STOR report.txt:
    the server opens the data connection from port 20 to 192.168.9.10:42049 and
    the client sends the file (active mode: the data flow's client is the FTP server);
 3. sends PORT naming 10.9.0.99 port 80, accepted by the server: an FTP bounce;
 4. QUITs.
The data connections interleave with the control connection as they do on the wire.

ftp_data_rules/ftp_data.rules: rules on the data channels and the bounce (sids
1-3 match, sid 9 must stay silent).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, ipv4, tcp, write_pcap  # noqa: E402

CLIENT, SERVER = "192.168.9.10", "10.9.0.21"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01

FILE_DOWN = b"setpoint,value\npump4,42\nvalve2,open\n"
FILE_UP = b"shift report: all pumps nominal\n"

RULES = """\
alert ftp-data any any -> any any (msg:"setpoints downloaded"; ftpdata_command:retr; file_data; content:"pump4"; sid:1; rev:1;)
alert ftp-data any any -> any any (msg:"report uploaded"; ftpdata_command:stor; sid:2; rev:1;)
alert tcp any any -> any any (msg:"FTP bounce"; ftpbounce; sid:3; rev:1;)
alert ftp-data any any -> any any (msg:"never"; ftpdata_command:stor; file_data; content:"pump4"; sid:9; rev:1;)
"""


class Connection:
    """One TCP connection; every method appends its packets to `frames`."""

    def __init__(self, frames, initiator, iport, responder, rport):
        self.frames = frames
        self.ends = {True: (initiator, iport), False: (responder, rport)}
        self.seq = {True: 1000 + iport, False: 7000 + rport}

    def _send(self, from_initiator, flags, payload=b""):
        (src, sport), (dst, dport) = self.ends[from_initiator], self.ends[not from_initiator]
        seq, ack = self.seq[from_initiator], self.seq[not from_initiator]
        self.frames.append(eth(ipv4(tcp(sport, dport, seq=seq, ack=ack, flags=flags, payload=payload,
                                        src=src, dst=dst), src=src, dst=dst)))
        self.seq[from_initiator] += len(payload) + (1 if flags & (SYN | FIN) else 0)

    def open(self):
        (src, sport), (dst, dport) = self.ends[True], self.ends[False]
        self.frames.append(eth(ipv4(tcp(sport, dport, seq=self.seq[True], flags=SYN, src=src, dst=dst),
                                    src=src, dst=dst)))
        self.seq[True] += 1
        self._send(False, SYN | ACK)
        self._send(True, ACK)

    def say(self, from_initiator, payload):
        self._send(from_initiator, PSH | ACK, payload)
        self._send(not from_initiator, ACK)

    def close(self):
        self._send(True, FIN | ACK)
        self._send(False, FIN | ACK)
        self._send(True, ACK)


def capture():
    frames = []
    control = Connection(frames, CLIENT, 42000, SERVER, 21)
    control.open()
    for from_client, text in [(False, b"220 plant archive FTP\r\n"), (True, b"USER operator\r\n"),
                              (False, b"331 Password required.\r\n"), (True, b"PASS s3cret\r\n"),
                              (False, b"230 Login successful.\r\n"), (True, b"PASV\r\n"),
                              (False, b"227 Entering Passive Mode (10,9,0,21,195,80).\r\n")]:
        control.say(from_client, text)
    download = Connection(frames, CLIENT, 42001, SERVER, 50000)
    download.open()
    control.say(True, b"RETR setpoints.csv\r\n")
    control.say(False, b"150 Opening BINARY mode data connection.\r\n")
    download.say(False, FILE_DOWN)
    download.close()
    control.say(False, b"226 Transfer complete.\r\n")

    control.say(True, b"PORT 192,168,9,10,164,65\r\n")
    control.say(False, b"200 PORT command successful.\r\n")
    control.say(True, b"STOR report.txt\r\n")
    upload = Connection(frames, SERVER, 20, CLIENT, 42049)
    upload.open()
    control.say(False, b"150 Ok to send data.\r\n")
    upload.say(False, FILE_UP)
    upload.close()
    control.say(False, b"226 Transfer complete.\r\n")

    control.say(True, b"PORT 10,9,0,99,0,80\r\n")
    control.say(False, b"200 PORT command successful.\r\n")
    control.say(True, b"QUIT\r\n")
    control.say(False, b"221 Goodbye.\r\n")
    control.close()
    return frames


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write_pcap(os.path.join(out, "ftp_data.pcap"), capture())
    rules_dir = os.path.join(out, "ftp_data_rules")
    os.makedirs(rules_dir, exist_ok=True)
    with open(os.path.join(rules_dir, "ftp_data.rules"), "w") as f:
        f.write(RULES)


if __name__ == "__main__":
    main()
