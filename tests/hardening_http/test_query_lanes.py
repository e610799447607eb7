"""The two query lanes (reskg.serve.lanes): a query that spends more than its CPU budget in the
ordinary lane is run in the small heavy lane instead, ordinary queries keep their workers
meanwhile, and a full heavy lane is refused at once with 503, Retry-After and a JSON body.

The app runs in process (TestClient) with its real worker processes, 2 ordinary workers, one
heavy worker and no heavy queue, so that the limits are reached with two queries."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient
from support import ROOT

from reskg.config import Settings
from reskg.serve import ServerConfig, create_app
from reskg.serve.lanes import LaneLimits, WorkerPool

TIME_LIMIT = 6.0
CPU_BUDGET = 0.3  # CPU seconds in the ordinary lane (default 0.5; competency queries take < 0.2)
ORDINARY = 2
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BACKTRACKING = (
    'SELECT ?o WHERE { BIND(CONCAT("' + "a" * 40 + '", "!") AS ?o) FILTER regex(?o, "^(a+)+$") }'
)
JSON = "application/json"
RESULTS = "application/sparql-results+json"
# The label of the EEAS as data/common/actors.ttl states it.
EEAS_LABEL_QUERY = (
    "SELECT ?l WHERE { <https://w3id.org/reskg/id/org/eeas> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
)
EEAS_LABEL = "European External Action Service"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(base="https://w3id.org/reskg/", data_dir=ROOT / "data")
    config = ServerConfig(
        data_dir=ROOT / "data",
        workers=ORDINARY,
        time_limit=TIME_LIMIT,
        lanes=LaneLimits(heavy_after=CPU_BUDGET, heavy_workers=1, heavy_queue=0, retry_after=7),
    )
    with TestClient(create_app(settings, config), raise_server_exceptions=False) as c:
        yield c


def pool(client: TestClient) -> WorkerPool:
    return client.app.state.publisher.pool  # type: ignore[attr-defined]


def wait_until(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def ask(client: TestClient, query: str, accept: str = RESULTS) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers={"Accept": accept})


def in_background(client: TestClient, query: str) -> tuple[threading.Thread, dict]:
    box: dict[str, object] = {}

    def run() -> None:
        start = time.monotonic()
        box["resp"] = ask(client, query, JSON)
        box["took"] = time.monotonic() - start

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def settle(client: TestClient) -> None:
    """Wait until both lanes have all their workers idle again (replacements started)."""
    p = pool(client)
    assert wait_until(
        lambda: p.ordinary.idle.qsize() == ORDINARY and p.heavy.idle.qsize() == 1, 90
    ), "the lanes did not get their workers back"


def test_heavy_query_moves_to_the_heavy_lane_and_stops_at_the_time_limit(client):
    settle(client)
    p = pool(client)
    thread, box = in_background(client, CARTESIAN)
    # the query leaves the ordinary lane once it has used its CPU budget...
    assert wait_until(lambda: p.heavy.idle.qsize() == 0, TIME_LIMIT)
    assert p.knows_heavy(CARTESIAN)
    # ...and the ordinary lane keeps both its workers for other queries
    assert wait_until(lambda: p.ordinary.idle.qsize() == ORDINARY, 30)
    resp = ask(client, EEAS_LABEL_QUERY)
    assert resp.status_code == 200
    assert resp.json()["results"]["bindings"][0]["l"]["value"] == EEAS_LABEL
    assert thread.is_alive(), "the heavy query should still be running"
    thread.join(TIME_LIMIT + 30)
    resp = box["resp"]
    assert resp.status_code == 503
    assert "time limit" in resp.json()["error"]
    assert TIME_LIMIT - 0.5 < box["took"] < TIME_LIMIT + 3  # counted across both lanes
    assert "Retry-After" not in resp.headers


def test_full_heavy_lane_is_refused_at_once_with_503_json_and_retry_after(client):
    settle(client)
    p = pool(client)
    thread, box = in_background(client, BACKTRACKING)
    assert wait_until(lambda: p.heavy.idle.qsize() == 0, TIME_LIMIT), "not in the heavy lane"
    # the same text is now known to be heavy: it goes straight to the full heavy lane
    start = time.monotonic()
    resp = ask(client, BACKTRACKING, JSON)
    took = time.monotonic() - start
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == "7"
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert body["status"] == 503 and "long-running" in body["error"]
    assert "Traceback" not in resp.text
    assert took < 2.0
    thread.join(TIME_LIMIT + 30)
    assert box["resp"].status_code == 503


def test_known_heavy_query_never_takes_an_ordinary_worker(client):
    settle(client)
    p = pool(client)
    assert p.knows_heavy(CARTESIAN)  # from the first test
    thread, box = in_background(client, CARTESIAN)
    assert wait_until(lambda: p.heavy.idle.qsize() == 0, 2)
    seen = []
    while thread.is_alive():
        seen.append(p.ordinary.idle.qsize())
        time.sleep(0.05)
    assert seen and min(seen) == ORDINARY
    assert box["resp"].status_code == 503


def test_ordinary_queries_are_answered_in_full_while_the_heavy_lane_is_busy(client):
    settle(client)
    p = pool(client)
    thread, _ = in_background(client, CARTESIAN)
    assert wait_until(lambda: p.heavy.idle.qsize() == 0, 2)
    answers = []
    for path in sorted((ROOT / "queries").glob("*.rq"))[:4]:
        resp = ask(client, Path(path).read_text(encoding="utf-8"))
        answers.append(resp.status_code)
    assert answers == [200, 200, 200, 200]
    assert thread.is_alive(), "the heavy query should still be running"
    thread.join(TIME_LIMIT + 30)


def test_lane_defaults():
    limits = LaneLimits()
    assert (limits.heavy_after, limits.heavy_workers, limits.heavy_queue) == (0.5, 2, 8)
    assert (limits.retry_after, limits.remember) == (10, 300.0)
    assert ServerConfig().lanes == limits
    docs = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    for row in (
        "| heavy-lane CPU budget | 0.5 s of CPU in the ordinary lane |",
        "| heavy lane | 2 workers at CPU niceness 19, 8 waiting |",
        "| heavy lane full | `503` with `Retry-After: 10` |",
    ):
        assert row in docs, row
