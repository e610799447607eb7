"""The fast Turtle writer: readable layout, exact round trip, rdflib fallback for blank nodes."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from reskg.turtle_writer import Abbreviator, turtle_statements

EX = Namespace("https://example.org/id/")
PREFIXES = {"ex": str(EX), "rdfs": str(RDFS), "xsd": str(XSD)}


def test_layout_groups_by_subject_with_type_first():
    g = Graph()
    g.add((EX.b, RDFS.label, Literal("B", lang="en")))
    g.add((EX.a, RDFS.label, Literal("A", lang="en")))
    g.add((EX.a, RDF.type, EX.Thing))
    g.add((EX.a, EX.n, Literal("7", datatype=XSD.integer)))
    g.add((EX.a, EX.n, Literal("10", datatype=XSD.integer)))
    abbreviate = Abbreviator(PREFIXES)
    text = turtle_statements(g, abbreviate)
    assert text == (
        "ex:a a ex:Thing ;\n"
        '    rdfs:label "A"@en ;\n'  # predicates in IRI order: http://www.w3.org/... first
        '    ex:n "10"^^xsd:integer, "7"^^xsd:integer .\n'
        "\n"
        'ex:b rdfs:label "B"@en .'
    )
    assert abbreviate.used == PREFIXES


def test_hard_terms_round_trip_exactly():
    g = Graph()
    s = URIRef(str(EX) + "trailing.")  # a local name may not end with a dot
    g.add((s, EX.text, Literal('quote " backslash \\ newline \n tab \t bell \x07 bidi \u202e end')))
    g.add((s, EX.other, URIRef(str(EX) + "page?id=1")))  # not a local name: written in full
    g.add((s, EX.date, Literal("2019-03-14", datatype=XSD.date)))
    g.add((s, EX.odd, Literal("0012", datatype=XSD.integer)))
    g.add((s, EX.plain, Literal("plain", datatype=XSD.string)))
    g.add((EX["2019-2610-RSP"], EX.p, Literal("x")))
    text = turtle_statements(g, Abbreviator(PREFIXES))
    assert "<https://example.org/id/trailing.>" in text
    assert "ex:2019-2610-RSP" in text
    assert "<https://example.org/id/page?id=1>" in text
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    back = Graph().parse(data=head + text, format="turtle")
    assert isomorphic(back, g)
    assert '"plain"^^xsd:string' in text
    assert "bidi \\u202E end" in text and "\u202e" not in text  # visible in the file


def test_blank_nodes_are_left_to_rdflib():
    g = Graph()
    g.add((EX.a, EX.p, BNode()))
    assert turtle_statements(g, Abbreviator(PREFIXES)) is None
