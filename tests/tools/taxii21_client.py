#!/usr/bin/env python3
"""A TAXII 2.1 client that follows OASIS TAXII 2.1 sections 3 to 5 literally, on the
Python standard library only, used as a conformance check of a server:

    taxii21_client.py URL USER PASSWORD COLLECTION_TITLE

URL is the server's base (http://127.0.0.1:PORT); the client starts at /taxii2/ and
finds everything else from the responses: the default API root, the collection with
COLLECTION_TITLE (readable and writable by USER), then drives discovery, the API root,
collections, a collection, POST of an envelope and its status, objects with
added_after, limit and next, the match filters (id, type, version, spec_version),
object by id, versions, manifest and DELETE, and the errors a client must get
(401, 404, 406, 415). Every request sends Accept: application/taxii+json;version=2.1
and HTTP Basic credentials; every response must carry that media type. Prints one
line per check and "N passed, N failed"; exits 1 when a check failed.
"""
import base64
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def json(self):
        return json.loads(self.body) if self.body else None


class Client:
    def __init__(self, base, user, password):
        self.base = base
        self.authorization = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.passed = 0
        self.failed = 0

    def request(self, method, url, body=None, accept=TAXII, content_type=TAXII, authorize=True):
        headers = {"Accept": accept}
        if authorize:
            headers["Authorization"] = self.authorization
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = content_type
        request = urllib.request.Request(urllib.parse.urljoin(self.base, url), data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return Response(answer.status, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read().decode())

    def check(self, condition, what):
        if condition:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}")
        return condition

    def get(self, url, what):
        """GET that must answer 200 with TAXII JSON; returns (body, response)."""
        response = self.request("GET", url)
        self.check(response.status == 200, f"{what}: status 200 (got {response.status}: {response.body[:200]})")
        self.check(media_type(response) == TAXII, f"{what}: Content-Type {TAXII} (got {media_type(response)})")
        return response.json() or {}, response

    def error(self, response, status, what):
        """A TAXII error message (section 3.6.1) with the given status."""
        self.check(response.status == status, f"{what}: status {status} (got {response.status})")
        body = json.loads(response.body) if response.body else {}
        self.check(isinstance(body.get("title"), str), f"{what}: error message has a title")
        self.check(body.get("http_status") == str(status), f"{what}: error message http_status \"{status}\"")


def media_type(response):
    return response.headers.get("content-type", "").replace(" ", "")


def indicator(number, modified="2024-03-01T10:00:00.000Z"):
    return {
        "type": "indicator", "spec_version": "2.1",
        "id": f"indicator--00000000-0000-4000-8000-{number:012d}",
        "created": "2024-03-01T10:00:00.000Z", "modified": modified,
        "name": f"client check {number}", "pattern": f"[ipv4-addr:value = '198.51.100.{number}']",
        "pattern_type": "stix", "valid_from": "2024-03-01T00:00:00Z", "object_marking_refs": [GREEN],
    }


def walk(client, url, what, list_name="objects"):
    """Every page of a paginated endpoint (section 3.4): the items and the pages' headers."""
    items, pages = [], []
    separator = "&" if "?" in url else "?"
    page_url = url
    while True:
        body, response = client.get(page_url, f"{what} page {len(pages) + 1}")
        pages.append(response)
        items += body.get(list_name, [])
        client.check(isinstance(body.get("more"), bool), f"{what}: envelope has a boolean more")
        if body.get(list_name):
            first = response.headers.get("x-taxii-date-added-first", "")
            last = response.headers.get("x-taxii-date-added-last", "")
            client.check(bool(TIMESTAMP.match(first)) and bool(TIMESTAMP.match(last)) and first <= last,
                         f"{what}: X-TAXII-Date-Added-First/Last ({first}, {last})")
        if not body.get("more"):
            break
        client.check(isinstance(body.get("next"), str), f"{what}: more comes with next")
        page_url = url + separator + "next=" + urllib.parse.quote(body["next"])
        if len(pages) > 100:
            client.check(False, f"{what}: pagination ends")
            break
    return items, pages


