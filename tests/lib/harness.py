"""harness.py - the real modelscale binary for a test script, and raw
HTTP/1.1 to it over loopback: the one way the Python tests start, talk to
and stop a server (tests/reliability, tests/web, tests/deploy; bench/).

A script imports it by putting this folder on sys.path first:

    HERE = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(HERE, "..", "lib"))         # tests/*/
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "lib"))  # bench/
    from harness import Server, request  # noqa: E402

(or runs with PYTHONPATH=tests/lib).  Typical use:

    with Server(binary, "--access-log", "off") as srv:
        reply = request(srv.port, "GET", "/compare")
        code, seconds = srv.stop()

What it has: Server (start, port, url, rss_kib, cpu_seconds, signal, wait,
stop, kill, log_lines, close); request, exchange, read_reply, chunked and
Reply for raw HTTP on a connection of its own; Client for requests on one
keep-alive connection; free_port; Stalls, for latency bounds on a machine
that sometimes freezes; report, for the closing count.  Everything here
talks to 127.0.0.1 only, and every wait is bounded.
"""
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

LISTENING = "listening on http://127.0.0.1:"


class Server:
    """modelscale on 127.0.0.1 and a port the kernel picks (--port 0),
    learnt from the first line of its output.

    args are further flags; wrapper is a command the server runs under
    (e.g. ("valgrind", "-q", "--error-exitcode=99")); env is added to the
    server's otherwise empty environment (PATH=/usr/bin:/bin), so that no
    MODELSCALE_* variable of the caller's leaks in.  stdout and stderr go
    to a temporary log file, read by log_lines() and deleted by close().
    Raises RuntimeError, with the log, when the server has not said where
    it listens within start_timeout seconds (valgrind starts slowly)."""

    def __init__(self, binary, *args, wrapper=(), env=None,
                 start_timeout=30):
        self.log = tempfile.NamedTemporaryFile("w+b", prefix="modelscale-",
                                               suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [*wrapper, binary, "--bind", "127.0.0.1", "--port", "0", *args],
            stdout=self.log, stderr=subprocess.STDOUT,
            env={"PATH": "/usr/bin:/bin", **(env or {})})
        self.port = None
        first = ""
        deadline = time.monotonic() + start_timeout
        while self.port is None and time.monotonic() < deadline:
            with open(self.log.name, "rb") as f:
                first = f.readline().decode(errors="replace")
            if LISTENING in first and first.endswith("\n"):
                self.port = int(first.rsplit(":", 1)[1].strip(" /\n"))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        if self.port is None:
            self.kill()
            log = "\n".join(self.log_lines()[-20:])
            os.unlink(self.log.name)
            raise RuntimeError(f"modelscale did not start; its log:\n{log}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def pid(self):
        return self.proc.pid

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def rss_kib(self, field="VmRSS"):
        """The server's resident memory now, or with field="VmHWM" its
        peak so far, in KiB; 0 once it has exited."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except FileNotFoundError:
            pass
        return 0

    def cpu_seconds(self):
        """CPU time the server has used so far, user and system."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / \
            os.sysconf("SC_CLK_TCK")

    def signal(self, sig=signal.SIGTERM):
        """Sends sig (SIGTERM unless given) and returns at once."""
        self.proc.send_signal(sig)

    def wait(self, timeout):
        """The exit code once the server has exited, or None if it is
        still running after timeout seconds."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=10):
        """SIGTERM, then waits; returns (exit code, seconds it took).  A
        server still running after timeout seconds is killed, and the code
        is then -9."""
        start = time.monotonic()
        self.signal(signal.SIGTERM)
        code = self.wait(timeout)
        if code is None:
            self.proc.kill()
            code = self.proc.wait()
        return code, time.monotonic() - start

    def kill(self):
        """SIGKILL, if it still runs, and reaps it."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_lines(self):
        """Everything the server wrote so far, stdout and stderr, as
        lines; the first says where it listens."""
        with open(self.log.name, "rb") as f:
            return f.read().decode(errors="replace").splitlines()

    def close(self):
        """Kills the server if it still runs and deletes its log."""
        self.kill()
        try:
            os.unlink(self.log.name)
        except FileNotFoundError:
            pass


class Stalls:
    """Notes when this machine stops running its processes at all, so that
    a bound on the server's latency holds for the time the machine ran.

    On a shared machine the whole system sometimes froze for up to 5 s
    here: a process that only slept 5 ms at a time overslept as long, and
    a request that came during it took as long, though the server did
    nothing wrong.  A child process sleeps 5 ms at a time and reports each
    wake-up more than 30 ms late; stalled(start, end) is how much of that
    span (time.monotonic(), one clock for every process) fell in such
    stalls.  A server that is merely busy, even on every core, does not
    delay it that long: the scheduler runs it within a few ms."""

    CHILD = """
import time
tick = time.monotonic()
while True:
    a = time.monotonic()
    time.sleep(0.005)
    b = time.monotonic()
    if b - a > 0.035:
        print("stall", a + 0.005, b, flush=True)
    if b - tick >= 0.05:
        tick = b
        print("tick", b, flush=True)
"""

    def __init__(self):
        self._lock = threading.Lock()
        self._stalls = []
        self._seen = 0.0
        self._proc = subprocess.Popen([sys.executable, "-c", self.CHILD],
                                      stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self._proc.stdout:
            kind, *times = line.split()
            with self._lock:
                if kind == "stall":
                    self._stalls.append((float(times[0]), float(times[1])))
                self._seen = max(self._seen, float(times[-1]))

    def stalled(self, start, end):
        """Seconds of [start, end] the machine was stalled; waits (1 s at
        most) until the child has reported on the whole span."""
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline:
            with self._lock:
                if self._seen >= end:
                    break
            time.sleep(0.01)
        with self._lock:
            return sum(max(0.0, min(end, b) - max(start, a))
                       for a, b in self._stalls)

    def close(self):
        self._proc.kill()
        self._proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def free_port():
    """A loopback port that was free a moment ago, for a program that
    cannot be told --port 0 (nginx)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value
        self.body = body

    def json(self):
        return json.loads(self.body)


def read_reply(sock, deadline):
    """Reads one response from sock; None if the peer closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = recv(sock, deadline)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = recv(sock, deadline)
        if not chunk:
            break
        body += chunk
    return Reply(status, headers, body[:length])


def recv(sock, deadline):
    """What sock has (up to 64 KiB), waiting until deadline at most; b""
    when the peer closed, reset or said nothing in time."""
    sock.settimeout(max(0.01, deadline - time.monotonic()))
    try:
        return sock.recv(65536)
    except (ConnectionResetError, socket.timeout):
        return b""


def exchange(port, head, body=b"", timeout=10):
    """Sends head (bytes, up to and including the blank line) and body on
    a new connection, and reads the response.  The body is sent in pieces
    and sending stops as soon as the server answers (it may answer early,
    e.g. 413, and close)."""
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head)
        for i in range(0, len(body), 65536):
            if select.select([s], [], [], 0)[0]:
                break
            try:
                s.sendall(body[i:i + 65536])
            except (BrokenPipeError, ConnectionResetError):
                break
        return read_reply(s, deadline)


def request_head(method, path, body=None, content_type=None, headers=(),
                 close=True):
    """The bytes of a request's line and headers, blank line included."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    if close:
        lines.append("Connection: close")
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def request(port, method, path, body=None, content_type=None, headers=(),
            timeout=10):
    """One request on its own connection (Connection: close); returns the
    Reply, or None if the server closed without answering.  body None
    sends no Content-Length."""
    head = request_head(method, path, body, content_type, headers)
    return exchange(port, head, body or b"", timeout)


class Client:
    """One keep-alive connection, for requests that must see the ones
    before them finished.  On its own connection a request's answer can
    reach the client before the server has finished with it (counted it
    in /metrics, say): libmicrohttpd calls the completion callback after
    it has sent the answer.  On one connection it finishes each request
    before it reads the next."""

    def __init__(self, port, timeout=10):
        self.timeout = timeout
        self.sock = socket.create_connection(("127.0.0.1", port), timeout)

    def request(self, method, path, body=None, content_type=None,
                headers=()):
        """As request(), on this connection; None if the server closed
        it instead of answering."""
        self.sock.sendall(request_head(method, path, body, content_type,
                                       headers, close=False) + (body or b""))
        return read_reply(self.sock, time.monotonic() + self.timeout)

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def chunked(body, size=1000):
    """body in the chunked transfer coding, in chunks of size bytes."""
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def report(checks, failures):
    """Prints each failure and the closing count; returns the exit code.
    checks is how many checks the script makes, each failing at most
    once."""
    for f in failures:
        print("FAIL:", f)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0
