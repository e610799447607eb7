"""Scale benchmark: a 1,000-resolution corpus, naive path versus the project's path.

Naive: rdflib memory store, one pySHACL call on the whole graph (`reskg build --store memory`).
Project: `reskg build` (Oxigraph store, per-resolution cached parallel validation, fragments).
Prints the cold full build, the rebuild after changing one resolution (median of five, each
after another edit), the peak memory, and each competency query's p50: asked of one resolution
(`--bind resolution=<IRI>`) on both engines, and over the whole corpus on Oxigraph.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
N = int(os.environ.get("RESKG_BENCH_N", "1000"))


def run_build(data: Path, out: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `reskg build` in a fresh process."""
    code = (
        "import resource, sys, time; from reskg.cli import main; t = time.perf_counter()\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        "dt = time.perf_counter() - t\n"
        "m = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(f'{dt} {m / 1024}', file=sys.stderr); sys.exit(code)\n"
    )
    cmd = [sys.executable, "-c", code, "-q", "build", "--data", str(data), "--out", str(out), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CI": "1"})
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {proc.stdout}{proc.stderr}")
    seconds, mb = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(mb)


QUERY_REPS = 21  # on Oxigraph
NAIVE_REPS = 3  # on rdflib's engine (fewer for a query past 10 s: it takes up to 40 s once)
REBUILDS = 5  # rebuilds, each after changing another resolution: the median is reported


def query_p50(store, sparql: str, reps: int, budget: float = 10.0) -> float:
    """The median of ``reps`` runs, or of fewer once ``budget`` seconds are spent."""
    times: list[float] = []
    while len(times) < reps and sum(times) < budget:
        t = time.perf_counter()
        store.query(sparql)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def change_one(unit: Path, n: int) -> None:
    """Edit one literal of a resolution (the text of its first demand)."""
    stmt = unit / "statements.ttl"
    text = stmt.read_text(encoding="utf-8")
    changed = text.replace('"Demand ', f'"Changed ({n}) demand ', 1)
    if changed == text:
        raise SystemExit(f"{stmt}: no demand to change")
    stmt.write_text(changed, encoding="utf-8")


def time_queries(settings, data: Path, resolution) -> list[tuple[str, float, float, float, int]]:
    """Each competency query: p50 asked of one resolution (`--bind resolution=<IRI>`) on
    rdflib's engine and on Oxigraph, and p50 over the whole corpus on Oxigraph, with its rows.
    """
    from reskg.query import prepare
    from reskg.store import load_store

    ox = load_store(settings, data, "oxigraph")
    print(f"corpus: {len(ox)} triples; one resolution = {resolution}", flush=True)
    memory = load_store(settings, data, "memory")
    table = []
    for q in sorted((ROOT / "queries").glob("*.rq")):
        sparql = q.read_text(encoding="utf-8")
        one = sparql
        if "?resolution" in sparql:  # (external-links is about the shared actors only)
            one = prepare(sparql, [("resolution", resolution)], base=settings.base).text
        naive = query_p50(memory, one, NAIVE_REPS)
        project = query_p50(ox, one, QUERY_REPS)
        whole = query_p50(ox, sparql, QUERY_REPS)
        table.append((q.stem, naive, project, whole, len(ox.query(sparql))))
        print(f"  {q.stem}: {naive:.1f} / {project:.2f} / {whole:.1f} ms", flush=True)
    return table


def main() -> None:
    from make_corpus import make_corpus
    from rdflib import URIRef

    from reskg.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        data, work = Path(tmp) / "data", Path(tmp) / "work"
        make_corpus(N, data, seed=1, source=ROOT / "data")
        units = sorted(p for p in data.iterdir() if (p / "source.txt").is_file())
        rows = []
        cold, cold_mb = run_build(data, work / "dist", "--store", "oxigraph")
        print(f"project cold build {cold:.1f} s, peak {cold_mb:.0f} MB", flush=True)
        rebuilds = []
        for i in range(REBUILDS):
            change_one(units[(N // 2 + i * 97) % N], i)
            seconds, _ = run_build(data, work / "dist", "--store", "oxigraph")
            rebuilds.append(seconds)
        rebuild = statistics.median(rebuilds)
        spread = f"{min(rebuilds):.2f}-{max(rebuilds):.2f}"
        print(f"project rebuilds {', '.join(f'{x:.2f}' for x in rebuilds)} s", flush=True)
        naive, naive_mb = run_build(data, work / "naive", "--store", "memory")
        print(f"naive cold build {naive:.1f} s, peak {naive_mb:.0f} MB", flush=True)
        change_one(units[N // 3], REBUILDS)
        naive_re, _ = run_build(data, work / "naive", "--store", "memory")
        rows.append(("cold full build (s)", naive, cold, "<= 20"))
        rows.append(
            (
                f"rebuild, one resolution changed (s, median of {REBUILDS})",
                naive_re,
                rebuild,
                "<= 2",
            )
        )
        rows.append(("peak memory of the build (MB)", naive_mb, cold_mb, "<= 1536"))
        settings = Settings()
        resolution = URIRef(f"{settings.base}id/resolution/{units[N // 2].name}")
        queries = time_queries(settings, data, resolution)
    worst_one = max(queries, key=lambda r: r[2])
    rows.append(("slowest query, one resolution p50 (ms)", worst_one[1], worst_one[2], "<= 10"))
    print(f"\nCorpus: {N} resolutions; rebuilds {spread} s")
    print(f"{'figure':<52}{'naive':>10}{'project':>10}{'ratio':>9}  target")
    for name, a, b, target in rows:
        print(f"{name:<52}{a:>10.3f}{b:>10.3f}{a / b if b else 0:>8.1f}x  {target}")
    print(f"\nCompetency queries, p50 in ms (naive {NAIVE_REPS} runs, project {QUERY_REPS}).")
    print("One resolution: bound with --bind resolution=<IRI>, as a user asks it of one.")
    print("Whole corpus: unbound, every resolution's answer in one result (rows).")
    head = ("query", "one: naive", "one: project", "ratio", "whole corpus", "rows")
    print(f"{head[0]:<30}{head[1]:>12}{head[2]:>14}{head[3]:>8}{head[4]:>14}{head[5]:>7}")
    for name, naive_ms, one_ms, whole_ms, count in queries:
        ratio = naive_ms / one_ms if one_ms else 0
        print(
            f"{name:<30}{naive_ms:>12.1f}{one_ms:>14.2f}{ratio:>7.0f}x{whole_ms:>14.1f}{count:>7}"
        )
    over = [q[0] for q in queries if q[3] > 10]
    within = sum(q[2] <= 10 for q in queries)
    print(f"within 10 ms: one resolution {within} of {len(queries)}; whole corpus ", end="")
    print(f"{len(queries) - len(over)} of {len(queries)} (over: {', '.join(over) or 'none'})")


if __name__ == "__main__":
    main()
