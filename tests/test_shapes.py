"""The shapes accept the real data and catch each kind of breakage with its own message."""

from __future__ import annotations

import pytest
from rdflib import Graph

from reskg.validate import load_shapes, validate_graph

PREFIXES = """
PREFIX reskg: <https://w3id.org/reskg/ontology#>
PREFIX id: <https://w3id.org/reskg/id/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
D7 = "<https://w3id.org/reskg/id/demand/2019-2610-RSP/7>"
A11 = "<https://w3id.org/reskg/id/action/2019-2610-RSP/1-1>"
POS = "<https://w3id.org/reskg/id/annotation/2019-2610-RSP/demand-7#position>"

# (name, SPARQL Update that breaks the data, words the violation message must contain)
BREAKAGES = [
    (
        "missing addressee",
        f"DELETE WHERE {{ {D7} reskg:addressee ?a }}",
        "A demand needs at least one addressee",
    ),
    (
        "date of an event as plain text",
        "DELETE { <https://w3id.org/reskg/id/event/dck-ban-2018> dcterms:date ?d } INSERT { "
        '<https://w3id.org/reskg/id/event/dck-ban-2018> dcterms:date "13 March 2018" } '
        "WHERE { <https://w3id.org/reskg/id/event/dck-ban-2018> dcterms:date ?d }",
        "An event's date (dcterms:date) must be one xsd:date",
    ),
    (
        "quote not matching its offsets",
        f'DELETE {{ {POS} oa:start ?s }} INSERT {{ {POS} oa:start "3"^^xsd:nonNegativeInteger }} '
        f"WHERE {{ {POS} oa:start ?s }}",
        "is not the source text at offsets 3-",
    ),
    (
        "statement without a resolution",
        f"DELETE WHERE {{ {D7} dcterms:isPartOf ?r }}",
        "must be part of exactly one resolution",
    ),
    (
        "statement without speech act",
        f"DELETE WHERE {{ {D7} reskg:speechAct ?a }}",
        "exactly one speech act",
    ),
    (
        "action without action type",
        f"DELETE WHERE {{ {A11} reskg:actionType ?t }}",
        "exactly one action type",
    ),
    (
        "group of people typed as an organisation",
        "INSERT DATA { <https://w3id.org/reskg/id/group/journalists> a org:Organization }",
        "must not also be typed as an organisation",
    ),
    (
        "observation with an addressee",
        "INSERT DATA { <https://w3id.org/reskg/id/observation/2019-2610-RSP/1> reskg:addressee "
        "<https://w3id.org/reskg/id/org/eeas> }",
        "Only a demand has addressees",
    ),
    (
        "adoption date with a wrong datatype",
        'DELETE { ?r eli:date_document ?d } INSERT { ?r eli:date_document "14/03/2019" } '
        "WHERE { ?r eli:date_document ?d }",
        "The adoption date (eli:date_document) must be one xsd:date",
    ),
    (
        "country typed as an organisation",
        "INSERT DATA { <https://w3id.org/reskg/id/country/kazakhstan> a org:FormalOrganization }",
        "A state is kept apart from its government",
    ),
    (
        "source text missing",
        "DELETE WHERE { <https://w3id.org/reskg/id/source/2019-2610-RSP> rdf:value ?t }",
        "has no text (rdf:value)",
    ),
    (
        "demand not anchored to the text",
        f"DELETE WHERE {{ ?ann oa:hasBody {D7} }}",
        "must be anchored to its span of the source text",
    ),
    (
        "demand without any action",
        f"DELETE WHERE {{ {D7} reskg:requestsAction ?a }}",
        "must name at least one action asked for",
    ),
    (
        "city placed nowhere",
        "DELETE WHERE { <https://w3id.org/reskg/id/place/astana> "
        "<https://schema.org/containedInPlace> ?p }",
        "A city lies in exactly one place",
    ),
    (
        "tabling carried out by a theme",
        "INSERT DATA { <https://w3id.org/reskg/id/activity/2019-2610-RSP/tabling> "
        "<http://www.w3.org/ns/prov#wasAssociatedWith> <https://w3id.org/reskg/id/theme/torture> }",
        "Those who carried out an activity or event (prov:wasAssociatedWith) must be agents",
    ),
    (
        "procedure stage without its name",
        "DELETE WHERE { <https://w3id.org/reskg/id/stage/text-adopted-single-reading> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
        "A procedure stage needs its name",
    ),
]


@pytest.fixture(scope="module")
def shapes(settings) -> Graph:
    return load_shapes(settings)


def test_the_reference_data_conforms(graph, shapes):
    report = validate_graph(graph, shapes)
    assert report.conforms, report.as_text()
    assert report.violations == []


def _broken(graph: Graph, name: str, update: str) -> Graph:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    before = len(broken)
    broken.update(PREFIXES + update)
    assert len(broken) != before or "INSERT" in update, f"the breakage '{name}' changed nothing"
    return broken


@pytest.mark.parametrize(("name", "update", "message"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_breakage_is_caught_with_its_message(graph, shapes, name, update, message):
    report = validate_graph(_broken(graph, name, update), shapes)
    assert not report.conforms
    messages = [v.message for v in report.violations]
    assert any(message in m for m in messages), messages


# Breakages that the SPARQL-based shapes catch: the quote check, the unknown-term check.
SPARQL_BREAKAGES = [b for b in BREAKAGES if b[0] == "quote not matching its offsets"] + [
    (
        "resolution without an adoption date",
        "DELETE WHERE { ?r eli:date_document ?d }",
        "A resolution needs its adoption date",
    ),
    (
        "misspelt ontology property",
        f'INSERT DATA {{ {D7} reskg:adressee "x" }}',
        "is not a term of the reskg ontology",
    ),
    (
        "offsets beyond the text",
        f"DELETE {{ {POS} oa:end ?e }} "
        f'INSERT {{ {POS} oa:end "99999999999"^^xsd:nonNegativeInteger }} '
        f"WHERE {{ {POS} oa:end ?e }}",
        "is not the source text at offsets",
    ),
]


@pytest.mark.parametrize(
    ("name", "update", "message"), SPARQL_BREAKAGES, ids=[b[0] for b in SPARQL_BREAKAGES]
)
def test_sparql_shapes_report_the_same_on_oxigraph_and_rdflib(graph, shapes, name, update, message):
    """The SPARQL-based shapes run on Oxigraph in builds; rdflib's engine is the reference."""
    broken = _broken(graph, name, update)
    on_oxigraph = validate_graph(broken, shapes, sparql="oxigraph").violations
    on_rdflib = validate_graph(broken, shapes, sparql="rdflib").violations
    assert any(message in v.message for v in on_oxigraph), [v.message for v in on_oxigraph]
    assert on_oxigraph == on_rdflib


def test_breakage_messages_are_distinct():
    assert len({m for _, _, m in BREAKAGES}) == len(BREAKAGES)
