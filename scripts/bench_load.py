"""Bounded load test of `reskg serve` on loopback: 20 benign clients (pages, content
negotiation, competency queries) for DURATION s; then the same with 5 hostile query clients
(cartesian product, regex backtracking) and 200 idle connections added. Prints requests/s,
p50/p95, errors and timeouts per run, the hostile/clean p95 ratio and the server's peak RSS
(server process and its query workers)."""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from reskg.serve.launch import ServeFailed, start_serve

ROOT = Path(__file__).resolve().parents[1]
DURATION = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CLIENTS, HOSTILE, IDLE = 20, 5, 200
BASE = "https://w3id.org/reskg/"
HOSTILE_QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    'SELECT ?o WHERE { BIND(CONCAT("' + "a" * 40 + '", "!") AS ?o) FILTER regex(?o, "^(a+)+$") }',
]


def benign_requests() -> list[tuple[str, dict, dict]]:
    queries = sorted((ROOT / "queries").glob("*.rq"))
    reqs = [
        ("/id/org/eeas.html", {}, {}),
        ("/id/resolution/2019-2610-RSP.html", {}, {}),
        ("/id/org/eeas", {}, {"Accept": "text/turtle"}),
        ("/id/resolution/2019-2610-RSP", {}, {"Accept": "application/ld+json"}),
        ("/id/org/eeas.ttl", {}, {}),
    ]
    for q in queries[:6]:
        reqs.append(
            (
                "/sparql",
                {"query": q.read_text(encoding="utf-8")},
                {"Accept": "application/sparql-results+json"},
            )
        )
    return reqs


def descendants(pid: int) -> list[int]:
    """pid and all its descendants (query workers are children of a fork server)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        children = subprocess.run(["pgrep", "-P", str(p)], capture_output=True, text=True)
        todo += [int(c) for c in children.stdout.split()]
    return found


def rss_kib(pid: int) -> int:
    """Summed VmRSS of the server's process tree (shared pages counted in each process)."""
    total = 0
    for p in descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


async def client(url: str, reqs, stop: float, out: dict, offset: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        i = offset
        while time.monotonic() < stop:
            path, params, headers = reqs[i % len(reqs)]
            i += 1
            start = time.monotonic()
            try:
                resp = await c.get(path, params=params, headers=headers)
                ok = resp.status_code in (200, 303)
                out["lat"].append(time.monotonic() - start)
                out["errors"] += 0 if ok else 1
            except httpx.TimeoutException:
                out["timeouts"] += 1
            except httpx.HTTPError:
                out["errors"] += 1


async def hostile_client(url: str, stop: float, out: dict, offset: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        i = offset
        while time.monotonic() < stop:
            query = HOSTILE_QUERIES[i % len(HOSTILE_QUERIES)]
            i += 1
            try:
                resp = await c.get("/sparql", params={"query": query})
                out["hostile"][resp.status_code] = out["hostile"].get(resp.status_code, 0) + 1
            except httpx.HTTPError as exc:
                out["hostile"][type(exc).__name__] = out["hostile"].get(type(exc).__name__, 0) + 1


def idle_connections(port: int, stop: float, out: dict) -> None:
    """IDLE connections that never send a byte; reopened when the server closes them."""
    socks = []

    def hold() -> None:
        while time.monotonic() < stop:
            s = socket.create_connection(("127.0.0.1", port), timeout=stop - time.monotonic() + 1)
            socks.append(s)
            try:
                s.recv(1)
                out["idle_closed"] += 1
            except (OSError, TimeoutError):
                pass
            s.close()

    threads = [threading.Thread(target=hold, daemon=True) for _ in range(IDLE)]
    for t in threads:
        t.start()
    out["idle_threads"] = threads


def run(url: str, port: int, pid: int, hostile: bool) -> dict:
    out = {"lat": [], "errors": 0, "timeouts": 0, "hostile": {}, "idle_closed": 0, "rss": 0}
    stop = time.monotonic() + DURATION
    if hostile:
        idle_connections(port, stop, out)

    def sample() -> None:
        while time.monotonic() < stop:
            out["rss"] = max(out["rss"], rss_kib(pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    reqs = benign_requests()

    async def main() -> None:
        tasks = [client(url, reqs, stop, out, i) for i in range(CLIENTS)]
        if hostile:
            tasks += [hostile_client(url, stop, out, i) for i in range(HOSTILE)]
        await asyncio.gather(*tasks)

    start = time.monotonic()
    asyncio.run(main())
    out["elapsed"] = time.monotonic() - start
    sampler.join()
    return out


def report(name: str, r: dict) -> float:
    lat = sorted(r["lat"])
    p50 = statistics.median(lat) * 1000 if lat else 0.0
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else 0.0
    print(
        f"{name}: {len(lat)} requests, {len(lat) / r['elapsed']:.1f} req/s, "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, errors {r['errors']}, timeouts {r['timeouts']}, "
        f"peak RSS {r['rss'] / 1024:.0f} MiB"
    )
    if r["hostile"]:
        print(
            f"  hostile answers: {r['hostile']}; idle connections closed by the server: "
            f"{r['idle_closed']}"
        )
    return p95


def main() -> int:
    log = Path(tempfile.mkdtemp(prefix="reskg-bench-")) / "server.log"
    try:
        served = start_serve(log, data=ROOT / "data", cwd=ROOT)
    except ServeFailed as failed:
        print(f"load: {failed}")
        return 1
    proc, url, port = served.proc, served.url, served.port
    try:
        print(f"load: {CLIENTS} clients, {DURATION:g} s per run, server time limit 10 s")
        clean = report("clean", run(url, port, proc.pid, hostile=False))
        hostile = report(
            f"hostile (+{HOSTILE} hostile, +{IDLE} idle)", run(url, port, proc.pid, hostile=True)
        )
        ratio = hostile / clean if clean else float("inf")
        print(f"p95 hostile/clean: {ratio:.2f} (target <= 2)")
        tracebacks = log.read_text(errors="replace").count("Traceback")
        print(f"tracebacks in the server log: {tracebacks}")
    finally:
        served.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
