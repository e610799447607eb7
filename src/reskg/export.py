"""Serialisations of the graph: one registry maps a format name to its exporter.

Adding a format is one `register(...)` call. Each exporter renders bytes from the loaded
Dataset (for formats with named graphs) or its union graph.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Dataset, Graph

from reskg.config import DEFAULT_BASE, Settings

Renderer = Callable[[Dataset, Graph, Settings], bytes]


@dataclass(frozen=True)
class Exporter:
    """One output format: its name on the command line, file name in dist/, media type."""

    name: str
    filename: str
    media_type: str
    render: Renderer


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def exporter_for(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise ValueError(f"unknown format {name!r} (known: {known})") from None


def jsonld_context(settings: Settings) -> dict:
    """Our JSON-LD context, with the namespace of our ontology under the configured base."""
    text = settings.context_file.read_text(encoding="utf-8")
    return json.loads(text.replace(DEFAULT_BASE, settings.base))["@context"]


def _turtle(_ds: Dataset, graph: Graph, _s: Settings) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples, one line per triple, sorted and without duplicates: stable across builds."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ntriples(_ds: Dataset, graph: Graph, _s: Settings) -> bytes:
    return sorted_ntriples(graph)


def _jsonld(_ds: Dataset, graph: Graph, settings: Settings) -> bytes:
    return graph.serialize(
        format="json-ld",
        context=jsonld_context(settings),
        auto_compact=True,
        indent=2,
        sort_keys=True,
        encoding="utf-8",
    )


def _trig(dataset: Dataset, _g: Graph, _s: Settings) -> bytes:
    return dataset.serialize(format="trig", encoding="utf-8")


def _rdfxml(_ds: Dataset, graph: Graph, _s: Settings) -> bytes:
    return graph.serialize(format="xml", encoding="utf-8")


register(Exporter("ttl", "graph.ttl", "text/turtle", _turtle))
register(Exporter("nt", "graph.nt", "application/n-triples", _ntriples))
register(Exporter("jsonld", "graph.jsonld", "application/ld+json", _jsonld))
register(Exporter("trig", "graph.trig", "application/trig", _trig))
register(Exporter("xml", "graph.rdf", "application/rdf+xml", _rdfxml))
