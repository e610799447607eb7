"""Benchmark of `reskg serve`: requests per second and p50/p99 latency of resource pages and of
a competency query under 20 concurrent clients on loopback, each run bounded in time.

Usage: python scripts/bench_site.py [--seconds 10] [--clients 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = [
    "id/resolution/2019-2610-RSP",
    "id/org/eeas",
    "id/demand/2019-2610-RSP/3",
    "id/action/2019-2610-RSP/2-3",
    "id/theme/human-rights",
    "id/country/kazakhstan",
    "id/source/2019-2610-RSP",
    "id/law/kz-criminal-code/article-174",
]
QUERY_FILE = ROOT / "queries" / "demands-by-addressee.rq"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_up(url: str, proc: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit("server exited before it was ready")
            try:
                if (await client.get(url + "/")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.3)
    raise SystemExit("server did not start")


async def run(name: str, clients: int, seconds: float, make_request) -> None:
    """`clients` tasks send requests back to back until the time is up; print the figures."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker(index: int) -> None:
            i = index
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    resp = await make_request(client, i)
                    ok = resp.status_code in (200, 303)
                    key = str(resp.status_code)
                except httpx.HTTPError as exc:
                    ok, key = False, type(exc).__name__
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    errors[key] = errors.get(key, 0) + 1
                i += clients

        started = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.monotonic() - started
    latencies.sort()
    n = len(latencies)
    p50 = statistics.median(latencies) * 1000 if n else 0.0
    p99 = latencies[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0
    print(
        f"{name:<28} {n:>6} requests  {n / elapsed:8.1f} req/s  p50 {p50:7.1f} ms  "
        f"p99 {p99:7.1f} ms  errors {sum(errors.values())} {errors or ''}",
        flush=True,
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reskg", "serve", "--port", str(port), "--data", str(ROOT / "data")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await wait_up(url, proc)
        print(f"reskg serve on {url}, {args.clients} concurrent clients, {args.seconds:g} s each")
        query = QUERY_FILE.read_text(encoding="utf-8")

        def page(client, i):
            return client.get(f"{url}/{RESOURCES[i % len(RESOURCES)]}.html")

        def negotiate(client, i):
            return client.get(
                f"{url}/{RESOURCES[i % len(RESOURCES)]}", headers={"Accept": "text/turtle"}
            )

        def sparql(client, i):
            return client.post(
                f"{url}/sparql",
                data={"query": query},
                headers={"Accept": "application/sparql-results+json"},
            )

        await run("resource pages (HTML)", args.clients, args.seconds, page)
        await run("resource IRIs (303 Turtle)", args.clients, args.seconds, negotiate)
        await run(f"query {QUERY_FILE.stem}", args.clients, args.seconds, sparql)
    finally:
        proc.terminate()
        proc.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
