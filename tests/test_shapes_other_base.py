"""Under another base IRI the shapes' SPARQL queries name that base's terms too."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from reskg.config import Settings
from reskg.namespaces import SH
from reskg.validate import load_shapes, validate_graph

BASE = "https://example.org/kg/"
ELI_WORK = URIRef("http://data.europa.eu/eli/ontology#Work")
DATE_MESSAGE = "A resolution needs its adoption date"


def test_declared_namespaces_follow_the_base():
    declared = {str(v) for v in load_shapes(Settings(base=BASE)).objects(None, SH.namespace)}
    assert f"{BASE}ontology#" in declared
    assert not any(v.startswith("https://w3id.org/reskg/") for v in declared)
    assert "http://data.europa.eu/eli/ontology#" in declared  # other namespaces stay


def date_violations(draft: bool) -> list:
    """The date violations of a resolution without a date, marked as a draft or not."""
    graph = Graph()
    work = URIRef(f"{BASE}id/resolution/2020-0001-RSP")
    graph.add((work, RDF.type, ELI_WORK))
    if draft:
        graph.add((work, URIRef(f"{BASE}ontology#needsReview"), Literal(True)))
    report = validate_graph(graph, load_shapes(Settings(base=BASE)))
    return [v for v in report.violations if DATE_MESSAGE in v.message and v.focus == str(work)]


def test_a_draft_under_another_base_may_lack_its_date():
    assert date_violations(draft=True) == []
    assert len(date_violations(draft=False)) == 1


def test_the_default_base_keeps_its_declarations():
    declared = set(load_shapes(Settings()).objects(None, SH.namespace))
    assert Literal("https://w3id.org/reskg/ontology#", datatype=XSD.anyURI) in declared
