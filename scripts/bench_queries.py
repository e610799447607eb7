"""Query benchmark: the p50 of every competency question of queries/ on Oxigraph over a
synthetic corpus of N resolutions (env RESKG_BENCH_N, default 1000; RESKG_BENCH_RUNS, default
21 runs per query). Per-resolution questions (bench_scale.PER_RESOLUTION) run bound to one
resolution with `reskg.query.prepare`, exactly as bench_scale.py and `--bind` do; the others
run unbound over the whole corpus. Pass query names as arguments to time only those.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
N = int(os.environ.get("RESKG_BENCH_N", "1000"))
RUNS = int(os.environ.get("RESKG_BENCH_RUNS", "21"))
TARGET_MS = 10.0


def main(only: list[str]) -> int:
    from bench_scale import PER_RESOLUTION, query_p50
    from make_corpus import make_corpus
    from rdflib import URIRef

    from reskg.config import Settings
    from reskg.query import prepare
    from reskg.store import load_store

    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        make_corpus(N, data, seed=1, source=ROOT / "data")
        one = sorted(p for p in data.iterdir() if (p / "source.txt").is_file())[N // 2]
        started = time.perf_counter()
        store = load_store(settings, data, "oxigraph")
        seconds = time.perf_counter() - started
        print(f"corpus: {N} resolutions, loaded into Oxigraph in {seconds:.1f} s")
    resolution = URIRef(f"{settings.base}id/resolution/{one.name}")
    print(f"per-resolution queries (*) bound to {resolution}; {RUNS} runs each")
    print(f"{'query':<34}{'rows':>7}{'p50 ms':>10}  target <= {TARGET_MS:g}")
    over = 0
    for path in sorted((ROOT / "queries").glob("*.rq")):
        if only and path.stem not in only:
            continue
        text = path.read_text(encoding="utf-8")
        bound = path.stem in PER_RESOLUTION
        if bound:
            text = prepare(text, [("resolution", resolution)], base=settings.base).text
        rows = len(store.query(text))
        p50 = query_p50(store, text, RUNS)
        over += p50 > TARGET_MS
        mark = "" if p50 <= TARGET_MS else "  over"
        print(f"{path.stem + (' *' if bound else ''):<34}{rows:>7}{p50:>10.2f}{mark}", flush=True)
    print(f"{over} queries over {TARGET_MS:g} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
