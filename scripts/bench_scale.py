"""Scale benchmark: a 1,000-resolution corpus, naive path versus the project's path.

Naive: rdflib memory store, one pySHACL call on the whole graph (`reskg build --store memory`).
Project: `reskg build` (Oxigraph store, per-resolution cached parallel validation, fragments).
Prints one table: cold full build, rebuild after changing one resolution, query p50, peak memory.
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


# Questions about one resolution by nature: timed bound to one resolution of the corpus, as a
# user asks them (`reskg query NAME --bind resolution=<IRI>`). Every other query runs unbound.
PER_RESOLUTION = {
    "demands",
    "noted-and-welcomed",
    "resolution-summary",
    "sanity-check",
    "statement-sources",
    "tabling-groups",
    "timeline",
}


def query_p50(store, sparql: str, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        store.query(sparql)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    from make_corpus import make_corpus
    from rdflib import URIRef

    from reskg.config import Settings
    from reskg.query import prepare
    from reskg.store import load_store

    with tempfile.TemporaryDirectory() as tmp:
        data, work = Path(tmp) / "data", Path(tmp) / "work"
        make_corpus(N, data, seed=1, source=ROOT / "data")
        one = sorted(p for p in data.iterdir() if (p / "source.txt").is_file())[N // 2]
        rows = []
        cold, cold_mb = run_build(data, work / "dist", "--store", "oxigraph")
        print(f"project cold build {cold:.1f} s, peak {cold_mb:.0f} MB", flush=True)
        stmt = one / "statements.ttl"
        stmt.write_text(stmt.read_text().replace('"Demand ', '"Changed demand ', 1))
        rebuild, _ = run_build(data, work / "dist", "--store", "oxigraph")
        print(f"project rebuild {rebuild:.2f} s", flush=True)
        naive, naive_mb = run_build(data, work / "naive", "--store", "memory")
        print(f"naive cold build {naive:.1f} s, peak {naive_mb:.0f} MB", flush=True)
        stmt.write_text(stmt.read_text().replace('"Changed demand ', '"Demand ', 1))
        naive_re, _ = run_build(data, work / "naive", "--store", "memory")
        rows.append(("cold full build (s)", naive, cold, "<= 20"))
        rows.append(("rebuild, one resolution changed (s)", naive_re, rebuild, "<= 2"))
        settings = Settings()
        ox = load_store(settings, data, "oxigraph")
        resolution = URIRef(f"{settings.base}id/resolution/{one.name}")
        print(f"per-resolution queries (*) bound to {resolution}, as `--bind` does")
        for q in sorted((ROOT / "queries").glob("*.rq")):
            sparql = q.read_text(encoding="utf-8")
            bound = q.stem in PER_RESOLUTION
            try:
                if bound:
                    sparql = prepare(sparql, [("resolution", resolution)], base=settings.base).text
                # rdflib's engine takes minutes on some of these at this size: project only
                p50 = query_p50(ox, sparql, 21)
                label = f"query {q.stem}{' *' if bound else ''} p50 (ms)"
                rows.append((label, 0.0, p50, "<= 10"))
            except Exception as exc:  # a query another engineer is still writing
                print(f"skipped {q.name}: {exc}")
        rows.append(("peak memory of the build (MB)", naive_mb, cold_mb, "<= 1536"))
    print(f"\nCorpus: {N} resolutions, {len(ox)} triples")
    print(f"{'figure':<44}{'naive':>12}{'project':>12}{'ratio':>9}  target")
    for name, a, b, target in rows:
        print(f"{name:<44}{a:>12.3f}{b:>12.3f}{a / b if b else 0:>8.1f}x  {target}")


if __name__ == "__main__":
    main()
