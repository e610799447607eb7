"""The store layer: one place where the graph lives, with interchangeable backends.

`memory` keeps the triples in rdflib's in-memory Dataset; `oxigraph` keeps them in a
pyoxigraph Store (Rust), which parses, serialises and queries an order of magnitude faster.
Both load the data folder the same way as `load.load_dataset` (one named graph per file, the
source text as `rdf:value`), answer SPARQL with rows of N-Triples terms, serialise N-Triples
sorted, and hand out an rdflib view for the renderers that need one (JSON-LD compaction,
grouped Turtle). Backends register themselves in STORES; add one with `register`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from reskg.config import Settings
from reskg.errors import InputError
from reskg.gate import format_for, prepare, read_bounded, syntax_error
from reskg.load import (
    RDF_SUFFIXES,
    SOURCE_TEXT,
    bundled_contexts,
    data_files,
    graph_name,
    load_dataset,
    read_source_text,
    source_node,
    union_graph,
)
from reskg.textlines import text_lines

Row = tuple[str | None, ...]


class Store(Protocol):
    """What every backend offers."""

    name: str

    def load(self, settings: Settings, data_dir: Path) -> None: ...

    def __len__(self) -> int: ...

    def query(self, sparql: str) -> list[Row]: ...

    def ntriples(self) -> bytes: ...

    def dataset(self) -> Dataset: ...


def sort_lines(text: str) -> bytes:
    """N-Triples lines, deduplicated and sorted: byte-stable across builds."""
    lines = sorted({line for line in text_lines(text) if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


class MemoryStore:
    """rdflib's in-memory Dataset (the reference path)."""

    name = "memory"

    def __init__(self) -> None:
        self._dataset: Dataset | None = None
        self._union: Graph | None = None

    def load(self, settings: Settings, data_dir: Path) -> None:
        self._dataset = load_dataset(settings, data_dir)
        self._union = union_graph(self._dataset)

    def union(self) -> Graph:
        assert self._union is not None, "load() first"
        return self._union

    def __len__(self) -> int:
        return len(self.union())

    def query(self, sparql: str) -> list[Row]:
        result = self.union().query(sparql)
        if result.type == "ASK":
            return [(str(bool(result.askAnswer)).lower(),)]
        return [tuple(None if t is None else t.n3() for t in row) for row in result]

    def ntriples(self) -> bytes:
        return sort_lines(self.union().serialize(format="nt", encoding="utf-8").decode("utf-8"))

    def dataset(self) -> Dataset:
        assert self._dataset is not None, "load() first"
        return self._dataset


class OxigraphStore:
    """A pyoxigraph Store; the union of all named graphs is the default graph for queries."""

    name = "oxigraph"

    def __init__(self) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self.store = pyoxigraph.Store()

    def _parse(self, path: Path, base: str, graph_iri: str) -> None:
        """Load one file through the input gate's checks, straight into Oxigraph."""
        ox = self._ox
        fmt = format_for(path)
        contexts = bundled_contexts(base) if fmt == "json-ld" else None
        payload, ox_format = prepare(read_bounded(path), fmt, name=str(path), contexts=contexts)
        try:
            self.store.bulk_load(
                payload, format=ox_format, base_iri=base, to_graph=ox.NamedNode(graph_iri)
            )
        except SyntaxError as exc:
            raise syntax_error(exc, str(path)) from None

    def load(self, settings: Settings, data_dir: Path) -> None:
        ox = self._ox
        self._parse(settings.ontology_file, settings.base, settings.graph_iri("ontology"))
        for path in data_files(data_dir):
            if path.suffix in RDF_SUFFIXES:
                self._parse(path, settings.base, settings.graph_iri(graph_name(path, data_dir)))
        for text_path in sorted(data_dir.glob(f"*/{SOURCE_TEXT}")):
            slug = text_path.parent.name
            self.store.add(
                ox.Quad(
                    ox.NamedNode(str(source_node(settings, slug))),
                    ox.NamedNode(str(RDF.value)),
                    ox.Literal(read_source_text(text_path)),
                    ox.NamedNode(settings.graph_iri(f"{slug}/source")),
                )
            )

    def __len__(self) -> int:
        return len(self.distinct_triples())

    def distinct_triples(self) -> set:
        return {(q.subject, q.predicate, q.object) for q in self.store}

    def query(self, sparql: str) -> list[Row]:
        result = self.store.query(sparql, use_default_graph_as_union=True)
        if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
            return [(str(bool(result)).lower(),)]
        if not hasattr(result, "variables"):  # CONSTRUCT or DESCRIBE
            return [(str(t.subject), str(t.predicate), str(t.object)) for t in result]
        # a solution iterates over its values in the order of the variables (3x faster than
        # looking each one up by name)
        return [tuple(None if t is None else str(t) for t in row) for row in result]

    def ntriples(self) -> bytes:
        lines = {f"{s} {p} {o} ." for s, p, o in self.distinct_triples()}
        return sort_lines("\n".join(lines))

    def dataset(self) -> Dataset:
        """An rdflib copy (slow on big graphs: only for renderers that need rdflib)."""
        from rdflib import Dataset as RDataset

        copy = RDataset(default_union=True)
        nquads = self.store.dump(format=self._ox.RdfFormat.N_QUADS)
        copy.parse(data=nquads.decode("utf-8"), format="nquads")
        return copy


STORES: dict[str, Callable[[], Store]] = {"memory": MemoryStore, "oxigraph": OxigraphStore}
# The default is the faster path as measured (scripts/bench_build.py, scripts/bench_scale.py):
# the incremental Oxigraph path rebuilds the reference data in 1.6 s against 2.1 s (cold: 2.8 s
# against 2.1-2.5 s), and at 1,000 resolutions it is several times faster cold and rebuilds in
# seconds where the memory path starts over. "memory" stays the reference path.
DEFAULT_STORE = "oxigraph"


def open_store(name: str = DEFAULT_STORE) -> Store:
    try:
        return STORES[name]()
    except KeyError:
        raise InputError(f"unknown store {name!r} (known: {', '.join(sorted(STORES))})") from None


def load_store(settings: Settings, data_dir: Path, name: str = DEFAULT_STORE) -> Store:
    store = open_store(name)
    store.load(settings, data_dir)
    return store


def query_rows(store: Store, sparql: str) -> list[Row]:
    """Rows sorted, for comparing answers across stores."""
    return sorted(store.query(sparql), key=lambda r: tuple(x or "" for x in r))


def names(stores: Iterable[str] = STORES) -> list[str]:
    return sorted(stores)
