#!/usr/bin/env python3
"""slow_clients.py - slowloris, idle and surplus connections.

1. SLOW connections open and trickle one header byte every 2 s (slowloris);
   meanwhile fresh clients must get GET /compare answered in under 200 ms
   of the time the machine ran (harness.Stalls: a shared machine here
   sometimes froze for seconds, and a request caught in it took as long).
2. A connection that sends nothing is closed after the configured idle
   timeout, and so is a keep-alive connection left idle after a request.
3. Past the connection limit, clients are refused quickly (closed within
   a second), not left hanging.
Memory with every slow connection held is printed.  Loopback only; every
loop is bounded in time.

Usage: slow_clients.py MODELSCALE_BINARY [SLOW]
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Server, Stalls, report, request  # noqa: E402

TIMEOUT = 5         # the server's --connection-timeout, seconds
TRICKLE = 2.0       # seconds between the bytes a slow client sends; the
                    # margin to TIMEOUT covers opening 500 connections on
                    # a slow (sanitized, busy) build
FRESH_LIMIT = 0.200  # seconds a fresh GET /compare may take
CHECKS = 7  # each adds at most one failure


def open_slow(port, n):
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /compare HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        socks.append(s)
    return socks


def trickle(socks):
    """One byte on each slow connection; returns how many are still open."""
    alive = []
    for s in socks:
        try:
            s.send(b"X")
            alive.append(s)
        except OSError:
            s.close()
    return alive


def closed_within(sock, seconds):
    """Seconds until the server closed sock, or None if it did not."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
        return time.monotonic() - start
    except socket.timeout:
        return None
    except ConnectionResetError:
        return time.monotonic() - start


def main():
    binary = sys.argv[1]
    slow_count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    limit = slow_count + 10
    failures = []
    server = Server(binary, "--connection-timeout", str(TIMEOUT),
                    "--connection-limit", str(limit), "--threads", "2",
                    "--access-log", "off")
    port = server.port
    stalls = Stalls()
    try:
        idle_rss = server.rss_kib()
        slow = open_slow(port, slow_count)
        worst = stalled = 0.0
        deadline = time.monotonic() + 3 * TRICKLE + 1
        next_trickle = time.monotonic()
        while time.monotonic() < deadline:
            if time.monotonic() >= next_trickle:
                slow = trickle(slow)
                next_trickle += TRICKLE
            start = time.monotonic()
            reply = request(port, "GET", "/compare", timeout=5)
            took = time.monotonic() - start
            if took >= FRESH_LIMIT:
                frozen = stalls.stalled(start, start + took)
                stalled = max(stalled, frozen)
                took -= frozen
            worst = max(worst, took)
            if reply is None or reply.status != 200:
                status = reply.status if reply else "no answer"
                failures.append(f"fresh GET /compare got {status} with "
                                "slow clients held")
                break
            time.sleep(0.05)
        held_rss = server.rss_kib()
        print(f"slowloris: {len(slow)} of {slow_count} slow connections "
              f"still open after {3 * TRICKLE:.0f} s; slowest fresh "
              f"GET /compare {worst * 1000:.1f} ms, not counting "
              f"{stalled * 1000:.0f} ms the machine stood still")
        print(f"memory: {idle_rss} KiB idle, {held_rss} KiB with "
              f"{len(slow)} slow connections "
              f"({(held_rss - idle_rss) / max(1, len(slow)):.1f} KiB each)")
        if worst >= FRESH_LIMIT:
            failures.append(f"a fresh GET /compare took {worst * 1000:.0f} "
                            "ms")
        if len(slow) < slow_count:
            failures.append(f"only {len(slow)} slow connections survived")

        # past the limit: quick refusals, not hangs
        extra, refused, slowest = [], 0, 0.0
        for _ in range(30):
            extra.append(socket.create_connection(("127.0.0.1", port),
                                                  timeout=5))
        for s in extra:
            took = closed_within(s, 1.0)
            if took is not None:
                refused += 1
                slowest = max(slowest, took)
            s.close()
        print(f"connection limit {limit}: {refused} of 30 surplus "
              f"connections refused, slowest in {slowest * 1000:.0f} ms")
        if refused < 30 - (limit - slow_count):
            failures.append(f"only {refused} of 30 surplus connections "
                            "were refused within 1 s")
        for s in slow:
            s.close()

        # idle connections close after the timeout
        time.sleep(0.5)
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)
        after = closed_within(idle, TIMEOUT + 3)
        idle.close()
        kept = socket.create_connection(("127.0.0.1", port), timeout=5)
        kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        kept.settimeout(5)
        first = kept.recv(65536)
        after_request = closed_within(kept, TIMEOUT + 3)
        kept.close()
        print(f"idle timeout {TIMEOUT} s: a silent connection closed after "
              f"{after and round(after, 2)} s, an idle keep-alive one after "
              f"{after_request and round(after_request, 2)} s")
        for what, took in (("silent", after), ("keep-alive", after_request)):
            if took is None or not TIMEOUT - 0.5 <= took <= TIMEOUT + 2:
                failures.append(f"the {what} connection closed after {took}")
        if not first.startswith(b"HTTP/1.1 200"):
            failures.append("the keep-alive request was not answered")
    finally:
        stalls.close()
        code, _ = server.stop()
        server.close()
    if code != 0:
        failures.append(f"the server exited with {code}")
    return report(CHECKS, failures)


if __name__ == "__main__":
    sys.exit(main())
