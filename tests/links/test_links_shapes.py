"""shapes/links-shapes.ttl both ways: the real links conform, broken ones are caught."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, VOID

from reskg.validate import load_shapes, validate_graph

ID = "https://w3id.org/reskg/id/"


@pytest.fixture(scope="module")
def shapes(settings) -> Graph:
    return load_shapes(settings)


def _messages(graph: Graph, shapes: Graph) -> str:
    report = validate_graph(graph, shapes)
    return " ".join(v.message for v in report.violations)


def test_real_links_conform(graph, shapes):
    assert validate_graph(graph, shapes).conforms


@pytest.mark.parametrize("prop", [OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, DCTERMS.spatial])
def test_a_literal_link_target_is_refused(graph, shapes, prop):
    broken = Graph() + graph
    broken.add((URIRef(ID + "org/dck"), prop, Literal("Q232")))
    assert "must point to an IRI" in _messages(broken, shapes)


def test_a_linkset_without_predicate_or_source_is_refused(graph, shapes):
    broken = Graph() + graph
    linkset = URIRef(ID + "linkset/wikidata")
    broken.remove((linkset, VOID.linkPredicate, None))
    broken.remove((linkset, DCTERMS.source, None))
    messages = _messages(broken, shapes)
    assert "exactly one link predicate" in messages
    assert "A linkset needs a source" in messages
