#!/usr/bin/env python3
"""Writes the captures and rules of tests/integration/alert_test.cpp (into argv[1]).

alert_session.pcap: a TCP session to port 80 (GET /admin.php?cmd=whoami, answered
200 with "uid=0(root)"), a second session from a listed address, a DNS query for
evil.example.net over UDP, and three ICMP echo requests to 192.0.2.66.
alert.rules plus classification.config beside it: rules over packet payload,
flowbits, flowint, an HTTP buffer, a DNS buffer, an address list, a threshold and
one rule that does not parse.
reload_part1.pcap and reload_part2.records: a capture cut in two (the second part
without the file header) for the live reload test: UDP payloads "alpha", then
"alpha" and "beta".
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import eth, icmp, ipv4, tcp, udp, write_pcap  # noqa: E402

C, S, LISTED = "192.168.7.10", "10.7.0.80", "203.0.113.50"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def seg(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(ipv4(tcp(sport, dport, seq, ack, flags, payload=payload, src=src, dst=dst), src=src, dst=dst))


def session(client, sport, request, response):
    c, s = 1000, 9000
    frames = [seg(client, S, sport, 80, c, 0, SYN), seg(S, client, 80, sport, s, c + 1, SYN | ACK),
              seg(client, S, sport, 80, c + 1, s + 1, ACK)]
    c += 1
    s += 1
    frames.append(seg(client, S, sport, 80, c, s, PSH | ACK, request))
    c += len(request)
    frames.append(seg(S, client, 80, sport, s, c, PSH | ACK, response))
    s += len(response)
    frames += [seg(client, S, sport, 80, c, s, FIN | ACK), seg(S, client, 80, sport, s, c + 1, FIN | ACK),
               seg(client, S, sport, 80, c + 1, s + 1, ACK)]
    return frames


def dns_query(name):
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + qname + struct.pack(">HH", 1, 1)


REQUEST = b"GET /admin.php?cmd=whoami HTTP/1.1\r\nHost: intranet.example\r\nUser-Agent: curl/8.0\r\n\r\n"
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nuid=0(root)"
PLAIN_REQUEST = b"GET /index.html HTTP/1.1\r\nHost: intranet.example\r\n\r\n"
PLAIN_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

RULES = r"""# Rules of the alert integration test.
alert tcp any any -> any 80 (msg:"admin page requested"; flow:established,to_server; content:"GET "; depth:4; content:"/admin.php"; distance:0; classtype:web-application-attack; sid:1000001; rev:2; metadata:created_at 2026_11_26, signature_severity Major;)
alert tcp any any -> any 80 (msg:"cmd parameter"; flow:to_server; pcre:"/cmd=[a-z]+/"; content:"cmd="; flowbits:set,cmd.sent; flowbits:noalert; sid:1000002;)
alert tcp any 80 -> any any (msg:"root id after cmd"; flow:to_client; content:"uid=0("; flowbits:isset,cmd.sent; classtype:successful-admin; sid:1000003;)
alert http any any -> any any (msg:"admin URI"; http.uri; content:"/admin.php"; startswith; sid:1000004;)
alert http any any -> any any (msg:"curl client"; http.user_agent; content:"curl/"; nocase; sid:1000005;)
alert dns any any -> any any (msg:"evil domain queried"; dns.query; content:"evil.example.net"; nocase; endswith; sid:1000006;)
alert ip [203.0.113.0/24,198.51.100.1] any -> any any (msg:"listed address"; classtype:misc-attack; sid:1000007;)
alert icmp any any -> 192.0.2.66 any (msg:"ping to sinkhole"; itype:8; threshold:type limit, track by_src, count 1, seconds 60; sid:1000008;)
alert tcp any any -> any any (msg:"never"; content:"not in any packet"; sid:1000009;)
alert tcp any any -> any any (msg:"broken"; content:"x"; nosuchkeyword; sid:1000010;)
"""

CLASSIFICATION = """config classification: web-application-attack,Web Application Attack,1
config classification: successful-admin,Successful Administrator Privilege Gain,1
config classification: misc-attack,Misc Attack,2
"""


def write_reload_parts(out):
    def datagram(payload):
        return eth(ipv4(udp(5000, 6000, payload, src=C, dst=S), src=C, dst=S, proto=17))
    write_pcap(os.path.join(out, "reload_part1.pcap"), [datagram(b"alpha")])
    whole = os.path.join(out, "reload_whole.pcap")
    write_pcap(whole, [datagram(b"alpha"), datagram(b"alpha"), datagram(b"beta")])
    with open(whole, "rb") as f:
        data = f.read()
    first_record = 24 + 16 + len(datagram(b"alpha"))
    with open(os.path.join(out, "reload_part2.records"), "wb") as f:
        f.write(data[first_record:])
    os.remove(whole)


def main(out):
    frames = session(C, 40000, REQUEST, RESPONSE)
    frames += session(LISTED, 40001, PLAIN_REQUEST, PLAIN_RESPONSE)
    frames.append(eth(ipv4(udp(53000, 53, dns_query("www.evil.example.net"), src=C, dst="10.7.0.53"),
                           src=C, dst="10.7.0.53", proto=17)))
    for i in range(3):
        frames.append(eth(ipv4(icmp(8, 0, 7, i + 1, b"ping"), src=C, dst="192.0.2.66", proto=1)))
    write_pcap(os.path.join(out, "alert_session.pcap"), frames)
    write_reload_parts(out)
    rules_dir = os.path.join(out, "alert_rules")
    os.makedirs(rules_dir, exist_ok=True)
    with open(os.path.join(rules_dir, "alert.rules"), "w") as f:
        f.write(RULES)
    with open(os.path.join(rules_dir, "classification.config"), "w") as f:
        f.write(CLASSIFICATION)


if __name__ == "__main__":
    main(sys.argv[1])
