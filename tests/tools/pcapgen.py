"""Small packet builder for Rampart's test captures (Python standard library only).

Build frames layer by layer (eth(), vlan(), ipv4(), ipv6(), tcp(), udp(), icmp() ...)
and write them with write_pcap(). Checksums are computed unless given explicitly,
so tests can also craft bad ones.
"""
import struct

DLT_NULL, DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2 = 0, 1, 101, 113, 276


def csum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(text: str) -> bytes:
    return bytes(int(x) for x in text.split("."))


def ip6(text: str) -> bytes:
    import ipaddress
    return ipaddress.IPv6Address(text).packed


def mac(text: str) -> bytes:
    return bytes(int(x, 16) for x in text.split(":"))


def eth(payload: bytes, ethertype=0x0800, src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb") -> bytes:
    return mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload


def vlan_tag(vid: int, inner_ethertype: int, tpid_payload: bytes) -> bytes:
    """802.1Q tag body (TCI + inner ethertype) followed by the payload."""
    return struct.pack("!HH", vid & 0x0FFF, inner_ethertype) + tpid_payload


def ipv4(payload: bytes, src="10.0.0.1", dst="10.0.0.2", proto=6, ttl=64, ident=1, flags_frag=0,
         options=b"", checksum=None, total_len=None, ihl=None, version=4) -> bytes:
    hlen = 20 + len(options)
    ihl = hlen // 4 if ihl is None else ihl
    tl = hlen + len(payload) if total_len is None else total_len
    hdr = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, tl, ident, flags_frag, ttl, proto, 0,
                      ip4(src), ip4(dst)) + options
    c = csum(hdr) if checksum is None else checksum
    hdr = hdr[:10] + struct.pack("!H", c) + hdr[12:]
    return hdr + payload


def ipv6(payload: bytes, src="2001:db8::1", dst="2001:db8::2", nh=6, hlim=64, plen=None) -> bytes:
    pl = len(payload) if plen is None else plen
    return struct.pack("!IHBB16s16s", 6 << 28, pl, nh, hlim, ip6(src), ip6(dst)) + payload


def _pseudo4(src, dst, proto, length):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, length)


def _pseudo6(src, dst, proto, length):
    return ip6(src) + ip6(dst) + struct.pack("!IxxxB", length, proto)


def tcp(sport, dport, seq=0, ack=0, flags=0x02, window=65535, options=b"", payload=b"",
        src="10.0.0.1", dst="10.0.0.2", v6=False, checksum=None) -> bytes:
    """flags: FIN 1, SYN 2, RST 4, PSH 8, ACK 16. src/dst only feed the checksum."""
    while len(options) % 4:
        options += b"\x01"
    off = (20 + len(options)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags,
                      window, 0, 0) + options
    seg = hdr + payload
    if checksum is None:
        ph = _pseudo6(src, dst, 6, len(seg)) if v6 else _pseudo4(src, dst, 6, len(seg))
        checksum = csum(ph + seg)
    return seg[:16] + struct.pack("!H", checksum) + seg[18:]


def udp(sport, dport, payload=b"", src="10.0.0.1", dst="10.0.0.2", v6=False, length=None) -> bytes:
    ln = 8 + len(payload) if length is None else length
    seg = struct.pack("!HHHH", sport, dport, ln, 0) + payload
    ph = _pseudo6(src, dst, 17, len(seg)) if v6 else _pseudo4(src, dst, 17, len(seg))
    c = csum(ph + seg) or 0xFFFF
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def icmp(itype=8, code=0, ident=1, seq=1, payload=b"") -> bytes:
    msg = struct.pack("!BBHHH", itype, code, 0, ident, seq) + payload
    return msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]


def icmpv6(itype=128, code=0, body=b"\0\x01\0\x01", src="2001:db8::1", dst="2001:db8::2") -> bytes:
    msg = struct.pack("!BBH", itype, code, 0) + body
    c = csum(_pseudo6(src, dst, 58, len(msg)) + msg)
    return msg[:2] + struct.pack("!H", c) + msg[4:]


