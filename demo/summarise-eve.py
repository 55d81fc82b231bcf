#!/usr/bin/env python3
"""Prints a short, readable account of an eve.json: records by type, conversations by
protocol and port, the busiest talkers, DNS and HTTP activity, and every anomaly."""
import collections
import json
import sys

events = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by_type = collections.Counter(e["event_type"] for e in events)
print("EVE records: " + ", ".join(f"{n} {t}" for t, n in by_type.most_common()))

flows = [e for e in events if e["event_type"] == "flow"]
services = collections.Counter((f["proto"], f.get("dest_port")) for f in flows)
print("\nConversations by service:")
for (proto, port), n in services.most_common(8):
    print(f"  {proto:<5} {port if port is not None else '-':>6}  {n} flows")

# A connection attempt answered only by a reset: one packet each way, RST seen.
refused = collections.Counter(f["src_ip"] for f in flows if f["proto"] == "TCP" and f.get("tcp", {}).get("rst")
                              and f["flow"]["pkts_toserver"] == 1 and f["flow"]["pkts_toclient"] == 1)
for src, n in refused.most_common(3):
    if n >= 5:
        print(f"\nPossible port scan: {src} had {n} connection attempts refused with a reset")

talkers = collections.Counter()
for f in flows:
    talkers[f["src_ip"]] += f["flow"]["bytes_toserver"] + f["flow"]["bytes_toclient"]
print("\nBusiest talkers (bytes in their flows):")
for ip, n in talkers.most_common(5):
    print(f"  {ip:<16} {n} bytes")

dns = [e["dns"] for e in events if e["event_type"] == "dns"]
names = collections.Counter(q["rrname"] for d in dns if d.get("type") == "request" for q in d.get("queries", []))
if names:
    print("\nDNS names asked for:")
    for name, n in names.most_common(5):
        print(f"  {name} ({n})")
http = [e for e in events if e["event_type"] == "http"]
if http:
    print("\nHTTP requests:")
    for e in http[:10]:
        h = e["http"]
        print(f"  {e['src_ip']} {h.get('http_method', '?')} {h.get('hostname', '')}{h.get('url', '')} "
              f"-> {h.get('status', 'no response')} ({h.get('http_user_agent', 'no user agent')})")

anomalies = [e for e in events if e["event_type"] == "anomaly"]
if anomalies:
    print("\nAnomalies:")
    for a in anomalies:
        where = f"{a.get('src_ip', '?')} -> {a.get('dest_ip', '?')}"
        # Anomalies raised at a flow's end belong to no packet.
        when = f"packet {a['pcap_cnt']}" if "pcap_cnt" in a else "flow end"
        print(f"  {when}: {a['anomaly']['event']} ({where})")
stats = [e for e in events if e["event_type"] == "stats"]
if stats:
    d = stats[-1]["stats"]["decoder"]
    print(f"\nDecoded {d['pkts']} packets ({d['bytes']} bytes); "
          f"{stats[-1]['stats']['defrag']['ipv4']['reassembled']} fragmented datagrams reassembled.")
