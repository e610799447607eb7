"""Helpers of the Oxigraph fragment tests: the old path (an rdflib Graph of the same triples
rendered by reskg.shard.render) to compare with."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from reskg.config import Settings
from reskg.shacl_sparql import from_ox
from reskg.shard import Fragment, render

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("turtle", "prefixes", "jsonld", "nt", "xml", "xmlns", "stats")


def rdflib_graph(triples: list[ox.Triple]) -> Graph:
    """The same triples as rdflib terms, converted as the input gate converts them."""
    graph = Graph()
    for t in triples:
        graph.add(tuple(from_ox(x) for x in (t.subject, t.predicate, t.object)))
    return graph


def old_render(triples: list[ox.Triple], settings: Settings, context: dict) -> Fragment:
    return render(rdflib_graph(triples), settings.base + "graph/x", settings, context)
