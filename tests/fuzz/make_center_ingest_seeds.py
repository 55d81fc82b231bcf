#!/usr/bin/env python3
"""Writes seed inputs for fuzz_center_ingest into regressions/center_ingest/ (or argv[1]):
NDJSON EVE bodies as sensors send them, plain and gzip-compressed."""
import gzip
import json
import os
import sys

ALERT = {"timestamp": "2024-01-02T03:04:05.123456+0000", "event_type": "alert", "src_ip": "10.0.0.1",
         "src_port": 40000, "dest_ip": "192.0.2.7", "dest_port": 80, "proto": "TCP",
         "alert": {"action": "allowed", "gid": 1, "signature_id": 2001, "rev": 3,
                   "signature": "ET TEST", "category": "Misc", "severity": 2}}
FLOW = {"timestamp": "2024-01-02T03:04:06Z", "event_type": "flow", "src_ip": "10.0.0.1"}


def lines(*events):
    return ("\n".join(json.dumps(e) for e in events) + "\n").encode()


SEEDS = {
    "alert_and_flow": lines(ALERT, FLOW),
    "crlf_and_blank": lines(ALERT).replace(b"\n", b"\r\n") + b"\n\n" + lines(FLOW),
    "truncated_line": lines(ALERT, FLOW)[:-20],
    "nested_deep": b'{"timestamp":"2024-01-02T03:04:06Z","event_type":"x","a":' + b"[" * 200 + b"]" * 200 + b"}\n",
    "gzip_alerts": gzip.compress(lines(ALERT, ALERT, FLOW), mtime=0),
    "bad_severity": lines(dict(ALERT, alert=dict(ALERT["alert"], severity=1000))),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "regressions", "center_ingest")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
