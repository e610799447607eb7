"""Per-unit cost of parsing and rendering a resolution's export fragments: the rdflib path
(parse_file into a Graph, then reskg.shard.render) against reskg.ox_fragments (Oxigraph
triples only). A unit is a resolution folder: its RDF files plus the source.txt graph.
Prints ms per unit for parse, each format, stats and the total, on a generated corpus of
BENCH_FRAGMENT_UNITS resolutions (default 200)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from reskg import gate
from reskg import ox_fragments as oxf
from reskg.config import Settings
from reskg.describe import stats_of
from reskg.export import jsonld_context, sorted_rdfxml
from reskg.load import SOURCE_TEXT, parse_file, read_source_text, source_node
from reskg.namespaces import bind_prefixes, our_prefixes
from reskg.turtle_writer import Abbreviator, turtle_statements

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_corpus import make_corpus  # noqa: E402

UNITS = int(os.environ.get("BENCH_FRAGMENT_UNITS", "200"))
STEPS = ["parse", "index", "turtle", "nt", "json-ld", "rdf/xml", "stats"]


def timed(clock: dict[str, float], step: str, work: Callable):
    """Run work, adding its CPU time (not wall time: the machine may be shared) to step."""
    start = time.process_time()
    result = work()
    clock[step] = clock.get(step, 0.0) + time.process_time() - start
    return result


def old_path(units: list[Path], settings: Settings, context: dict) -> dict[str, float]:
    """The former per-unit path (rdflib graphs + reskg.shard.render), timed step by step."""
    clock: dict[str, float] = {}
    for folder in units:
        graphs = timed(clock, "parse", lambda f=folder: _rdflib_graphs(f, settings))
        for graph in graphs:

            def turtle(g: Graph = graph) -> str | None:
                bind_prefixes(g, settings.base)
                return turtle_statements(g, Abbreviator(our_prefixes(settings.base)))

            timed(clock, "turtle", turtle)
            timed(clock, "nt", lambda g=graph: sorted(set(g.serialize(format="nt").splitlines())))
            timed(
                clock,
                "json-ld",
                lambda g=graph: json.loads(
                    g.serialize(format="json-ld", context=context, auto_compact=True)
                ),
            )
            timed(clock, "rdf/xml", lambda g=graph: sorted_rdfxml(g))
            timed(clock, "stats", lambda g=graph: stats_of(g, settings))
    return clock


def _rdflib_graphs(folder: Path, settings: Settings) -> list[Graph]:
    graphs = [parse_file(path, settings.base) for path in sorted(folder.glob("*.ttl"))]
    text = Graph()
    text.add(
        (
            source_node(settings, folder.name),
            RDF.value,
            Literal(read_source_text(folder / SOURCE_TEXT)),
        )
    )
    return graphs + [text]


def _ox_graphs(folder: Path, settings: Settings) -> list[list[ox.Triple]]:
    graphs = [oxf.parse_triples(path, settings.base) for path in sorted(folder.glob("*.ttl"))]
    node = ox.NamedNode(f"{settings.base}id/source/{folder.name}")
    value = ox.Literal(read_source_text(folder / SOURCE_TEXT))
    return graphs + [[ox.Triple(node, ox.NamedNode(str(RDF.value)), value)]]


def new_path(units: list[Path], settings: Settings, context: dict) -> dict[str, float]:
    """reskg.ox_fragments, each step timed on its own (the index, built once per graph, on a
    row of its own), then render_triples as a whole; and the input gate's checks alone."""
    clock: dict[str, float] = {}
    prefixes = oxf._prefixes(settings.base)
    graphs_of = []
    for folder in units:
        graphs = timed(clock, "parse", lambda f=folder: _ox_graphs(f, settings))
        graphs_of.append(graphs)
        for triples in graphs:
            index = timed(clock, "index", lambda t=triples: oxf._index(t))
            timed(clock, "turtle", lambda i=index: oxf._turtle(i, prefixes))
            timed(
                clock,
                "nt",
                lambda i=index: oxf._nt_lines(i),
            )
            timed(clock, "json-ld", lambda i=index: oxf._jsonld(i, context))
            timed(
                clock,
                "rdf/xml",
                lambda i=index: oxf._rdfxml(i, prefixes.rdflib_namespaces, prefixes),
            )
            timed(clock, "stats", lambda i=index: oxf._stats(i, settings))
    for folder in units:
        for path in sorted(folder.glob("*.ttl")):
            data = path.read_bytes()
            timed(clock, "gate.prepare", lambda d=data: gate.prepare(d, "turtle", name="x"))
    for graphs in graphs_of:
        for triples in graphs:
            timed(
                clock,
                "render_triples",
                lambda t=triples: oxf.render_triples(t, "x", settings, context),
            )
    return clock


def main() -> int:
    settings = Settings()
    context = jsonld_context(settings)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        make_corpus(UNITS, data, seed=1, source=ROOT / "data")
        units = sorted(p.parent for p in data.glob(f"*/{SOURCE_TEXT}"))
        warm = units[:3]
        old_path(warm, settings, context)
        new_path(warm, settings, context)
        old: dict[str, float] = {}
        new: dict[str, float] = {}
        per_unit: dict[str, list[float]] = {"old": [], "new": []}
        for unit in units:  # interleaved: both paths see the same machine load
            for name, clock, path in (("old", old, old_path), ("new", new, new_path)):
                times = path([unit], settings, context)
                for step, seconds in times.items():
                    clock[step] = clock.get(step, 0.0) + seconds
                whole = ("parse", "render_triples") if name == "new" else STEPS
                per_unit[name].append(1000 * sum(times.get(s, 0.0) for s in whole))
    n = len(units)
    print(f"fragments per unit (ms of CPU), {n} units (resolution files + source text)")
    print(f"{'step':<16}{'rdflib path':>12}{'ox_fragments':>14}{'ratio':>8}")
    for step in STEPS:
        a, b = 1000 * old.get(step, 0.0) / n, 1000 * new[step] / n
        ratio = f"{a / b:>7.1f}x" if a else "        "
        print(f"{step:<16}{a:>12.2f}{b:>14.2f}{ratio}")
    total_old = 1000 * sum(old.get(s, 0.0) for s in STEPS) / n
    total_new = 1000 * sum(new[s] for s in STEPS) / n
    print(f"{'total':<16}{total_old:>12.2f}{total_new:>14.2f}{total_old / total_new:>7.1f}x")
    whole = 1000 * (new["parse"] + new["render_triples"]) / n
    print(f"parse_triples + render_triples: {whole:.2f} ms per unit (target <= 8)")
    a, b = statistics.median(per_unit["old"]), statistics.median(per_unit["new"])
    print(
        f"median unit (less sensitive to other load): rdflib path {a:.2f} ms, "
        f"parse_triples + render_triples {b:.2f} ms ({a / b:.1f}x)"
    )
    prepare = 1000 * new["gate.prepare"] / n
    print(f"  of which the input gate's checks (gate.prepare, both paths): {prepare:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
