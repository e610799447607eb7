"""SPARQL result formats, one registry: media type -> serializer, per kind of query result."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node

SELECT_FORMATS: dict[str, Callable[[Result], bytes]] = {}
GRAPH_FORMATS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    return term.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv(result: Result) -> bytes:
    """SPARQL 1.1 TSV: '?var' header, terms in Turtle syntax (rdflib has no TSV serializer)."""
    names = [str(v) for v in result.vars or []]
    lines = ["\t".join("?" + n for n in names)]
    for row in result:
        lines.append("\t".join(_tsv_term(row[i]) for i in range(len(names))))  # type: ignore[index]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rdflib(fmt: str) -> Callable[[Result], bytes]:
    def serialize(result: Result) -> bytes:
        data = result.serialize(format=fmt)
        return data if isinstance(data, bytes) else (data or b"")

    return serialize


SELECT_FORMATS.update(
    {
        "application/sparql-results+json": _rdflib("json"),
        "application/json": _rdflib("json"),
        "application/sparql-results+xml": _rdflib("xml"),
        "application/xml": _rdflib("xml"),
        "text/csv": _rdflib("csv"),
        "text/tab-separated-values": tsv,
    }
)
ASK_FORMATS = (
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
)


def serialize_graph(graph: Graph, media: str) -> bytes:
    data = graph.serialize(format=GRAPH_FORMATS[media], encoding="utf-8")
    return data
