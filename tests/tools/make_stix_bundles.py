#!/usr/bin/env python3
"""Writes the STIX 2.1 bundles the intel tests read into OUTDIR/stix/:
valid_bundle.json    one valid object of every validated type, the TLP 2.0 marking
                     definitions and objects marked with them (custom x_ properties too);
mixed_bundle.json    valid objects with invalid ones at known positions (see stix_bundle_test.cpp);
indicators_bundle.json  INDICATOR_COUNT indicators: one in DEPLOYABLE_EVERY is not deployable to sensors.
Identifiers are derived from names so the files are identical on every run."""
import hashlib
import json
import os
import sys
import uuid

INDICATOR_COUNT = 2000
DEPLOYABLE_EVERY = 10  # every tenth indicator uses FOLLOWEDBY
CREATED = "2024-03-01T10:00:00.000Z"
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2 = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")  # the RFC 4122 URL namespace


def sdo_id(kind, name):
    return f"{kind}--{uuid.UUID(bytes=hashlib.md5(f'{kind}/{name}'.encode()).digest(), version=4)}"


def sco_id(kind, value):
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}/{value}')}"


def sdo(kind, key, **properties):
    obj = {"type": kind, "spec_version": "2.1", "id": sdo_id(kind, key), "created": CREATED, "modified": CREATED}
    obj.update(properties)
    return obj


def sco(kind, key, **properties):
    obj = {"type": kind, "spec_version": "2.1", "id": sco_id(kind, key)}
    obj.update(properties)
    return obj


def tlp2_markings():
    return [{"type": "marking-definition", "spec_version": "2.1", "id": marking_id,
             "created": "2022-10-01T00:00:00.000Z", "name": f"TLP:{level.upper()}",
             "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}}}
            for level, marking_id in TLP2.items()]


def valid_objects():
    cert = sdo("identity", "cert", name="Example CERT", identity_class="organization", sectors=["government-national"])
    ip = sco("ipv4-addr", "198.51.100.7", value="198.51.100.7")
    ip6 = sco("ipv6-addr", "2001:db8::7", value="2001:db8::7")
    domain = sco("domain-name", "c2.example.net", value="c2.example.net", resolves_to_refs=[ip["id"]])
    url = sco("url", "http://c2.example.net/gate.php", value="http://c2.example.net/gate.php")
    email = sco("email-addr", "phish@example.net", value="phish@example.net")
    file = sco("file", "dropper", name="dropper.exe",
               hashes={"SHA-256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    traffic = sco("network-traffic", "flow1", protocols=["ipv4", "tcp"], src_ref=ip6["id"], dst_ref=ip["id"],
                  dst_port=443)
    marked = {"created_by_ref": cert["id"], "object_marking_refs": [TLP2["amber"]]}
    indicator = sdo("indicator", "c2-ip", pattern="[ipv4-addr:value = '198.51.100.7']", pattern_type="stix",
                    valid_from="2024-03-01T00:00:00Z", indicator_types=["malicious-activity"], **marked)
    malware = sdo("malware", "loader", name="ExampleLoader", is_family=True, malware_types=["dropper"],
                  x_rampart_family_score=90, **marked)
    actor = sdo("threat-actor", "actor", name="Example Actor", threat_actor_types=["crime-syndicate"],
                object_marking_refs=[TLP2["red"]])
    intrusion_set = sdo("intrusion-set", "set", name="Example Set", first_seen="2023-01-01T00:00:00Z",
                        last_seen="2024-01-01T00:00:00Z")
    campaign = sdo("campaign", "campaign", name="Winter Campaign", object_marking_refs=[TLP2["amber+strict"]])
    attack = sdo("attack-pattern", "phishing", name="Spearphishing Attachment",
                 external_references=[{"source_name": "mitre-attack", "external_id": "T1566.001"}])
    vulnerability = sdo("vulnerability", "cve", name="CVE-2024-0001",
                        external_references=[{"source_name": "cve", "external_id": "CVE-2024-0001"}])
    relationship = sdo("relationship", "indicates", relationship_type="indicates", source_ref=indicator["id"],
                       target_ref=malware["id"])
    sighting = sdo("sighting", "seen", sighting_of_ref=indicator["id"], count=3, where_sighted_refs=[cert["id"]],
                   object_marking_refs=[TLP2["green"]])
    observed = sdo("observed-data", "observed", first_observed="2024-03-01T09:00:00Z",
                   last_observed="2024-03-01T09:05:00Z", number_observed=1, object_refs=[traffic["id"]])
    report = sdo("report", "report", name="Loader report", published="2024-03-02T00:00:00Z",
                 object_refs=[indicator["id"], malware["id"], relationship["id"]],
                 object_marking_refs=[TLP2["clear"]])
    note = sdo("note", "note", content="Also seen at a second site.", object_refs=[sighting["id"]])
    return tlp2_markings() + [cert, ip, ip6, domain, url, email, file, traffic, indicator, malware, actor,
                              intrusion_set, campaign, attack, vulnerability, relationship, sighting, observed,
                              report, note]


def mixed_objects():
    good = valid_objects()
    broken_indicator = sdo("indicator", "broken", pattern="[ipv4-addr:value = '1.2.3.4'", pattern_type="stix",
                           valid_from="2024-03-01T00:00:00Z")
    broken_malware = sdo("malware", "nameless", is_family=True)
    broken_malware["created"] = "2024-03-01 10:00:00Z"
    return [good[5], broken_indicator, good[6], "not an object", broken_malware, good[7]]


def indicators():
    objects = []
    for i in range(INDICATOR_COUNT):
        a, b = (i >> 8) & 255, i & 255
        patterns = [
            f"[ipv4-addr:value = '10.{a}.{b}.1']",
            f"[ipv4-addr:value ISSUBSET '172.16.{b}.0/24'] OR [ipv6-addr:value = '2001:db8::{i:x}']",
            f"[domain-name:value = 'Host{i}.Example.ORG']",
            f"[url:value = 'http://host{i}.example.org/p']",
            f"[file:hashes.'SHA-256' = '{hashlib.sha256(str(i).encode()).hexdigest().upper()}']",
            f"[file:hashes.MD5 = '{hashlib.md5(str(i).encode()).hexdigest()}' OR "
            f"file:hashes.'SHA-1' = '{hashlib.sha1(str(i).encode()).hexdigest()}']",
        ]
        pattern = patterns[i % len(patterns)]
        if i % DEPLOYABLE_EVERY == DEPLOYABLE_EVERY - 1:
            pattern = f"[ipv4-addr:value = '10.{a}.{b}.2'] FOLLOWEDBY [domain-name:value = 'x{i}.example']"
        objects.append(sdo("indicator", f"feed-{i}", pattern=pattern, pattern_type="stix",
                           valid_from="2024-03-01T00:00:00Z", object_marking_refs=[TLP2["green"]]))
    return objects


def bundle(name, objects):
    return {"type": "bundle", "id": sdo_id("bundle", name), "objects": objects}


def main():
    out = os.path.join(sys.argv[1], "stix")
    os.makedirs(out, exist_ok=True)
    files = {
        "valid_bundle.json": bundle("valid", valid_objects()),
        "mixed_bundle.json": bundle("mixed", mixed_objects()),
        "indicators_bundle.json": bundle("indicators", indicators()),
    }
    for name, content in files.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(content, f, indent=1)


if __name__ == "__main__":
    main()
