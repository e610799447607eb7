"""Load the data folder into one rdflib Dataset, one named graph per source file.

Layout (see the README): ``<data>/common/*.ttl``, ``<data>/links/*.ttl``, and one folder per
resolution ``<data>/<procedure>/`` with its ``*.ttl`` and the verbatim ``source.txt``. The
ontology is loaded too, into its own graph. Relative IRIs in the files resolve against the base
IRI. The text of each ``source.txt`` is attached to its source node with ``rdf:value``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from reskg.config import DEFAULT_BASE, Settings
from reskg.errors import InputError
from reskg.gate import SUFFIXES, format_for, parse_path
from reskg.namespaces import bind_prefixes

RDF_SUFFIXES = SUFFIXES
SOURCE_TEXT = "source.txt"
CONTEXT_NAME = "context.jsonld"


def data_files(data_dir: Path) -> list[Path]:
    """Every RDF file under the data folder, in a stable order."""
    if not data_dir.is_dir():
        raise InputError("data folder not found", path=str(data_dir))
    found = []
    # (as Path.rglob: symbolic links to folders are not followed, links to files are kept)
    for folder, _dirs, names in os.walk(data_dir):
        for name in names:
            if os.path.splitext(name)[1] in RDF_SUFFIXES:
                path = Path(folder, name)
                if path.is_file():
                    found.append(path)
    return sorted(found, key=lambda p: p.parts)  # Path order, without a Python call a compare


def graph_name(path: Path, root: Path) -> str:
    """The named-graph name of a file: its path under the root without the suffix."""
    text, prefix = path.as_posix(), root.as_posix().rstrip("/") + "/"
    if not text.startswith(prefix) or "/../" in text or text.endswith("/.."):
        return path.relative_to(root).with_suffix("").as_posix()  # (raises for outside paths)
    name = text[len(prefix) :]
    return name[: len(name) - len(path.suffix)] if path.suffix else name


def source_node(settings: Settings, procedure_slug: str) -> URIRef:
    """The IRI of the source document of one resolution folder."""
    return URIRef(f"{settings.base}id/source/{procedure_slug}")


def bundled_contexts(base: str) -> dict[str, dict]:
    """The JSON-LD contexts a data file may name: only our own, from the package."""
    from reskg.config import RESOURCES

    path = RESOURCES / "ontology" / CONTEXT_NAME
    context = json.loads(path.read_text(encoding="utf-8").replace(DEFAULT_BASE, base))
    return {
        base + CONTEXT_NAME: context["@context"],
        DEFAULT_BASE + CONTEXT_NAME: json.loads(path.read_text(encoding="utf-8"))["@context"],
    }


def parse_file(path: Path, base: str, into: Graph | None = None) -> Graph:
    """Parse one RDF file through the input gate (reskg.gate) into a graph.

    Any failure becomes an InputError naming the file and line; a file that holds no triple
    at all is refused too (a data file that contributes nothing is a mistake).
    """
    fmt = format_for(path)
    graph = into if into is not None else Graph()
    contexts = bundled_contexts(base) if fmt == "json-ld" else None
    quads = parse_path(path, base=base, fmt=fmt, contexts=contexts)
    if not quads:
        raise InputError("no triples in file", path=str(path))
    for s, p, o, _g in quads:
        graph.add((s, p, o))
    return graph


def read_source_text(path: Path) -> str:
    """The source text, byte-exact (no newline translation), as UTF-8."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read source text: {exc}", path=str(path)) from exc


def load_dataset(
    settings: Settings, data_dir: Path | None = None, extra_files: Iterable[Path] = ()
) -> Dataset:
    """Load ontology and data folder (and any extra files) into a Dataset."""
    data_dir = data_dir or settings.data_dir
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset, settings.base)
    ontology_graph = dataset.graph(URIRef(settings.graph_iri("ontology")))
    parse_file(settings.ontology_file, settings.base, ontology_graph)
    for path in data_files(data_dir):
        graph = dataset.graph(URIRef(settings.graph_iri(graph_name(path, data_dir))))
        parse_file(path, settings.base, graph)
    for text_path in sorted(data_dir.glob(f"*/{SOURCE_TEXT}")):
        slug = text_path.parent.name
        graph = dataset.graph(URIRef(settings.graph_iri(f"{slug}/source")))
        graph.add((source_node(settings, slug), RDF.value, Literal(read_source_text(text_path))))
    for path in extra_files:
        graph = dataset.graph(URIRef(settings.graph_iri(f"extra/{path.stem}")))
        parse_file(path, settings.base, graph)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one Graph (for validation, querying and exports)."""
    merged = Graph()
    for prefix, ns in dataset.namespaces():
        merged.bind(prefix, ns, override=True, replace=True)
    for triple in dataset.triples((None, None, None)):
        merged.add(triple)
    return merged
