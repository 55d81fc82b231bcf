#!/usr/bin/env python3
"""Writes the TLS and SSH test inputs into argv[1], with the values a parser must
find in them, computed here independently (hashlib for JA3/JA4/HASSH, the
`openssl` command-line tool for the certificate):

tls12.pcap, tls12_client.bin, tls12_server.bin
    a TLS 1.2 full handshake on port 443: a Chrome-like ClientHello with GREASE
    split over two records and three segments, ServerHello, a certificate made
    by `openssl req`, ServerHelloDone, then both sides' ChangeCipherSpec.
tls12_resumed_client.bin, tls12_resumed_server.bin
    an abbreviated handshake: the server echoes the session id and changes keys.
tls12_client_auth_{client,server}{1,2}.bin
    a handshake where the server asks for the client's certificate (the same
    certificate), in the order sent: client 1, server 1, client 2.
tls13.pcap, tls13_client.bin, tls13_server.bin
    a TLS 1.3 handshake on port 8443 without SNI or ALPN.
ssh.pcap, ssh_client.bin, ssh_server.bin
    SSH banners, both KEXINITs and NEWKEYS on port 22.
tls_expected.txt
    key=value lines: the expected fingerprints and certificate fields.
"""
import datetime
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapgen as pg  # noqa: E402

SUBJECT = "/C=US/O=Rampart Test/CN=tls.example"
SUBJECT_TEXT = "C=US, O=Rampart Test, CN=tls.example"
SANS = ["tls.example", "www.tls.example"]
# FoxIO's published JA4 of the hello built below (Chrome's ciphers, extensions
# and signature algorithms): a check that this script computes JA4 correctly.
PUBLISHED_JA4 = "t13d1516h2_8daaf6152771_e5627efa2ab1"


def u8(v):
    return struct.pack("!B", v)


def u16(v):
    return struct.pack("!H", v)


def vec(data, width):
    return len(data).to_bytes(width, "big") + data


def u16s(values):
    return b"".join(u16(v) for v in values)


def is_grease(v):
    return (v & 0x0F0F) == 0x0A0A and (v >> 8) == (v & 0xFF)


def record(ctype, body, version=0x0303):
    return u8(ctype) + u16(version) + vec(body, 2)


def handshake(htype, body):
    return u8(htype) + vec(body, 3)


def ext(etype, data):
    return u16(etype) + vec(data, 2)


CIPHERS = [0x1A1A, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014,
           0x009C, 0x009D, 0x002F, 0x0035]
GROUPS = [0x2A2A, 29, 23, 24]
SIG_ALGS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
ALPNS = [b"h2", b"http/1.1"]
SNI = b"tls.example"


def chrome_hello_extensions():
    return [
        (0x0A0A, b""),
        (0, vec(u8(0) + vec(SNI, 2), 2)),
        (23, b""),
        (65281, b"\x00"),
        (10, vec(u16s(GROUPS), 2)),
        (11, vec(b"\x00", 1)),
        (35, b""),
        (16, vec(b"".join(vec(a, 1) for a in ALPNS), 2)),
        (5, b"\x01\x00\x00\x00\x00"),
        (13, vec(u16s(SIG_ALGS), 2)),
        (18, b""),
        (51, vec(u16(0x2A2A) + vec(b"\x00", 2) + u16(29) + vec(bytes(range(32)), 2), 2)),
        (45, vec(b"\x01", 1)),
        (43, vec(u16s([0x3A3A, 0x0304, 0x0303]), 1)),
        (27, vec(u16(2), 1)),
        (17513, vec(vec(b"h2", 1), 2)),
        (0x4A4A, b"\x00"),
        (21, bytes(40)),
    ]


def client_hello(ciphers, extensions, session_id=b"\x11" * 32):
    body = u16(0x0303) + bytes(range(32)) + vec(session_id, 1) + vec(u16s(ciphers), 2) + vec(b"\x00", 1)
    body += vec(b"".join(ext(t, d) for t, d in extensions), 2)
    return handshake(1, body)


