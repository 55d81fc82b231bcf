#!/usr/bin/env python3
"""Writes seed inputs for fuzz_center_api into regressions/center_api/ (or argv[1]):
a selector byte (0 list target, 1 new incident, 2 edit, 3 note, 4 task, 5 task done,
6 alert links, 7 observable) followed by the target or JSON body."""
import json
import os
import sys

SEEDS = {
    "list_filters": (0, "/api/v1/incidents?state=new&level=II&category=other&assignee=ana&since=2026-01-01T00:00:00Z&until=1900000000&limit=5"),
    "list_cursor": (0, "/api/v1/incidents?next=313730303030303030302e37&limit=1000"),
    "list_bad_level": (0, "/api/v1/incidents?level=V&limit=0"),
    "new_incident": (1, json.dumps({"title": "ransomware", "category": "harmful-program", "level": "I",
                                    "assignee": "ana", "alerts": [3, 1, 3]})),
    "new_incident_numeric_level": (1, json.dumps({"title": "t", "category": "other", "level": 4})),
    "new_incident_bad_alerts": (1, json.dumps({"title": "t", "category": "other", "level": 4, "alerts": [1.5, -2]})),
    "edit_level_reason": (2, json.dumps({"level": "II", "reason": "spread", "assignee": None})),
    "edit_empty": (2, "{}"),
    "edit_deep": (2, '{"title":' + "[" * 300 + "]" * 300 + "}"),
    "note": (3, json.dumps({"text": "called the ISP \u00e9"})),
    "task": (4, json.dumps({"title": "reimage"})),
    "task_done": (5, json.dumps({"done": True})),
    "links": (6, json.dumps({"alerts": [9223372036854775807, 1]})),
    "links_huge_number": (6, '{"alerts": [1e400]}'),
    "observable_ipv6": (7, json.dumps({"type": "ipv6-addr", "value": "2001:db8::1"})),
    "observable_email": (7, json.dumps({"type": "email-addr", "value": "a@evil.example"})),
    "observable_bad_hash": (7, json.dumps({"type": "sha1", "value": "zz"})),
    "truncated": (7, '{"type": "url", "value": "http://'),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             "regressions", "center_api")
    os.makedirs(out, exist_ok=True)
    for name, (selector, text) in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes([selector]) + text.encode())


if __name__ == "__main__":
    main()
