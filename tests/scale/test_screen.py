"""The SHACL screen: pySHACL on the flagged nodes only must report what pySHACL on everything does.

The screen is sound if every focus node that violates a shape is flagged. These tests break
the reference graph at random (drop, duplicate, retype, corrupt literals, misspell properties)
and compare the screened report with the whole pySHACL report, result for result.
"""

from __future__ import annotations

import os
import random

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from reskg.config import Settings
from reskg.load import load_dataset, union_graph
from reskg.shacl_screen import compile_screen, flagged
from reskg.shacl_sparql import oxigraph_copy
from reskg.shard import screened_validation
from reskg.validate import load_shapes, validate_graph

OA = Namespace("http://www.w3.org/ns/oa#")
RESKG = Namespace("https://w3id.org/reskg/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
TRIALS = int(os.environ.get("RESKG_SCREEN_TRIALS", "14"))


@pytest.fixture(scope="module")
def base() -> Graph:
    return union_graph(load_dataset(Settings()))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(Settings())


@pytest.fixture(scope="module")
def screen(shapes):
    return compile_screen(shapes)


def key(v):
    return (v.focus, v.path or "", v.message, v.severity, v.value or "", v.shape or "")


def copy_of(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def _literal_variants(lit: Literal) -> list[Literal]:
    text = str(lit)
    return [
        Literal(text),  # language tag or datatype lost
        Literal(text, lang="fr"),
        Literal(" " + text, lang="en"),
        Literal(text + "\u202e", lang="en"),
        Literal(""),
        Literal("abc", datatype=XSD.integer),
        Literal("2019-02-30", datatype=XSD.date),
        Literal("5", datatype=XSD.integer),
        Literal("12", datatype=XSD.nonNegativeInteger),
        Literal("1" * 30, datatype=XSD.nonNegativeInteger),
        Literal("2016-03", datatype=XSD.gYearMonth),
    ]


def mutate(graph: Graph, rng: random.Random) -> str:
    """One random breakage of the graph; returns what it did (for the failure message)."""
    triples = sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    s, p, o = rng.choice(triples)
    kind = rng.choice(
        ["drop", "duplicate", "literal", "to-literal", "retype", "offset", "misspell", "bnode"]
    )
    if kind == "drop":
        graph.remove((s, p, o))
    elif kind == "duplicate":
        others = [t[2] for t in triples if t[1] == p and t[2] != o]
        if others:
            graph.add((s, p, rng.choice(others)))
    elif kind == "literal":
        literals = [t for t in triples if isinstance(t[2], Literal)]
        s, p, o = rng.choice(literals)
        graph.remove((s, p, o))
        graph.add((s, p, rng.choice(_literal_variants(o))))
    elif kind == "to-literal":
        iris = [t for t in triples if isinstance(t[2], URIRef) and t[1] != RDF.type]
        s, p, o = rng.choice(iris)
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))
    elif kind == "retype":
        typed = [t for t in triples if t[1] == RDF.type]
        classes = sorted({t[2] for t in typed})
        s, p, o = rng.choice(typed)
        graph.remove((s, p, o))
        graph.add((s, p, rng.choice(classes)))
    elif kind == "offset":
        starts = [t for t in triples if t[1] in (OA.start, OA.end)]
        s, p, o = rng.choice(starts)
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(int(o) + rng.choice([-3, 2, 40000])), datatype=o.datatype)))
    elif kind == "misspell":
        graph.add((s, RESKG.adressee, o))
    else:
        iris = [t for t in triples if isinstance(t[2], URIRef) and t[1] != RDF.type]
        s, p, o = rng.choice(iris)
        graph.remove((s, p, o))
        graph.add((s, p, BNode()))
    return f"{kind} on ({s}, {p}, {o})"


def screened_focus(screen, graph: Graph) -> set | None:
    found = flagged(screen, oxigraph_copy(graph), graph)
    return None if found is None else set().union(*found.values())


def test_screen_flags_nothing_on_the_valid_reference_graph(base, screen):
    assert screen.usable
    assert screened_focus(screen, base) == set()


@pytest.mark.parametrize("seed", range(TRIALS))
def test_screened_report_equals_whole_report_on_broken_graphs(base, shapes, screen, seed):
    rng = random.Random(seed)
    graph = copy_of(base)
    done = [mutate(graph, rng) for _ in range(rng.randint(1, 4))]
    whole = validate_graph(graph, shapes)
    screened = screened_validation(graph, shapes, screen)
    assert sorted(map(key, screened.violations)) == sorted(map(key, whole.violations)), done
    assert screened.conforms == whole.conforms


