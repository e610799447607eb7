"""Score an ingested graph against a reference: the curated graph of the same resolution, or a
hand annotation. Statements match by span overlap and class; addressees, actors, provisions and
dated events are compared as sets. Used by scripts/eval_ingest.py and the tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from reskg.ingest.model import Span
from reskg.ingest.slug import slugify
from reskg.namespaces import ELI, OA

KINDS = ("Demand", "Observation", "Welcome", "Condemnation")
ACTOR_PATHS = ("id/org/", "id/country/", "id/post/")


@dataclass
class Facts:
    """What a graph (or an annotation) says about one resolution, in comparable form."""

    statements: list[tuple[Span, str, frozenset[str]]] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    provisions: set[str] = field(default_factory=set)
    dated_events: set[str] = field(default_factory=set)
    labels: dict[str, set[str]] = field(default_factory=dict)


def _position(graph: Graph, node: URIRef) -> Span | None:
    for ann in graph.subjects(OA.hasBody, node):
        if (ann, OA.motivatedBy, OA.describing) not in graph:
            continue
        for target in graph.objects(ann, OA.hasTarget):
            for selector in graph.objects(target, OA.hasSelector):
                start = graph.value(selector, OA.start)
                end = graph.value(selector, OA.end)
                if start is not None and end is not None:
                    return Span(int(start), int(end))
    return None


def graph_facts(graph: Graph, base: str, slug: str) -> Facts:
    """Facts of the resolution `slug` in a graph that also holds the shared entities."""
    reskg = base + "ontology#"
    res = URIRef(f"{base}id/resolution/{slug}")
    facts = Facts()
    cited: set[URIRef] = set(graph.objects(res, DCTERMS.references))
    for kind in KINDS:
        for node in graph.subjects(RDF.type, URIRef(reskg + kind)):
            if (node, DCTERMS.isPartOf, res) not in graph:
                continue
            span = _position(graph, node)
            addressees = frozenset(
                str(a)[len(base) :] for a in graph.objects(node, URIRef(reskg + "addressee"))
            )
            if span is not None:
                facts.statements.append((span, kind, addressees))
            things = set(graph.objects(node, URIRef(reskg + "addressee")))
            things |= set(graph.objects(node, URIRef(reskg + "affects")))
            things |= set(graph.objects(node, DCTERMS.references))
            for action in graph.objects(node, URIRef(reskg + "requestsAction")):
                things |= set(graph.objects(action, DCTERMS.references))
            cited |= things
    for thing in cited:
        relative = str(thing)[len(base) :]
        if relative.startswith(ACTOR_PATHS) and not relative.startswith("id/org/ep-group/"):
            facts.actors.add(relative)
        if (thing, RDF.type, URIRef(reskg + "Event")) in graph:
            for date in graph.objects(thing, DCTERMS.date):
                facts.dated_events.add(str(date))
    facts.provisions = {str(p)[len(base) :] for p in graph.objects(res, ELI.refers_to)}
    for iri in facts.actors | facts.provisions | {a for s in facts.statements for a in s[2]}:
        node = URIRef(base + iri)
        facts.labels[iri] = {
            str(label).lower()
            for p in (RDFS.label, SKOS.altLabel)
            for label in graph.objects(node, p)
        }
    facts.statements.sort(key=lambda s: s[0].start)
    return facts


def annotation_facts(path: Path, text: str) -> Facts:
    """Facts of a hand annotation (tests/fixtures/oeil/<slug>.expected.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    facts = Facts()
    for statement in data["statements"]:
        start = text.find(statement["quote"])
        if start < 0:
            raise ValueError(f"{path}: quote not in the text: {statement['quote']!r}")
        span = Span(start, start + len(statement["quote"]))
        facts.statements.append((span, statement["kind"], frozenset(statement["addressees"])))
    facts.actors = set(data["actors"])
    facts.provisions = set(data["provisions"])
    facts.dated_events = set(data["dated_events"])
    return facts


def same(expected: str, predicted: str, labels: dict[str, set[str]]) -> bool:
    """An expected IRI or name and a predicted IRI denote the same thing."""
    if expected == predicted:
        return True
    name = expected.lower().removeprefix("the ")
    return slugify(expected) == predicted.rsplit("/", 1)[-1] or name in labels.get(predicted, set())


def _pr(tp_pred: int, n_pred: int, tp_exp: int, n_exp: int) -> tuple[float, float]:
    precision = tp_pred / n_pred if n_pred else 1.0
    recall = tp_exp / n_exp if n_exp else 1.0
    return precision, recall


def _set_pr(
    expected: set[str], predicted: set[str], labels: dict[str, set[str]]
) -> tuple[float, float]:
    tp_pred = sum(any(same(e, p, labels) for e in expected) for p in predicted)
    tp_exp = sum(any(same(e, p, labels) for p in predicted) for e in expected)
    return _pr(tp_pred, len(predicted), tp_exp, len(expected))


def score(expected: Facts, predicted: Facts) -> dict[str, tuple[float, float]]:
    """Precision and recall of statements, addressees, actors, provisions and dated events."""
    labels = predicted.labels
    matched: dict[int, int] = {}
    for i, (span, kind, _) in enumerate(expected.statements):
        for j, (pspan, pkind, _) in enumerate(predicted.statements):
            if j not in matched.values() and pkind == kind and pspan.overlaps(span):
                matched[i] = j
                break
    statements = _pr(
        len(matched), len(predicted.statements), len(matched), len(expected.statements)
    )
    tp = n_pred = n_exp = 0
    for i, (_, _, addressees) in enumerate(expected.statements):
        if not addressees:
            continue
        n_exp += len(addressees)
        if i in matched:
            got = predicted.statements[matched[i]][2]
            tp += sum(any(same(e, p, labels) for p in got) for e in addressees)
    for j, (_, _, got) in enumerate(predicted.statements):
        i = next((i for i, jj in matched.items() if jj == j), None)
        if i is None or expected.statements[i][2]:
            n_pred += len(got)
    tp_pred = sum(
        sum(
            any(same(e, p, labels) for e in expected.statements[i][2])
            for p in predicted.statements[j][2]
        )
        for i, j in matched.items()
        if expected.statements[i][2]
    )
    addressees = _pr(tp_pred, n_pred, tp, n_exp)
    return {
        "statements": statements,
        "addressees": addressees,
        "actors": _set_pr(expected.actors, predicted.actors, labels),
        "provisions": _set_pr(expected.provisions, predicted.provisions, labels),
        "dated events": _set_pr(expected.dated_events, predicted.dated_events, {}),
    }