def server_hello(cipher, extensions, session_id=b"\x22" * 32):
    body = u16(0x0303) + bytes(range(32, 64)) + vec(session_id, 1) + u16(cipher) + b"\x00"
    body += vec(b"".join(ext(t, d) for t, d in extensions), 2)
    return handshake(2, body)


def ja3(extensions):
    ext_types = [t for t, _ in extensions]
    fields = [str(0x0303), "-".join(str(c) for c in CIPHERS if not is_grease(c)),
              "-".join(str(e) for e in ext_types if not is_grease(e)),
              "-".join(str(g) for g in GROUPS if not is_grease(g)), "0"]
    text = ",".join(fields)
    return text, hashlib.md5(text.encode()).hexdigest()


def ja4(ciphers, extensions, sig_algs, alpns, version, has_sni):
    ciphers = [c for c in ciphers if not is_grease(c)]
    exts = [t for t, _ in extensions if not is_grease(t)]
    alpn = "00"
    if alpns:
        first = alpns[0].decode()
        alpn = first[0] + first[-1]
    a = "t%s%s%02d%02d%s" % (version, "d" if has_sni else "i", len(ciphers), len(exts), alpn)
    b = hashlib.sha256(",".join("%04x" % c for c in sorted(ciphers)).encode()).hexdigest()[:12]
    text = ",".join("%04x" % e for e in sorted(e for e in exts if e not in (0, 16)))
    if sig_algs:
        text += "_" + ",".join("%04x" % s for s in sig_algs)
    c = hashlib.sha256(text.encode()).hexdigest()[:12]
    return "%s_%s_%s" % (a, b, c)