def test_the_mutations_do_break_the_graph(base, shapes, screen):
    """Guard against a fuzz test that passes because nothing breaks: most trials must."""
    broken = 0
    for seed in range(TRIALS):
        rng = random.Random(seed)
        graph = copy_of(base)
        for _ in range(rng.randint(1, 4)):
            mutate(graph, rng)
        broken += bool(screened_focus(screen, graph))
    assert broken >= TRIALS // 2


SMALL = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:Thing a sh:NodeShape ; sh:targetClass ex:T ;
  sh:property [ sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:A ] ;
                sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ;
  sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ;
  sh:property [ sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ] ;
  sh:property [ sh:path ex:kind ; sh:not [ sh:class ex:Bad ] ] ;
  sh:property [ sh:path ex:who ; sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) ] .
"""


def small_graph(extra: str) -> Graph:
    return Graph().parse(
        data="@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:ok a ex:T ; ex:part ex:a1 ; ex:start 1 ; ex:end 2 ; ex:code "AB1" ;'
        " ex:kind ex:k ; ex:who ex:b1 .\n"
        "ex:a1 a ex:A . ex:b1 a ex:B . ex:k a ex:Good .\n" + extra,
        format="turtle",
    )


@pytest.mark.parametrize(
    "extra, flagged",
    [
        ("", set()),
        ("ex:x a ex:T ; ex:part ex:a1, ex:a2 . ex:a2 a ex:A .", {"x"}),  # two qualified
        ("ex:x a ex:T ; ex:part ex:b1 .", {"x"}),  # none qualified
        ("ex:x a ex:T ; ex:part ex:a1 ; ex:start 5 ; ex:end 2 .", {"x"}),
        ('ex:x a ex:T ; ex:part ex:a1 ; ex:code "zab" .', {"x"}),
        ('ex:x a ex:T ; ex:part ex:a1 ; ex:code "aB" .', set()),  # flags "i"
        ("ex:x a ex:T ; ex:part ex:a1 ; ex:kind ex:k2 . ex:k2 a ex:Bad .", {"x"}),
        ("ex:x a ex:T ; ex:part ex:a1 ; ex:who ex:k .", {"x"}),
    ],
)
def test_screen_of_qualified_comparison_pattern_not_and_or(extra, flagged):
    shapes = Graph().parse(data=SMALL, format="turtle")
    screen = compile_screen(shapes)
    graph = small_graph(extra)
    focus = screened_focus(screen, graph)
    assert {str(n).rsplit("/", 1)[1] for n in focus} == flagged
    whole = validate_graph(graph, shapes, sparql="rdflib")
    assert {v.focus.rsplit("/", 1)[1] for v in whole.violations} == flagged


def test_unsupported_constraint_hands_every_focus_node_to_pyshacl():
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ;"
        " sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) .",
        format="turtle",
    )
    graph = small_graph("")
    focus = screened_focus(compile_screen(shapes), graph)
    assert focus == {URIRef("http://example.org/ok")}


def test_unknown_target_kind_makes_the_screen_unusable():
    shapes = Graph()
    shape = URIRef("http://example.org/S")
    target = BNode()
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.target, target))
    shapes.add((target, RDF.type, URIRef("http://example.org/SomeTargetType")))
    shapes.add((shape, RDFS.label, Literal("x")))
    screen = compile_screen(shapes)
    graph = small_graph("")
    assert not screen.usable
    assert screened_focus(screen, graph) is None


def test_custom_constraint_components_make_the_screen_unusable():
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:myParam ] .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:myParam true .",
        format="turtle",
    )
    screen = compile_screen(shapes)
    assert not screen.usable
    assert screened_focus(screen, small_graph("")) is None


@pytest.mark.parametrize(
    "select, joinable",
    [
        ("SELECT $this WHERE { $this <http://p> ?x }", True),
        ("SELECT $this WHERE { $this <http://p> ?x } LIMIT 1", False),  # a limit per focus node
        ("SELECT $this (COUNT(?x) AS ?n) WHERE { $this <http://p> ?x } GROUP BY $this", False),
        (
            "SELECT $this WHERE { ?a <http://p> ?b FILTER NOT EXISTS { $this <http://q> ?b } }",
            False,
        ),
        ("SELECT $this WHERE { $this <http://p> ?b FILTER NOT EXISTS { ?b <http://q> ?c } }", True),
        ("SELECT $this WHERE { $this <http://p> $PATH }", False),
    ],
)
def test_sparql_constraints_are_joined_only_when_that_gives_the_same_rows(select, joinable):
    from reskg.shacl_screen import _joinable

    assert _joinable(select) is joinable