def main():
    base, user, password, title = sys.argv[1:5]
    client = Client(base, user, password)

    discovery, _ = client.get("/taxii2/", "discovery")
    client.check(isinstance(discovery.get("title"), str), "discovery: title")
    roots = discovery.get("api_roots", [])
    client.check(bool(roots) and discovery.get("default") in roots, "discovery: default is one of api_roots")
    root = urllib.parse.urljoin(urllib.parse.urljoin(base, "/taxii2/"), discovery.get("default", "/"))

    api_root, _ = client.get(root, "api root")
    client.check(TAXII in api_root.get("versions", []), "api root: versions lists TAXII 2.1")
    client.check(isinstance(api_root.get("max_content_length"), int), "api root: max_content_length")

    collections, _ = client.get(root + "collections/", "collections")
    found = [c for c in collections.get("collections", []) if c.get("title") == title]
    if not client.check(len(found) == 1, f"collections: one named {title}"):
        return finish(client)
    collection = found[0]
    client.check(collection.get("can_read") is True and collection.get("can_write") is True, "collection: can_read, can_write")
    client.check(STIX in collection.get("media_types", [STIX]), "collection: media_types admits STIX 2.1")
    path = root + "collections/" + collection["id"] + "/"
    one, _ = client.get(path, "collection")
    client.check(one.get("id") == collection["id"], "collection: same id")

    objects = [indicator(n) for n in range(1, 6)] + [indicator(1, "2024-03-02T10:00:00.000Z")]
    posted = client.request("POST", path + "objects/", {"objects": objects})
    client.check(posted.status == 202, f"add objects: status 202 (got {posted.status}: {posted.body[:200]})")
    client.check(media_type(posted) == TAXII, "add objects: TAXII media type")
    status = posted.json() or {}
    client.check(status.get("status") in ("complete", "pending"), "add objects: status resource")
    client.check(status.get("total_count") == 6 and status.get("success_count") == 6, "add objects: 6 of 6 succeeded")
    later, _ = client.get(root + "status/" + status.get("id", "none") + "/", "status")
    client.check(later.get("id") == status.get("id") and later.get("success_count") == 6, "status: same resource")

    everything, pages = walk(client, path + "objects/?limit=2&match[version]=all", "objects (limit=2)")
    client.check(len(everything) == 6 and len(pages) == 3, f"objects: 6 versions on 3 pages (got {len(everything)}, {len(pages)})")
    latest, _ = walk(client, path + "objects/", "objects (last versions)")
    client.check(len(latest) == 5, f"objects: 5 objects in their last version (got {len(latest)})")
    client.check(any(o["id"].endswith("000000000001") and o["modified"].startswith("2024-03-02") for o in latest),
                 "objects: the last version by default")
    first_page = pages[0]
    added_after = first_page.headers.get("x-taxii-date-added-last", "")
    after, _ = walk(client, path + "objects/?added_after=" + urllib.parse.quote(added_after), "added_after")
    # One POST: every object has the same date_added, so nothing was added after it.
    client.check(after == [], "added_after: nothing added at or before it")

    by_id = objects[2]["id"]
    matched, _ = walk(client, path + "objects/?match[id]=" + by_id, "match[id]")
    client.check([o["id"] for o in matched] == [by_id], "match[id]: exactly that object")
    typed, _ = walk(client, path + "objects/?match[type]=indicator,malware", "match[type]")
    client.check(len(typed) == 5, "match[type]: every indicator")
    none, _ = walk(client, path + "objects/?match[type]=malware", "match[type] without matches")
    client.check(none == [], "match[type]: no malware")
    twice = objects[0]["id"]
    for version, expected in (("first", ["2024-03-01T10:00:00.000Z"]), ("last", ["2024-03-02T10:00:00.000Z"]),
                              ("all", ["2024-03-01T10:00:00.000Z", "2024-03-02T10:00:00.000Z"]),
                              ("2024-03-02T10:00:00.000Z", ["2024-03-02T10:00:00.000Z"])):
        got, _ = walk(client, path + f"objects/{twice}/?match[version]={version}", f"object match[version]={version}")
        client.check(sorted(o["modified"] for o in got) == expected, f"match[version]={version}: {expected}")
    spec, _ = walk(client, path + "objects/?match[spec_version]=2.1", "match[spec_version]")
    client.check(len(spec) == 5, "match[spec_version]=2.1: every object")

    versions, _ = walk(client, path + f"objects/{twice}/versions/", "versions", "versions")
    client.check(versions == ["2024-03-01T10:00:00.000Z", "2024-03-02T10:00:00.000Z"], f"versions: both ({versions})")
    manifest, _ = walk(client, path + "manifest/?limit=3", "manifest (limit=3)")
    client.check(len(manifest) == 5, f"manifest: 5 records (got {len(manifest)})")
    client.check(all({"id", "date_added", "version", "media_type"} <= set(m) for m in manifest),
                 "manifest: id, date_added, version, media_type")

    deleted = client.request("DELETE", path + f"objects/{by_id}/")
    client.check(deleted.status == 200, f"delete: status 200 (got {deleted.status})")
    client.error(client.request("GET", path + f"objects/{by_id}/"), 404, "deleted object")

    client.error(client.request("GET", root, authorize=False), 401, "no credentials")
    client.error(client.request("GET", path + "objects/", accept="application/json"), 406, "Accept application/json")
    client.error(client.request("POST", path + "objects/", {"objects": []}, content_type="application/json"), 415,
                 "Content-Type application/json")
    client.error(client.request("GET", root + "collections/00000000-0000-4000-8000-000000000000/"), 404,
                 "unknown collection")
    client.error(client.request("GET", path + "objects/?limit=0"), 400, "limit=0")
    return finish(client)


def finish(client):
    print(f"{client.passed} passed, {client.failed} failed")
    return 1 if client.failed else 0


if __name__ == "__main__":
    sys.exit(main())