def make_certificate(tmp):
    der = os.path.join(tmp, "cert.der")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", SUBJECT, "-days", "1",
                    "-addext", "subjectAltName=" + ",".join("DNS:" + s for s in SANS),
                    "-keyout", os.path.join(tmp, "key.pem"), "-outform", "DER", "-out", der],
                   check=True, capture_output=True)
    text = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", der, "-noout", "-fingerprint", "-sha1",
                           "-serial", "-startdate", "-enddate"], check=True, capture_output=True, text=True).stdout
    fields = {k.lower(): v for k, v in (line.split("=", 1) for line in text.strip().splitlines())}
    serial = bytes.fromhex(fields["serial"].rjust(2 * ((len(fields["serial"]) + 1) // 2), "0"))
    if serial[0] & 0x80:
        serial = b"\x00" + serial  # DER's sign byte, which Suricata prints

    def when(value):
        parsed = datetime.datetime.strptime(value.replace("  ", " "), "%b %d %H:%M:%S %Y GMT")
        return parsed.strftime("%Y-%m-%dT%H:%M:%S")

    expected = {
        "cert.subject": SUBJECT_TEXT,
        "cert.issuerdn": SUBJECT_TEXT,
        "cert.serial": ":".join("%02X" % b for b in serial),
        "cert.fingerprint": fields["sha1 fingerprint"].lower(),
        "cert.notbefore": when(fields["notbefore"]),
        "cert.notafter": when(fields["notafter"]),
        "cert.san0": SANS[0],
        "cert.san1": SANS[1],
    }
    with open(der, "rb") as f:
        return f.read(), expected


def tls12(cert):
    extensions = chrome_hello_extensions()
    hello = client_hello(CIPHERS, extensions)
    # The hello spans two records.
    client = record(22, hello[:100], 0x0301) + record(22, hello[100:], 0x0301)
    client2 = record(22, handshake(16, vec(bytes(32), 1))) + record(20, b"\x01") + record(22, bytes(40))
    server_exts = [(65281, b"\x00"), (11, vec(b"\x00", 1)), (35, b""), (16, vec(vec(b"http/1.1", 1), 2)),
                   (23, b"")]
    chain = vec(vec(cert, 3), 3)
    server = record(22, server_hello(0xC02F, server_exts)) + record(22, handshake(11, chain) + handshake(14, b""))
    server2 = record(20, b"\x01") + record(22, bytes(40)) + record(23, bytes(64))
    ja3_text, ja3_hash = ja3(extensions)
    ja3s_text = "771,49199," + "-".join(str(t) for t, _ in server_exts)
    ja4_text = ja4(CIPHERS, extensions, SIG_ALGS, ALPNS, "13", True)
    assert ja4_text == PUBLISHED_JA4, ja4_text
    expected = {
        "tls12.ja3.string": ja3_text, "tls12.ja3.hash": ja3_hash,
        "tls12.ja3s.string": ja3s_text, "tls12.ja3s.hash": hashlib.md5(ja3s_text.encode()).hexdigest(),
        "tls12.ja4": ja4_text, "tls12.sni": SNI.decode(),
    }
    return (client, client2), (server, server2), expected


def tls13():
    ciphers = [0x1301, 0x1302, 0x1303]
    extensions = [(10, vec(u16s([29]), 2)), (13, vec(u16s([0x0403, 0x0804]), 2)),
                  (51, vec(u16(29) + vec(bytes(32), 2), 2)), (43, vec(u16s([0x0304, 0x0303]), 1))]
    client = record(22, client_hello(ciphers, extensions, b""), 0x0301)
    server = record(22, server_hello(0x1301, [(43, u16(0x0304)), (51, u16(29) + vec(bytes(32), 2))], b""))
    server += record(20, b"\x01") + record(23, bytes(100))
    client2 = record(20, b"\x01") + record(23, bytes(50))
    return (client, client2), (server,), {"tls13.ja4": ja4(ciphers, extensions, [0x0403, 0x0804], [], "13", False)}


def tls13_early_data():
    # A client resuming with 0-RTT (RFC 8446 2.3): early_data (42) offered, then
    # application data records before the server's hello.
    extensions = [(43, vec(u16s([0x0304]), 1)), (42, b"")]
    return record(22, client_hello([0x1301], extensions, b""), 0x0301) + record(23, bytes(30))


def tls12_resumed():
    session = b"\x33" * 32
    client = record(22, client_hello([0xC02F, 0x009C], [(23, b"")], session))
    server = record(22, server_hello(0xC02F, [(23, b"")], session)) + record(20, b"\x01") + record(22, bytes(40))
    return client, server


def tls12_client_auth(cert):
    chain = vec(vec(cert, 3), 3)
    client1 = record(22, client_hello([0xC02F], [(23, b"")]))
    request = handshake(13, vec(b"\x01", 1) + vec(u16s([0x0401]), 2) + vec(b"", 2))
    server1 = record(22, server_hello(0xC02F, [(23, b"")]) + handshake(11, chain) + request + handshake(14, b""))
    client2 = record(22, handshake(11, chain) + handshake(16, vec(bytes(32), 1))) + record(20, b"\x01")
    return client1, server1, client2


KEX = ["curve25519-sha256", "ecdh-sha2-nistp256"]
HOSTKEY = ["ssh-ed25519", "rsa-sha2-512"]
ENC = {"c2s": ["chacha20-poly1305@openssh.com", "aes128-ctr"], "s2c": ["aes256-gcm@openssh.com", "aes128-ctr"]}
MAC = {"c2s": ["hmac-sha2-256"], "s2c": ["umac-64-etm@openssh.com", "hmac-sha1"]}
COMP = {"c2s": ["none", "zlib@openssh.com"], "s2c": ["none"]}


def ssh_packet(payload):
    padding = 8 - (len(payload) + 5) % 8
    padding += 8 if padding < 4 else 0
    return struct.pack("!IB", len(payload) + padding + 1, padding) + payload + bytes(padding)


def kexinit():
    lists = [KEX, HOSTKEY, ENC["c2s"], ENC["s2c"], MAC["c2s"], MAC["s2c"], COMP["c2s"], COMP["s2c"], [], []]
    body = b"\x14" + bytes(16) + b"".join(vec(",".join(x).encode(), 4) for x in lists) + b"\x00" + bytes(4)
    return ssh_packet(body)


def hassh(way):
    text = ";".join(",".join(x) for x in (KEX, ENC[way], MAC[way], COMP[way]))
    return text, hashlib.md5(text.encode()).hexdigest()


def ssh():
    newkeys = ssh_packet(b"\x15")
    client = b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\r\n" + kexinit() + ssh_packet(b"\x1e" + bytes(36)) + newkeys
    server = b"SSH-2.0-OpenSSH_7.4\r\n" + kexinit() + ssh_packet(b"\x1f" + bytes(200)) + newkeys + bytes(48)
    expected = {}
    for side, way in (("client", "c2s"), ("server", "s2c")):
        expected["ssh.%s.hassh.string" % side], expected["ssh.%s.hassh.hash" % side] = hassh(way)
    return client, server, expected


def tcp_frame(payload, to_server, seq, ack, flags, port, cport=50000):
    client, server = "10.20.0.2", "10.20.0.1"
    src, dst, sport, dport = (client, server, cport, port) if to_server else (server, client, port, cport)
    return pg.eth(pg.ipv4(pg.tcp(sport, dport, seq=seq, ack=ack, flags=flags, payload=payload, src=src, dst=dst),
                          src=src, dst=dst, proto=6))


def session_pcap(path, port, exchanges):
    """exchanges: (to_server, [segments]) in order."""
    SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
    c, s = 1000, 9000
    frames = [tcp_frame(b"", True, c, 0, SYN, port), tcp_frame(b"", False, s, c + 1, SYN | ACK, port),
              tcp_frame(b"", True, c + 1, s + 1, ACK, port)]
    c, s = c + 1, s + 1
    for to_server, segments in exchanges:
        for seg in segments:
            if to_server:
                frames.append(tcp_frame(seg, True, c, s, PSH | ACK, port))
                c += len(seg)
            else:
                frames.append(tcp_frame(seg, False, s, c, PSH | ACK, port))
                s += len(seg)
        frames.append(tcp_frame(b"", not to_server, s if to_server else c, c if to_server else s, ACK, port))
    frames += [tcp_frame(b"", True, c, s, FIN | ACK, port), tcp_frame(b"", False, s, c + 1, FIN | ACK, port),
               tcp_frame(b"", True, c + 1, s + 1, ACK, port)]
    pg.write_pcap(path, frames)


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cert, expected = make_certificate(tmp)
    (c1, c2), (s1, s2), more = tls12(cert)
    expected.update(more)
    write(out, "tls12_client.bin", c1 + c2)
    write(out, "tls12_server.bin", s1 + s2)
    session_pcap(os.path.join(out, "tls12.pcap"), 443,
                 [(True, [c1[:3], c1[3:150], c1[150:]]), (False, [s1]), (True, [c2]), (False, [s2])])
    (c1, c2), (s1,), more = tls13()
    expected.update(more)
    write(out, "tls13_client.bin", c1 + c2)
    write(out, "tls13_server.bin", s1)
    session_pcap(os.path.join(out, "tls13.pcap"), 8443, [(True, [c1]), (False, [s1]), (True, [c2])])
    write(out, "tls13_early_data_client.bin", tls13_early_data())
    for name, data in zip(("client1", "server1", "client2"), tls12_client_auth(cert)):
        write(out, "tls12_client_auth_%s.bin" % name, data)
    c1, s1 = tls12_resumed()
    write(out, "tls12_resumed_client.bin", c1)
    write(out, "tls12_resumed_server.bin", s1)
    c1, s1, more = ssh()
    expected.update(more)
    write(out, "ssh_client.bin", c1)
    write(out, "ssh_server.bin", s1)
    banner_end = c1.index(b"\n") + 1
    session_pcap(os.path.join(out, "ssh.pcap"), 22,
                 [(False, [s1[:10], s1[10:]]), (True, [c1[:banner_end], c1[banner_end:banner_end + 7],
                                                      c1[banner_end + 7:]])])
    with open(os.path.join(out, "tls_expected.txt"), "w") as f:
        for key, value in expected.items():
            f.write("%s=%s\n" % (key, value))


if __name__ == "__main__":
    main()
