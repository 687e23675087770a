#!/usr/bin/env python3
"""body_budget.py - bodies held in memory are bounded, and the requests
over the bound wait instead of failing.

With body_memory at 64 KiB (about one 1,000-model body), 24 clients POST
at once, half with Content-Length and half chunked: every one must get
the same 200 answer a lone request gets.  A client that hangs up while
it waits must not stall the ones behind it.  With 10 more waiting,
SIGTERM must still stop the server with exit 0 within 3 s (6 s under a
wrapper), since libmicrohttpd must not be stopped with connections
paused.  And slow clients cannot keep the others waiting: two that
trickle their bodies hold the budget for body_timeout (1 s here, 2 s
under a wrapper) at most, after which they get 408, and a POST sent
behind them is answered within body_timeout + 1 s (the queue stalled by
them lets the newest go first).  Times are of the machine running
(harness.Stalls).  The server's peak RSS is printed.  Optional further
arguments wrap the server (e.g. valgrind).

Usage: body_budget.py MODELSCALE_BINARY [WRAPPER...]
"""
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import (Server, Stalls, chunked, read_reply,  # noqa: E402
                     report, request)

CLIENTS = 24
BODY = json.dumps({"models": [
    {"name": f"model-{i:04d}", "parameters": str(1000 + 7919 * i)}
    for i in range(1000)]}).encode()


def post(port, body_is_chunked, timeout=60):
    """POST BODY on its own connection; returns the Reply (or None)."""
    if body_is_chunked:
        head = ("POST /compare HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                "Content-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        deadline = time.monotonic() + timeout
        with socket.create_connection(("127.0.0.1", port), timeout) as s:
            s.sendall(head + chunked(BODY, 16384))
            return read_reply(s, deadline)
    return request(port, "POST", "/compare", BODY, "application/json",
                   timeout=timeout)


def slow_client(port, out, seconds):
    """Announces BODY, sends 1,000 bytes of it, then 100 more every 0.2 s
    for `seconds`; appends (socket, bytes sent) to out first."""
    s = socket.create_connection(("127.0.0.1", port), 10)
    s.sendall(b"POST /compare HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
              b"Content-Type: application/json\r\nContent-Length: "
              + str(len(BODY)).encode() + b"\r\n\r\n" + BODY[:1000])
    sent = 1000
    for _ in range(int(seconds / 0.2)):
        time.sleep(0.2)
        try:
            s.sendall(BODY[sent:sent + 100])
        except OSError:
            break
        sent += 100
    out.append((s, sent))


def crowd(port, n, replies):
    threads = [threading.Thread(target=lambda i=i: replies.__setitem__(
        i, post(port, i % 2 == 1))) for i in range(n)]
    for t in threads:
        t.start()
    return threads


def main():
    binary, wrapper = sys.argv[1], sys.argv[2:]
    failures, checks = [], 0
    # Under a wrapper such as valgrind the server itself reads bodies 20
    # to 50 times slower, which body_timeout would count against the
    # client: every time here is scaled by the timeout.
    timeout = 2 if wrapper else 1
    srv = Server(binary, "--body-memory", "65536",
                 "--body-timeout", str(timeout),
                 "--threads", "2", "--access-log", "off", wrapper=wrapper)
    stalls = Stalls()
    try:
        alone = post(srv.port, False)
        checks += 1
        if alone is None or alone.status != 200 or \
                alone.json()["count"] != 1000:
            failures.append(f"a lone POST got {alone and alone.status}")
            return report(checks, failures)

        # A client that announces a body, sends part of it, and leaves
        # while others hold the budget.
        quitter = socket.create_connection(("127.0.0.1", srv.port), 10)
        quitter.sendall(b"POST /compare HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: application/json\r\nContent-Length: "
                        + str(len(BODY)).encode() + b"\r\n\r\n" + BODY[:100])
        replies = [None] * CLIENTS
        threads = crowd(srv.port, CLIENTS, replies)
        time.sleep(0.05)
        quitter.close()
        for t in threads:
            t.join(90)
        checks += 1
        bad = [i for i, r in enumerate(replies)
               if r is None or r.status != 200 or r.body != alone.body]
        if bad:
            failures.append(f"{len(bad)} of {CLIENTS} concurrent POSTs did "
                            f"not get the lone answer (e.g. #{bad[0]}: "
                            f"{replies[bad[0]] and replies[bad[0]].status})")
        checks += 1
        after = request(srv.port, "GET", "/healthz")
        if after is None or after.status != 200:
            failures.append("the server did not answer after the crowd")
        print(f"peak RSS {srv.rss_kib('VmHWM')} KiB with 64 KiB of bodies "
              f"allowed and {CLIENTS} POSTs of {len(BODY)} bytes at once")

        # Two slow clients take the budget, then trickle.
        checks += 2
        slow = []
        tricklers = [threading.Thread(target=slow_client,
                                      args=(srv.port, slow, 3 * timeout))
                     for _ in range(2)]
        for t in tricklers:
            t.start()
            time.sleep(0.1)
        started = time.monotonic()
        behind = post(srv.port, False, timeout=20)
        waited = time.monotonic() - started
        waited -= stalls.stalled(started, started + waited)
        # The slow clients ahead of it stall the queue, so it goes first
        # (newest first once the oldest has waited body_timeout / 2), as
        # soon as the first slow share is taken back.
        for t in tricklers:
            t.join()
        if behind is None or behind.status != 200 or \
                waited > timeout + 1:
            failures.append(f"a POST behind slow clients got "
                            f"{behind and behind.status} after {waited:.1f} s")
        for s, sent in slow:
            try:
                s.sendall(BODY[sent:])
                reply = read_reply(s, time.monotonic() + 10)
            except OSError:
                reply = None
            s.close()
            if reply is None or reply.status != 408 or \
                    reply.headers.get("content-type") != \
                    "application/problem+json":
                failures.append(f"a slow client got "
                                f"{reply and reply.status}, not 408")
                break

        # Stop with requests waiting.
        replies = [None] * 10
        threads = crowd(srv.port, 10, replies)
        time.sleep(0.2)
        stopped = time.monotonic()
        code, took = srv.stop(timeout=10)
        took -= stalls.stalled(stopped, stopped + took)
        for t in threads:
            t.join(30)
        checks += 1
        if code != 0 or took > 3 * timeout:
            failures.append(f"SIGTERM with requests waiting: exit {code} "
                            f"after {took:.2f} s")
        checks += 1
        wrong = [r.status for r in replies if r is not None and
                 (r.status != 200 or r.body != alone.body)]
        if wrong:
            failures.append(f"answers during the stop were not whole: "
                            f"{wrong}")
    finally:
        stalls.close()
        srv.close()
    return report(checks, failures)


if __name__ == "__main__":
    sys.exit(main())
