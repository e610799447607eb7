"""SPARQL benchmark: the median latency of each competency question on the local graph, the
same on a throwaway Virtuoso, and the time of `reskg push` into it (GSP and SPARQL Update).

Virtuoso is started and stopped here (loopback, free ports, its own database folder); when the
virtuoso-t binary is missing, the Virtuoso figures are skipped with a note.
Environment: RESKG_BENCH_RUNS (default 15) runs per question after one warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from reskg import virtuoso
from reskg.config import Settings
from reskg.load import load_dataset, union_graph
from reskg.push import push_graph
from reskg.query import named_queries, prepare, run_local, run_remote

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("RESKG_BENCH_RUNS", "15"))


def median_ms(run, runs: int = RUNS) -> float:
    run()  # warm-up: parser and caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    settings = Settings(data_dir=ROOT / "data")
    started = time.perf_counter()
    graph = union_graph(load_dataset(settings, settings.data_dir))
    load_s = time.perf_counter() - started
    questions = [q for q in named_queries(settings.queries_dir) if "/" not in q.name]
    prepared = {q.name: prepare(q.text, origin=str(q.path)) for q in questions}
    print(f"graph: {len(graph)} triples, loaded in {load_s:.2f} s; {RUNS} runs per question")

    local = {name: median_ms(lambda p=p: run_local(p, graph)) for name, p in prepared.items()}

    remote: dict[str, float] = {}
    pushes: list[tuple[str, float]] = []
    if virtuoso.binary() is None:
        note = "virtuoso-t not installed: Virtuoso figures skipped"
    else:
        with virtuoso.Virtuoso() as server:
            note = f"Virtuoso ready in {server.startup_seconds:.1f} s"
            for method in ("gsp", "update"):
                report = push_graph(
                    graph,
                    server.update_url,
                    target=settings.dataset_iri,
                    method=method,
                    user=server.user,
                    password=server.password,
                )
                pushes.append((method, report.seconds))
            for name, p in prepared.items():
                remote[name] = median_ms(
                    lambda p=p: run_remote(
                        p, server.query_url, default_graphs=[settings.dataset_iri]
                    )
                )

    width = max(len(n) for n in prepared)
    print(f"\n{'question'.ljust(width)}  local p50 ms  Virtuoso p50 ms")
    for name in prepared:
        far = f"{remote[name]:15.1f}" if name in remote else f"{'-':>15}"
        print(f"{name.ljust(width)}  {local[name]:12.1f}  {far}")
    print(
        f"{'(all, median)'.ljust(width)}  {statistics.median(local.values()):12.1f}  "
        + (f"{statistics.median(remote.values()):15.1f}" if remote else f"{'-':>15}")
    )
    print(f"\n{note}")
    for method, seconds in pushes:
        label = "Graph Store protocol" if method == "gsp" else "SPARQL Update INSERT DATA"
        print(f"push of {len(graph)} triples via {label}: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
