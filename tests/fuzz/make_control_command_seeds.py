#!/usr/bin/env python3
"""Writes seed inputs for fuzz_control_command into regressions/control_command/ (or argv[1]).

Each seed is what a control socket client might send: the handshake and commands
one per line or back to back, malformed JSON, a wrong version, binary bytes.
"""
import os
import sys

SEEDS = {
    "handshake_and_reload": b'{"version": "0.2"}\n{"command": "reload-rules"}\n',
    "concatenated": b'{"version":"0.2"}{"command":"uptime"}{"command":"version","arguments":{"a":1}}',
    "malformed": b'{"version": "0.2"}\n{"command": [1,2\n{bad json}\n"\\ud800"\n{"command":"x","arguments":[]}\n',
    "bad_version": b'{"version": "9.9"}\n{"command": "shutdown"}\n',
    "binary_incomplete": b'\x00\xff{"version":"0.2"',
    "no_handshake": b'{"command": "ruleset-stats"}\n',
}


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "regressions", "control_command"))
