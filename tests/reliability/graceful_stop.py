#!/usr/bin/env python3
"""graceful_stop.py - SIGTERM during load.

While keep-alive clients send requests in a loop, and one POST is half
uploaded, the server gets SIGTERM.  Then: the half-uploaded request, once
finished, still gets its full answer; new connections are refused; every
request that got an answer got a whole 200; the process exits 0 within 2 s
of the time the machine ran (harness.Stalls).

Usage: graceful_stop.py MODELSCALE_BINARY
"""
import json
import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Server, Stalls, read_reply, report, request  # noqa: E402

LOADERS = 4
BODY = json.dumps({"models": {"a": "1.5B", "b": "175B"}}).encode()


def load(port, stop, stats):
    """Keep-alive GET /compare until stop is set or the server goes."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    with s:
        while not stop.is_set():
            try:
                s.sendall(b"GET /compare HTTP/1.1\r\nHost: x\r\n\r\n")
                reply = read_reply(s, time.monotonic() + 5)
            except OSError:
                reply = None
            if reply is None:
                stats["cut"] += 1  # closed between requests: fine
                return
            key = "ok" if reply.status == 200 and len(reply.body) == \
                int(reply.headers["content-length"]) else "bad"
            stats[key] += 1
            if reply.headers.get("connection", "").lower() == "close":
                return


def main():
    with Server(sys.argv[1], "--threads", "2", "--access-log",
                "off") as server, Stalls() as stalls:
        return stop_under_load(server, stalls)


def stop_under_load(server, stalls):
    failures = []
    port = server.port
    expected = request(port, "POST", "/compare", BODY,
                       "application/json").body
    stop = threading.Event()
    stats = {"ok": 0, "bad": 0, "cut": 0}
    loaders = [threading.Thread(target=load, args=(port, stop, stats))
               for _ in range(LOADERS)]
    for t in loaders:
        t.start()
    time.sleep(0.5)

    # a request in flight: headers and half the body sent
    pending = socket.create_connection(("127.0.0.1", port), timeout=5)
    pending.sendall(b"POST /compare HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Type: application/json\r\n"
                    + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
                    + BODY[:len(BODY) // 2])
    # a keep-alive connection that will ask /readyz while draining
    prober = socket.create_connection(("127.0.0.1", port), timeout=5)
    prober.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
    ready = read_reply(prober, time.monotonic() + 5)
    time.sleep(0.1)

    start = time.monotonic()
    server.signal(signal.SIGTERM)
    time.sleep(0.2)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        failures.append("a new connection was accepted after SIGTERM")
    except ConnectionRefusedError:
        print("after SIGTERM: new connections refused")
    prober.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
    draining = read_reply(prober, time.monotonic() + 5)
    prober.close()
    if ready is None or ready.status != 200 or draining is None or \
            draining.status != 503:
        failures.append("/readyz did not go from 200 to 503")
    else:
        print("/readyz: 200 before SIGTERM, 503 while draining")
    pending.sendall(BODY[len(BODY) // 2:])
    reply = read_reply(pending, time.monotonic() + 5)
    pending.close()
    if reply is None or reply.status != 200 or reply.body != expected:
        failures.append("the request in flight did not get its answer")
    else:
        print("the request in flight got its whole answer, with "
              f"Connection: {reply.headers.get('connection')}")
    code = server.wait(5)
    took = time.monotonic() - start
    frozen = stalls.stalled(start, start + took)
    took -= frozen
    stop.set()
    for t in loaders:
        t.join(10)
    print(f"exit code {code} after {took:.2f} s (not counting {frozen:.2f} s"
          f" the machine stood still); under load: {stats['ok']} "
          f"whole answers, {stats['bad']} broken, {stats['cut']} "
          "connections closed between requests")
    if code != 0:
        failures.append(f"exit code {code}")
    if took >= 2.0:
        failures.append(f"took {took:.2f} s to stop")
    if stats["bad"]:
        failures.append(f"{stats['bad']} broken answers")
    if stats["ok"] == 0:
        failures.append("the load got no answers at all")
    return report(6, failures)


if __name__ == "__main__":
    sys.exit(main())
