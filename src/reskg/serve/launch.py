"""Start `reskg serve` in a subprocess on a free loopback port and wait until it answers (for
tests and benchmarks); stop it again."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


class ServeFailed(Exception):
    """The server exited or did not answer in time (the message ends with its log's tail)."""


@dataclass
class Served:
    proc: subprocess.Popen
    url: str
    port: int

    def stop(self) -> None:
        stop_serve(self.proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(
    log: Path,
    *args: str,
    data: Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 90.0,
) -> Served:
    """`reskg serve --port P --data DATA *args`, its output in ``log``, once `/` answers 200."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reskg", "serve", "--port", str(port), "--data", str(data)]
            + list(args),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise ServeFailed(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                return Served(proc, url, port)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            stop_serve(proc)
            raise ServeFailed(f"server did not start within {timeout:g} s")
        time.sleep(0.3)


def stop_serve(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if the server has not stopped within 15 s."""
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
