#!/usr/bin/env python3
"""make_center_events.py OUT [--events N] [--seed S]: writes N lines of NDJSON EVE as a
Suricata-compatible sensor uploads them to `rampart center`: about 80% alerts (HTTP, DNS
and TLS alerts with flow, metadata and application records, 700-1100 bytes each), 18%
flow records and 2% stats records, over one day of time, deterministic for a seed.
Used by bench/center-ingest-bench; nothing here is committed as data."""
import argparse
import json
import random
import time

CATEGORIES = [
    "Potential Corporate Privacy Violation",
    "A Network Trojan was detected",
    "Attempted Information Leak",
    "Misc activity",
    "Potentially Bad Traffic",
    "Attempted Administrator Privilege Gain",
    "Web Application Attack",
    "Detection of a Network Scan",
]
FAMILIES = ["ET POLICY", "ET MALWARE", "ET INFO", "ET SCAN", "ET EXPLOIT", "ET WEB_SERVER", "ET TROJAN", "ET DNS"]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "curl/7.88.1",
    "python-requests/2.31.0",
    "Microsoft-CryptoAPI/10.0",
]
HOSTS = ["update.example.com", "cdn.example.net", "login.example.org", "files.example.biz", "api.example.io"]
DAY_START_US = 1_709_600_000_000_000  # 2024-03-05T00:53:20Z


def timestamp(time_us):
    seconds, micros = divmod(time_us, 1_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{micros:06d}+0000"


def signatures(rng, count=500):
    out = []
    for i in range(count):
        family = rng.choice(FAMILIES)
        out.append({
            "sid": 2_000_000 + i * 37,
            "rev": rng.randint(1, 9),
            "msg": f"{family} suspicious activity pattern {i} observed in {rng.choice(['request', 'response', 'query', 'handshake'])}",
            "category": rng.choice(CATEGORIES),
            "severity": rng.choice([1, 2, 2, 3, 3, 3]),
        })
    return out


def addresses(rng):
    internal = f"10.{rng.randint(0, 15)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    external = f"{rng.choice([198, 203, 185, 45])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return (internal, external) if rng.random() < 0.7 else (external, internal)


def flow_part(rng, start):
    to_server = rng.randint(1, 40)
    return {"pkts_toserver": to_server, "pkts_toclient": rng.randint(0, 60), "bytes_toserver": to_server * rng.randint(60, 1400),
            "bytes_toclient": rng.randint(0, 90000), "start": start}


def app_record(rng):
    kind = rng.choice(["http", "http", "dns", "tls"])
    if kind == "http":
        return "http", {"hostname": rng.choice(HOSTS), "url": f"/{rng.choice(['index', 'login', 'api/v2/items', 'dl'])}?id={rng.randint(1, 99999)}",
                        "http_user_agent": rng.choice(AGENTS), "http_content_type": "text/html", "http_method": rng.choice(["GET", "POST"]),
                        "protocol": "HTTP/1.1", "status": rng.choice([200, 301, 404, 500]), "length": rng.randint(0, 50000)}
    if kind == "dns":
        return "dns", {"type": "query", "id": rng.randint(0, 65535), "rrname": f"{rng.randint(1, 9999)}.{rng.choice(HOSTS)}", "rrtype": "A", "tx_id": 0}
    return "tls", {"subject": f"CN={rng.choice(HOSTS)}", "issuerdn": "C=US, O=Example CA, CN=Example Issuing CA", "serial": "0A:1B:2C:3D",
                   "fingerprint": ":".join(f"{rng.randint(0, 255):02x}" for _ in range(20)), "sni": rng.choice(HOSTS), "version": "TLS 1.2",
                   "notbefore": "2024-01-01T00:00:00", "notafter": "2025-01-01T00:00:00", "ja3": {"hash": f"{rng.getrandbits(128):032x}"}}


def alert_event(rng, sigs, time_us):
    sig = rng.choice(sigs)
    src, dest = addresses(rng)
    proto_name, record = app_record(rng)
    ts = timestamp(time_us)
    event = {"timestamp": ts, "flow_id": rng.getrandbits(52), "in_iface": "eth0", "event_type": "alert", "src_ip": src,
             "src_port": rng.randint(1024, 65535), "dest_ip": dest, "dest_port": {"http": 80, "dns": 53, "tls": 443}[proto_name],
             "proto": "UDP" if proto_name == "dns" else "TCP", "pkt_src": "wire/pcap",
             "community_id": f"1:{rng.getrandbits(160):040x}=",
             "alert": {"action": "allowed", "gid": 1, "signature_id": sig["sid"], "rev": sig["rev"], "signature": sig["msg"],
                       "category": sig["category"], "severity": sig["severity"],
                       "metadata": {"created_at": ["2019_07_26"], "updated_at": ["2023_11_02"],
                                    "signature_severity": [rng.choice(["Minor", "Major", "Critical"])]}},
             proto_name: record, "app_proto": proto_name, "direction": "to_server", "flow": flow_part(rng, ts)}
    return event


def flow_event(rng, time_us):
    src, dest = addresses(rng)
    ts = timestamp(time_us)
    flow = flow_part(rng, ts)
    flow.update({"end": ts, "age": rng.randint(0, 120), "state": "closed", "reason": "timeout", "alerted": False})
    return {"timestamp": ts, "flow_id": rng.getrandbits(52), "in_iface": "eth0", "event_type": "flow", "src_ip": src,
            "src_port": rng.randint(1024, 65535), "dest_ip": dest, "dest_port": rng.choice([53, 80, 443, 8080]), "proto": "TCP",
            "app_proto": rng.choice(["http", "tls", "dns", "failed"]), "flow": flow, "tcp": {"tcp_flags": "1b", "syn": True, "fin": True, "ack": True}}


def stats_event(rng, time_us):
    return {"timestamp": timestamp(time_us), "event_type": "stats",
            "stats": {"uptime": rng.randint(1, 86400), "capture": {"kernel_packets": rng.randint(0, 10**9), "kernel_drops": rng.randint(0, 1000)},
                      "decoder": {"pkts": rng.randint(0, 10**9), "bytes": rng.randint(0, 10**12), "ipv4": rng.randint(0, 10**9), "tcp": rng.randint(0, 10**9)},
                      "flow": {"memuse": rng.randint(0, 10**8), "tcp": rng.randint(0, 10**6), "udp": rng.randint(0, 10**6)},
                      "detect": {"alert": rng.randint(0, 10**6)}}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sigs = signatures(rng)
    step_us = max(1, 86_400_000_000 // max(1, args.events))
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.events):
            time_us = DAY_START_US + i * step_us + rng.randint(0, step_us)
            roll = rng.random()
            if roll < 0.80:
                event = alert_event(rng, sigs, time_us)
            elif roll < 0.98:
                event = flow_event(rng, time_us)
            else:
                event = stats_event(rng, time_us)
            out.write(json.dumps(event, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