def write_pcap(path: str, frames, linktype=DLT_EN10MB, start_ts=1700000000.0, step=0.001, snaplen=262144):
    """frames: iterable of bytes, or of (timestamp_seconds, bytes)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype))
        ts = start_ts
        for item in frames:
            if isinstance(item, tuple):
                ts, data = item
            else:
                data = item
            sec = int(ts)
            usec = int(round((ts - sec) * 1e6))
            f.write(struct.pack("<IIII", sec, usec, len(data), len(data)) + data)
            ts += step


# --- Link layers and encapsulations used by the decoder tests ---------------------

DLT_LOOP = 108


def sll(payload: bytes, protocol=0x0800, packet_type=0, hatype=1, addr="00:11:22:33:44:55") -> bytes:
    """Linux cooked capture v1 header (16 bytes)."""
    a = mac(addr)
    return struct.pack("!HHH8sH", packet_type, hatype, len(a), a + b"\0" * (8 - len(a)), protocol) + payload


def sll2(payload: bytes, protocol=0x0800, ifindex=1, hatype=1, packet_type=0, addr="00:11:22:33:44:55") -> bytes:
    """Linux cooked capture v2 header (20 bytes)."""
    a = mac(addr)
    return struct.pack("!HHIHBB8s", protocol, 0, ifindex, hatype, packet_type, len(a),
                       a + b"\0" * (8 - len(a))) + payload


def null_hdr(payload: bytes, family=2, network_order=False) -> bytes:
    """BSD loopback header: 4-byte address family (host order for DLT_NULL)."""
    return struct.pack("!I" if network_order else "<I", family) + payload


def vlan(payload: bytes, vid: int, inner_ethertype=0x0800, pcp=0) -> bytes:
    """802.1Q/802.1ad tag body: TCI then the inner ethertype."""
    return struct.pack("!HH", (pcp << 13) | (vid & 0x0FFF), inner_ethertype) + payload


def mpls(payload: bytes, labels, ttl=64) -> bytes:
    """An MPLS label stack; the last label gets the bottom-of-stack bit."""
    out = b""
    for i, label in enumerate(labels):
        bos = 1 if i == len(labels) - 1 else 0
        out += struct.pack("!I", (label << 12) | (bos << 8) | ttl)
    return out + payload


def pppoe_session(ppp_payload: bytes, ppp_proto=0x0021, session=1, code=0, length=None, proto_bytes=2) -> bytes:
    # proto_bytes=1: the compressed one-byte protocol field of RFC 1661 section 6.5
    body = (struct.pack("!H", ppp_proto) if proto_bytes == 2 else bytes([ppp_proto])) + ppp_payload
    ln = len(body) if length is None else length
    return struct.pack("!BBHH", 0x11, code, session, ln) + body


def pppoe_discovery(tags: bytes = b"", code=0x09, length=None) -> bytes:
    ln = len(tags) if length is None else length
    return struct.pack("!BBHH", 0x11, code, 0, ln) + tags


def gre(payload: bytes, proto=0x0800, key=None, seq=None, checksum=False, version=0, flags_extra=0,
        ack=None) -> bytes:
    """GRE header (RFC 2784/2890; version 1 is PPTP's enhanced GRE, key = (len << 16) | call id)."""
    f0 = flags_extra
    f1 = version
    opt = b""
    if checksum:
        f0 |= 0x80
        opt += b"\0\0\0\0"
    if key is not None:
        f0 |= 0x20
        opt += struct.pack("!I", key)
    if seq is not None:
        f0 |= 0x10
        opt += struct.pack("!I", seq)
    if ack is not None:
        f1 |= 0x80
        opt += struct.pack("!I", ack)
    hdr = struct.pack("!BBH", f0, f1, proto) + opt
    if checksum:
        c = csum(hdr + payload)
        hdr = hdr[:4] + struct.pack("!H", c) + hdr[6:]
    return hdr + payload


def erspan2(payload: bytes, session=1, vlan_id=0) -> bytes:
    """ERSPAN type II header (version 1)."""
    return struct.pack("!HHI", (1 << 12) | vlan_id, session & 0x3FF, 0) + payload


def erspan3(payload: bytes, session=1, vlan_id=0, subheader=False) -> bytes:
    """ERSPAN type III header (version 2), optionally with the 8-byte platform subheader."""
    hdr = struct.pack("!HHII", (2 << 12) | vlan_id, session & 0x3FF, 0, 1 if subheader else 0)
    return hdr + (b"\0" * 8 if subheader else b"") + payload


def vxlan(inner_frame: bytes, vni: int, flags=0x08) -> bytes:
    return struct.pack("!BxxxI", flags, vni << 8) + inner_frame


def geneve(inner: bytes, vni: int, proto=0x6558, options=b"", version=0) -> bytes:
    return struct.pack("!BBHI", (version << 6) | (len(options) // 4), 0, proto, vni << 8) + options + inner


def ipv6_ext(nh: int, body: bytes) -> bytes:
    """Generic extension header (hop-by-hop, routing, destination): body padded to 8n-2 bytes."""
    while (len(body) + 2) % 8:
        body += b"\0"
    return struct.pack("!BB", nh, (len(body) + 2) // 8 - 1) + body


def ipv6_frag_hdr(nh: int, offset: int, more: bool, ident: int, reserved=0) -> bytes:
    """IPv6 fragment header; offset in bytes (a multiple of 8)."""
    return struct.pack("!BBHI", nh, reserved, (offset & 0xFFF8) | (1 if more else 0), ident)


def ipv4_fragments(payload: bytes, pieces, src="10.0.0.1", dst="10.0.0.2", proto=17, ident=7):
    """IPv4 fragments of payload; pieces: list of (offset, length, more) or (offset, data, more)."""
    out = []
    for off, what, more in pieces:
        data = payload[off:off + what] if isinstance(what, int) else what
        out.append(ipv4(data, src=src, dst=dst, proto=proto, ident=ident,
                        flags_frag=(0x2000 if more else 0) | (off // 8)))
    return out


def ipv6_fragments(payload: bytes, pieces, src="2001:db8::1", dst="2001:db8::2", nh=17, ident=9):
    """IPv6 fragments; pieces as for ipv4_fragments."""
    out = []
    for off, what, more in pieces:
        data = payload[off:off + what] if isinstance(what, int) else what
        out.append(ipv6(ipv6_frag_hdr(nh, off, more, ident) + data, src=src, dst=dst, nh=44))
    return out
