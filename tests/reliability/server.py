"""server.py - run the real modelscale binary for a reliability test, and
talk raw HTTP/1.1 to it over loopback.  Shared by the scripts beside it."""
import json
import os
import select
import signal
import socket
import subprocess
import tempfile
import time


class Server:
    """modelscale on 127.0.0.1 and a free port; stopped by stop()."""

    def __init__(self, binary, *args, wrapper=()):
        self.log = tempfile.NamedTemporaryFile("w+b", prefix="modelscale-",
                                               suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [*wrapper, binary, "--bind", "127.0.0.1", "--port", "0", *args],
            stdout=self.log, stderr=subprocess.STDOUT,
            env={"PATH": "/usr/bin:/bin"})
        self.port = None
        deadline = time.monotonic() + 30
        while self.port is None and time.monotonic() < deadline:
            with open(self.log.name, "rb") as f:
                first = f.readline().decode(errors="replace")
            if "listening on http://127.0.0.1:" in first and \
                    first.endswith("\n"):
                self.port = int(first.rsplit(":", 1)[1].strip(" /\n"))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        if self.port is None:
            self.proc.kill()
            raise RuntimeError(f"modelscale did not start: {first!r}")

    @property
    def pid(self):
        return self.proc.pid

    def rss_kib(self, field="VmRSS"):
        """The server's resident memory now, or with field="VmHWM" its
        peak so far, in KiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self, timeout=10):
        """SIGTERM; returns (exit code, seconds it took)."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        return code, time.monotonic() - start

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_lines(self):
        with open(self.log.name, "rb") as f:
            return f.read().decode(errors="replace").splitlines()

    def close(self):
        self.kill()
        os.unlink(self.log.name)


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


def request(port, method, path, body=None, content_type=None, headers=(),
            timeout=10):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1",
             "Connection: close", *headers]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return exchange(port, head, body or b"", timeout)


def chunked(body, size=1000):
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
