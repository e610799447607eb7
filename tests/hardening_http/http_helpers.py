"""Helpers of the hostile HTTP suite (a module of its own: every test folder has a
conftest.py, so tests never import from `conftest`)."""

from __future__ import annotations

import http.server
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import ROOT

from reskg.serve.launch import ServeFailed, start_serve, stop_serve

TIME_LIMIT = 3.0  # seconds: the test server's query time limit (the default is 10)
HEADER_TIMEOUT = 10.0  # the server default, asserted by the slowloris tests
MAX_ROWS = 1000


@dataclass
class Server:
    url: str
    host: str
    port: int
    log: Path
    time_limit: float = TIME_LIMIT
    proc: subprocess.Popen | None = field(default=None, repr=False)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(log: Path, *extra: str) -> tuple[subprocess.Popen, str, int]:
    """`reskg serve --workers 2 *extra` on a free loopback port (see reskg.serve.launch)."""
    try:
        served = start_serve(
            log,
            "--workers",
            "2",
            *extra,
            data=ROOT / "data",
            cwd=ROOT,
            env={"RESKG_BASE": "https://w3id.org/reskg/"},
        )
    except ServeFailed as failed:
        pytest.fail(str(failed))
    return served.proc, served.url, served.port


def stop_server(proc: subprocess.Popen) -> None:
    stop_serve(proc)


def raw_request(server: Server, data: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes on a fresh connection; return everything the server answers."""
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    """The status code of a raw HTTP response (0 when there is none)."""
    line = response.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) >= 2 and line[1].isdigit() else 0


class Canary:
    """A loopback HTTP server that counts every request it receives."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _hit(self) -> None:
                canary.hits.append(f"{self.command} {self.path}")
                body = b"<urn:a> <urn:b> <urn:c> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _hit  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
