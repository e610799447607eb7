"""Fixtures of real components for the links tests: SPARQL endpoints on loopback.

``endpoint`` serves the SPARQL 1.1 protocol (GET and POST, JSON results) from an rdflib Graph
loaded with a small Wikidata-shaped fixture; its ``mode`` makes it misbehave on purpose.
``dbpedia_endpoint`` is a second such server with a DBpedia-shaped fixture.
``blackhole`` accepts connections and never answers; ``closed_port`` has nobody listening.
No test here may reach the internet: connections to anything but loopback are refused.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from rdflib import Graph
from support import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class FixtureEndpoint:
    url: str
    graph: Graph
    mode: str = "ok"  # ok | html | busy-once
    requests: list[dict[str, str]] = field(default_factory=list)

    def answer(self, query: str, agent: str) -> tuple[int, str, bytes]:
        self.requests.append({"query": query, "agent": agent})
        if self.mode == "html":
            return 200, "text/html", b"<html><body>Service temporarily down</body></html>"
        if self.mode == "busy-once" and len(self.requests) == 1:
            return 503, "text/plain", b"busy"
        try:
            body = self.graph.query(query).serialize(format="json")
        except Exception as exc:  # a bad query is the client's fault: HTTP 400
            return 400, "text/plain", str(exc).encode()
        return 200, "application/sparql-results+json", body


def _handler(endpoint: FixtureEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, params: dict[str, list[str]]) -> None:
            query = (params.get("query") or [""])[0]
            status, ctype, body = endpoint.answer(query, self.headers.get("User-Agent", ""))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._reply(parse_qs(self.path.partition("?")[2]))

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            data = self.rfile.read(length).decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
                self._reply({"query": [data]})
            else:
                self._reply(parse_qs(data))

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def wikidata_graph() -> Graph:
    return Graph().parse(FIXTURES / "wikidata-mini.ttl")


@pytest.fixture(scope="session")
def dbpedia_graph() -> Graph:
    return Graph().parse(FIXTURES / "dbpedia-mini.ttl")


def _serve(graph: Graph) -> Iterator[FixtureEndpoint]:
    fixture = FixtureEndpoint(url="", graph=graph)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fixture))
    fixture.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fixture
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(wikidata_graph: Graph) -> Iterator[FixtureEndpoint]:
    yield from _serve(wikidata_graph)


@pytest.fixture
def dbpedia_endpoint(dbpedia_graph: Graph) -> Iterator[FixtureEndpoint]:
    yield from _serve(dbpedia_graph)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Refuse connections to anything but loopback, so a forgotten endpoint fails fast."""
    connect = socket.create_connection

    def loopback_only(address, *args, **kwargs):
        if address[0] not in ("127.0.0.1", "localhost", "::1"):
            raise ConnectionRefusedError(f"tests/links must stay offline: {address[0]}")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", loopback_only)


@pytest.fixture
def blackhole() -> Iterator[str]:
    """An endpoint that accepts the connection and never says a word."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    sock.close()


@pytest.fixture
def closed_port() -> str:
    """An endpoint address where nothing listens."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/sparql"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data folder, free to break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("cache"))
    return target


@pytest.fixture
def run_cli(capsys):
    """Run `reskg ARGS...` in-process: (exit code, stdout, stderr)."""
    from reskg.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as stop:
            main(list(args))
        out, err = capsys.readouterr()
        return int(stop.value.code or 0), out, err

    return run
