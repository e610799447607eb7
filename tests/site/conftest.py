"""Fixtures of real components for the site and server tests: a built site folder, a running
`reskg serve` in a subprocess on a free loopback port, and a headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from reskg.config import Settings
from reskg.serve.launch import ServeFailed, start_serve
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


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the test server writes its stdout and stderr (its request log)."""
    return tmp_path_factory.mktemp("server") / "server.log"


@pytest.fixture(scope="session")
def server(server_log: Path) -> Iterator[str]:
    """The base URL of a `reskg serve` started for the test session, stopped at its end."""
    try:
        served = start_serve(
            server_log,
            "--time-limit",
            str(TIME_LIMIT),
            "--max-rows",
            str(MAX_ROWS),
            "--workers",
            "2",
            data=ROOT / "data",
            cwd=ROOT,
            env={"RESKG_BASE": "https://w3id.org/reskg/"},
        )
    except ServeFailed as failed:
        pytest.fail(str(failed))
    try:
        yield served.url
    finally:
        served.stop()


@pytest.fixture(scope="session")
def time_limit() -> float:
    """The query time limit the test server runs with."""
    return TIME_LIMIT


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, driven by Playwright (no `playwright install`)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (CI installs the Debian chromium package)"
        if os.environ.get("RESKG_REQUIRE_BROWSER"):  # set by .ci/run: never skipped in CI
            pytest.fail(message)
        pytest.skip(message)
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
