"""What a query over the whole 1,000-resolution corpus costs on Oxigraph before any work of ours.

Prints the p50 of the smallest pieces the corpus-wide competency queries are made of, so that
their times (`bench_scale.py`, "whole corpus") can be read against the engine's own floor:
one index scan, one join, the same join counted inside Oxigraph (no row reaches Python), and
the listing of `resolutions.rq` without its count. Columns: on the project's store (named
graphs, the default graph as their union), rows as Oxigraph objects; on a store holding the
same triples in its default graph only (the cheapest layout Oxigraph offers); and on the
project's store with rows as N-Triples text, as `reskg query` gets them.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
N = int(os.environ.get("RESKG_BENCH_N", "1000"))
REPS = 21

PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX eli-dl: <http://data.europa.eu/eli/eli-draft-legislation-ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
PIECES = {
    "scan: every eli:Work (rows)": "SELECT ?r WHERE { ?r a eli:Work }",
    "join: each work's titles (rows)": "SELECT ?r ?t WHERE { ?r a eli:Work ; dcterms:title ?t }",
    "join: counted in Oxigraph (1 row)": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?r a eli:Work ; dcterms:title ?t }"
    ),
    "scan: every dcterms:isPartOf (rows)": "SELECT ?s ?r WHERE { ?s dcterms:isPartOf ?r }",
    "group: statements per resolution": (
        "SELECT ?r (COUNT(*) AS ?n) WHERE { ?s dcterms:isPartOf ?r } GROUP BY ?r"
    ),
    "resolutions.rq without its count": """SELECT ?resolution ?title ?procedure ?reference ?adopted
WHERE {
  ?resolution a eli:Work ; dcterms:title ?title .
  FILTER(langMatches(lang(?title), "en"))
  OPTIONAL { ?resolution eli:date_document ?adopted }
  OPTIONAL { ?procedure a eli-dl:Process ; eli-dl:created_a_realization_of ?resolution ;
                        dcterms:identifier ?reference . }
}
ORDER BY ?adopted ?resolution""",
}


def p50(run) -> float:
    times = []
    for _ in range(REPS):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    import pyoxigraph as ox
    from make_corpus import make_corpus

    from reskg.config import Settings
    from reskg.store import load_store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        make_corpus(N, data, seed=1, source=ROOT / "data")
        store = load_store(Settings(), data, "oxigraph")
    named = store.store  # type: ignore[attr-defined]
    flat = ox.Store()
    flat.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in named)
    print(f"Corpus: {N} resolutions, {len(flat)} triples; p50 of {REPS} runs, in ms")
    print(f"{'piece':<40}{'rows':>7}{'union':>9}{'one graph':>11}{'as text':>9}")
    for name, body in PIECES.items():
        sparql = PREFIXES + body
        rows = len(store.query(sparql))
        on_named = p50(lambda q=sparql: list(named.query(q, use_default_graph_as_union=True)))
        on_flat = p50(lambda q=sparql: list(flat.query(q)))
        as_text = p50(lambda q=sparql: store.query(q))  # rows as N-Triples terms, as we use them
        print(f"{name:<40}{rows:>7}{on_named:>9.2f}{on_flat:>11.2f}{as_text:>9.2f}")


if __name__ == "__main__":
    main()
