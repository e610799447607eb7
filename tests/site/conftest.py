"""Fixtures of real components for the site and server tests: a built site folder, a running
`reskg serve` in a subprocess on a free loopback port, and a headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from reskg.config import Settings
from reskg.site import SiteReport, build_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
TIME_LIMIT = 2.0  # seconds: short, so the time-limit test is quick
MAX_ROWS = 1000  # below the size of the graph, above any competency answer


@pytest.fixture(scope="session")
def built_site(
    tmp_path_factory: pytest.TempPathFactory, graph: Graph, settings: Settings
) -> SiteReport:
    return build_site(graph, settings, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def site_dir(built_site: SiteReport) -> Path:
    return built_site.out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the test server writes its stdout and stderr (its request log)."""
    return tmp_path_factory.mktemp("server") / "server.log"


@pytest.fixture(scope="session")
def server(server_log: Path) -> Iterator[str]:
    """The base URL of a `reskg serve` started for the test session, stopped at its end."""
    port = free_port()
    log = server_log
    env = {**os.environ, "RESKG_BASE": "https://w3id.org/reskg/"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reskg",
                "serve",
                "--port",
                str(port),
                "--data",
                str(ROOT / "data"),
                "--time-limit",
                str(TIME_LIMIT),
                "--max-rows",
                str(MAX_ROWS),
                "--workers",
                "2",
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not start within 90 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="session")
def time_limit() -> float:
    """The query time limit the test server runs with."""
    return TIME_LIMIT


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, driven by Playwright (no `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (CI installs the Debian chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()
