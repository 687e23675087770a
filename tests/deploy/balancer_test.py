#!/usr/bin/env python3
"""balancer_test.py - three modelscale replicas on loopback behind nginx,
run with deploy/nginx/nginx.conf (only the listen address and the pid file
changed, and an upstream list of the three loopback ports).  Requests must
spread over all replicas, and when one replica is killed under load, no
request may fail: nginx retries it on another (every request is safe to
repeat).

Usage: balancer_test.py MODELSCALE_BINARY
"""
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from harness import Server, free_port, report, request  # noqa: E402

NGINX_CONF = os.path.join(HERE, "..", "..", "deploy", "nginx", "nginx.conf")
BODY = json.dumps({"models": {"gpt2": "1.5B", "bert": "110M"}}).encode()


def start_nginx(folder, port, upstreams):
    with open(NGINX_CONF) as f:
        conf = f.read()
    for old, new in (("listen 8080;", f"listen 127.0.0.1:{port};"),
                     ("pid /tmp/modelscale-balancer.pid;",
                      f"pid {folder}/nginx.pid;")):
        assert old in conf, old
        conf = conf.replace(old, new)
    with open(os.path.join(folder, "nginx.conf"), "w") as f:
        f.write(conf)
    with open(os.path.join(folder, "modelscale-upstream.conf"), "w") as f:
        f.write("upstream modelscale {\n")
        for p in upstreams:
            f.write(f"    server 127.0.0.1:{p} max_fails=1 "
                    "fail_timeout=5s;\n")
        f.write("    keepalive 32;\n}\n")
    nginx = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-p", folder, "-c",
         os.path.join(folder, "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return nginx
        except OSError:
            time.sleep(0.05)
    nginx.kill()
    raise RuntimeError(nginx.stderr.read().decode())


def main():
    with contextlib.ExitStack() as stack:
        replicas = [stack.enter_context(Server(sys.argv[1], "--threads", "1",
                                               "--access-log", "off"))
                    for _ in range(3)]
        return balance(replicas)


def balance(replicas):
    failures = []
    folder = tempfile.mkdtemp(prefix="modelscale-balancer-")
    port = free_port()
    nginx = None
    try:
        nginx = start_nginx(folder, port, [r.port for r in replicas])
        reference = request(replicas[0].port, "GET", "/compare").body
        posted = request(replicas[0].port, "POST", "/compare", BODY,
                         "application/json").body

        def one(i):
            if i % 2:
                r = request(port, "POST", "/compare", BODY,
                            "application/json")
                return r, posted
            return request(port, "GET", "/compare"), reference

        served = Counter()
        for i in range(300):
            reply, want = one(i)
            if reply is None or reply.status != 200 or reply.body != want:
                failures.append(f"request {i} through nginx failed")
                break
            served[reply.headers.get("x-upstream")] += 1
        print(f"300 requests through nginx, by replica: {dict(served)}")
        if len(served) != 3 or min(served.values()) < 50:
            failures.append("requests did not spread over all 3 replicas")

        # kill one replica while 4 clients keep sending
        stop = threading.Event()
        results = Counter()

        def client(n):
            i = n
            while not stop.is_set():
                reply, want = one(i)
                ok = reply is not None and reply.status == 200 and \
                    reply.body == want
                results["ok" if ok else "failed"] += 1
                i += 4

        threads = [threading.Thread(target=client, args=(n,))
                   for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        replicas[1].kill()
        killed_at = sum(results.values())
        time.sleep(2.0)
        stop.set()
        for t in threads:
            t.join(10)
        print(f"replica 2 killed after {killed_at} requests under load: "
              f"{results['ok']} answered, {results['failed']} failed")
        if results["failed"]:
            failures.append(f"{results['failed']} requests failed after a "
                            "replica was killed")
        after = Counter()
        for i in range(60):
            reply, _ = one(i)
            after[reply.headers.get("x-upstream") if reply else None] += 1
        print(f"afterwards, by replica: {dict(after)}")
        dead = f"127.0.0.1:{replicas[1].port}"
        if None in after or any(dead == k for k in after) or len(after) != 2:
            failures.append("the two live replicas did not take the load")
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    return report(3, failures)


if __name__ == "__main__":
    sys.exit(main())
