"""A resolution's fragment with blank nodes falls back to rdflib's Turtle, prefixes apart."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from reskg.config import Settings
from reskg.export import jsonld_context
from reskg.shard import render


def test_fragment_with_a_blank_node_keeps_its_triples_and_prefixes():
    settings = Settings(base="https://w3id.org/reskg/")
    g = Graph()
    node = URIRef(settings.base + "id/event/x")
    g.add((node, RDFS.seeAlso, BNode()))
    g.add((node, RDFS.label, Literal("X", lang="en")))
    fragment = render(g, settings.base + "graph/x", settings, jsonld_context(settings))
    assert "@prefix" not in fragment.turtle
    assert fragment.prefixes["rdfs"] == str(RDFS)
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in fragment.prefixes.items())
    back = Graph().parse(data=head + fragment.turtle, format="turtle")
    assert isomorphic(back, g)
