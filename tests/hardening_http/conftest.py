"""Fixtures of the hostile HTTP suite: a real `reskg serve` on loopback (short query time
limit) and a loopback canary HTTP server that counts every request (see http_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_helpers import MAX_ROWS, TIME_LIMIT, Canary, Server, start_server, stop_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`reskg serve` with a 3 s query time limit and 1000-row cap, for the whole session."""
    log = tmp_path_factory.mktemp("hardening-server") / "server.log"
    proc, url, port = start_server(
        log, "--time-limit", str(TIME_LIMIT), "--max-rows", str(MAX_ROWS)
    )
    try:
        yield Server(url, "127.0.0.1", port, log, proc=proc)
    finally:
        stop_server(proc)


@pytest.fixture(autouse=True)
def no_traceback_logged(request):
    """Fail any test after which the server log holds a traceback."""
    yield
    if "server" in request.fixturenames:
        srv: Server = request.getfixturevalue("server")
        assert "Traceback" not in srv.log_text(), srv.log_text()[-3000:]


@pytest.fixture(scope="session")
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    c.close()
