#!/usr/bin/env python3
"""headers.py - CORS and HTTP caching headers from the real server.

Two servers: one allowing any origin ("*"), one allowing a list.  For
each, over every route that depends only on the URL (with and without a
query, so both the answers built at start and the answer cache are
asked), and a few that do not: which Access-Control-Allow-Origin, Vary,
ETag and Cache-Control each answer carries, 304 for a matching
If-None-Match and 200 for another, and preflights.  Answers to different
origins alternate, so that an answer kept for one origin is never served
to another.

Usage: headers.py MODELSCALE_BINARY
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Server, report, request  # noqa: E402

ALLOWED = "http://127.0.0.1:9"
OTHER = "http://127.0.0.1:10"
BY_URL = ["/compare", "/compare?sort=desc", "/models", "/healthz",
          "/models?catalog=reference", "/catalogs", "/fit?memory=24GB",
          "/scaling?compute=1e23"]


def get(port, path, origin=None, etag=None, method="GET"):
    headers = []
    if origin is not None:
        headers.append(f"Origin: {origin}")
    if etag is not None:
        headers.append(f"If-None-Match: {etag}")
    return request(port, method, path, headers=headers)


def main():
    binary = sys.argv[1]
    failures, checks = [], 0

    def expect(cond, what):
        nonlocal checks
        checks += 1
        if not cond:
            failures.append(what)

    any_srv = Server(binary, "--access-log", "off", "--cache-max-age", "60")
    list_srv = Server(binary, "--access-log", "off", "--cors-origins",
                      f"{ALLOWED},https://b.example")
    try:
        port = any_srv.port
        for path in BY_URL:
            for origin in (None, OTHER):
                r = get(port, path, origin)
                h = r.headers
                expect(r.status == 200 and
                       h.get("access-control-allow-origin") == "*" and
                       "vary" not in h, f"any: {path} from {origin}: {h}")
                expect(h.get("cache-control") == "public, max-age=60" and
                       h.get("etag", "").startswith('"'),
                       f"any: {path}: no ETag/Cache-Control: {h}")
                again = get(port, path, origin, h.get("etag"))
                expect(again.status == 304 and again.body == b"" and
                       again.headers.get("etag") == h.get("etag") and
                       again.headers.get("access-control-allow-origin") ==
                       "*", f"any: {path}: If-None-Match gave "
                            f"{again.status} {again.headers}")
                weak = get(port, path, origin, "W/" + h.get("etag", ""))
                expect(weak.status == 304, f"any: {path}: weak tag gave "
                                           f"{weak.status}")
                other = get(port, path, origin, '"0000000000000000"')
                expect(other.status == 200 and other.body == r.body,
                       f"any: {path}: another tag gave {other.status}")
        r = request(port, "POST", "/compare", b'{"models":{"a":1}}',
                    "application/json", headers=[f"Origin: {OTHER}"])
        expect(r.status == 200 and "etag" not in r.headers and
               r.headers.get("access-control-allow-origin") == "*",
               f"any: POST: {r.headers}")
        r = get(port, "/nowhere", OTHER)
        expect(r.status == 404 and
               r.headers.get("access-control-allow-origin") == "*",
               f"any: an error a browser must be able to read: {r.headers}")
        r = request(port, "OPTIONS", "/compare", headers=[
            f"Origin: {OTHER}", "Access-Control-Request-Method: POST",
            "Access-Control-Request-Headers: content-type"])
        expect(r.status == 204 and
               r.headers.get("access-control-allow-origin") == "*" and
               r.headers.get("access-control-allow-methods") ==
               "GET, HEAD, POST, OPTIONS" and
               "content-type" in
               r.headers.get("access-control-allow-headers", "").lower() and
               r.headers.get("access-control-max-age") == "600",
               f"any: preflight: {r.status} {r.headers}")

        port = list_srv.port
        for path in BY_URL:
            # Alternate: an answer kept for one origin must not reach
            # another.
            for origin in (None, ALLOWED, OTHER, ALLOWED, None, OTHER):
                r = get(port, path, origin)
                want = ALLOWED if origin == ALLOWED else None
                expect(r.status == 200 and
                       r.headers.get("access-control-allow-origin") == want
                       and r.headers.get("vary") == "Origin",
                       f"list: {path} from {origin}: {r.headers}")
                nm = get(port, path, origin, r.headers.get("etag"))
                expect(nm.status == 304 and
                       nm.headers.get("access-control-allow-origin") ==
                       want, f"list: {path} from {origin}: 304 gave "
                             f"{nm.status} {nm.headers}")
        for origin, want in ((ALLOWED, ALLOWED), (OTHER, None)):
            r = request(port, "OPTIONS", "/compare", headers=[
                f"Origin: {origin}", "Access-Control-Request-Method: POST"])
            expect(r.status == 204 and
                   r.headers.get("access-control-allow-origin") == want and
                   ("access-control-allow-methods" in r.headers) ==
                   (want is not None),
                   f"list: preflight from {origin}: {r.headers}")
            r = request(port, "POST", "/compare", b'{"models":{"a":1}}',
                        "application/json", headers=[f"Origin: {origin}"])
            expect(r.status == 200 and
                   r.headers.get("access-control-allow-origin") == want,
                   f"list: POST from {origin}: {r.headers}")
    finally:
        any_srv.close()
        list_srv.close()
    return report(checks, failures)


if __name__ == "__main__":
    sys.exit(main())
