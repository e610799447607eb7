"""Suggest links for nodes that have none into a target: candidates by exact label, ranked.

Candidates are items whose ``rdfs:label`` or ``skos:altLabel`` equals one of our labels (with its
language tag). The rank adds up evidence: how the labels matched, whether the item's classes fit
the kind of our node, and whether its country is the item our node's country is linked to.
Nothing is added to the graph: ``write_accepted`` writes the accepted links to a file a person
reviews and moves into data/links/.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

from reskg.config import Settings
from reskg.links.client import SparqlClient, batched, fill, load_query, sparql_terms
from reskg.links.files import turtle_relative, write_atomically
from reskg.links.matching import compatible_classes, incompatible_classes
from reskg.links.model import country_of, is_ours, linkable_nodes

SUGGESTED_KINDS = ("actor", "country", "place", "event", "agreement")
WIKIDATA_SPACE = "http://www.wikidata.org/entity/"
WIKIDATA_DATASET = "id/external-dataset/wikidata"
SEEN_WITH_LABEL = "id/link-provenance/seen-with-label"
PREFERRED = (SKOS.prefLabel, RDFS.label)
OTHER = (SKOS.altLabel, SKOS.hiddenLabel)
BATCH_SIZE = 40


@dataclass
class Candidate:
    node: URIRef
    kind: str
    item: URIRef
    score: int = 0
    evidence: list[str] = field(default_factory=list)
    description: str | None = None


def our_labels(graph: Graph, node: URIRef) -> dict[Literal, bool]:
    """Our label literals of a node; True for a preferred label."""
    labels: dict[Literal, bool] = {}
    for preferred, props in ((True, PREFERRED), (False, OTHER)):
        for p in props:
            for value in graph.objects(node, p):
                if isinstance(value, Literal) and str(value).strip():
                    labels[value] = labels.get(value, False) or preferred
    return labels


def nodes_without_link(graph: Graph, settings: Settings, uri_space: str) -> dict[URIRef, str]:
    """Nodes of the suggested kinds that have no link into the target's IRI space."""
    linked = {s for s, o in graph.subject_objects(OWL.sameAs) if str(o).startswith(uri_space)}
    return {
        n: k
        for n, k in linkable_nodes(graph, settings).items()
        if k in SUGGESTED_KINDS and n not in linked
    }


def suggest(
    graph: Graph, settings: Settings, client: SparqlClient, uri_space: str = WIKIDATA_SPACE
) -> dict[URIRef, list[Candidate]]:
    """Ranked candidates (best first) for each node without a link into the target."""
    todo = nodes_without_link(graph, settings, uri_space)
    by_label: dict[Literal, list[tuple[URIRef, bool]]] = defaultdict(list)
    for node in todo:
        for label, preferred in our_labels(graph, node).items():
            by_label[label].append((node, preferred))
    rows = []
    template = load_query("suggest-candidates")
    for batch in batched(sorted(by_label), BATCH_SIZE):
        rows += client.select(fill(template, labels=sparql_terms(batch)))
    candidates: dict[tuple[URIRef, URIRef], Candidate] = {}
    matches: dict[tuple[URIRef, URIRef], set[tuple[str, str, bool]]] = defaultdict(set)
    facts: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        item = row["item"]
        if not isinstance(item, URIRef):
            continue
        for name in ("class", "country"):
            if name in row:
                facts[item][name].add(str(row[name]))
        for node, preferred in by_label.get(row["label"], []):
            key = (node, item)
            candidates.setdefault(key, Candidate(node, todo[node], item))
            matches[key].add((str(row["label"]), str(row["via"]), preferred))
            if "description" in row:
                candidates[key].description = str(row["description"])
    ranked: dict[URIRef, list[Candidate]] = {node: [] for node in todo}
    for key, candidate in candidates.items():
        _score(
            candidate,
            matches[key],
            facts[candidate.item],
            _country_item(graph, candidate.node, settings, uri_space),
        )
        ranked[candidate.node].append(candidate)
    for node in ranked:
        ranked[node].sort(key=lambda c: (-c.score, str(c.item)))
    return ranked


def _country_item(graph: Graph, node: URIRef, settings: Settings, uri_space: str) -> str | None:
    country = country_of(graph, node, settings)
    if country is None:
        return None
    return next(
        (str(o) for o in graph.objects(country, OWL.sameAs) if str(o).startswith(uri_space)), None
    )


def _score(
    candidate: Candidate,
    matched: set[tuple[str, str, bool]],
    facts: dict[str, set[str]],
    country: str | None,
) -> None:
    best = 0
    for label, via, preferred in sorted(matched):
        points = {
            (True, "label"): 3,
            (True, "altLabel"): 2,
            (False, "label"): 2,
            (False, "altLabel"): 1,
        }[(preferred, via)]
        best = max(best, points)
        ours = "our label" if preferred else "our alternative label"
        candidate.evidence.append(f"{ours} {label!r} = their {via} (+{points})")
    candidate.score += best
    a_kind = ("an " if candidate.kind[0] in "aeiou" else "a ") + candidate.kind
    fits = compatible_classes(candidate.kind, facts.get("class", ()))
    clashes = incompatible_classes(candidate.kind, facts.get("class", ()))
    if clashes:
        candidate.score -= 4
        candidate.evidence.append(f"class {', '.join(clashes)} contradicts {a_kind} (-4)")
    elif fits:
        candidate.score += 2
        candidate.evidence.append(f"class {', '.join(fits)} fits {a_kind} (+2)")
    countries = facts.get("country", set())
    if country and country in countries:
        candidate.score += 1
        candidate.evidence.append(f"country {country} = our node's country (+1)")
    elif country and countries:
        candidate.score -= 1
        candidate.evidence.append(f"country {', '.join(sorted(countries))} is not ours (-1)")


def accepted(
    ranked: dict[URIRef, list[Candidate]], threshold: int, explicit: dict[URIRef, URIRef]
) -> dict[URIRef, URIRef]:
    """Explicit choices, plus each unambiguous top candidate scoring at least the threshold."""
    chosen: dict[URIRef, URIRef] = {}
    for node, candidates in ranked.items():
        if not candidates:
            continue
        top = candidates[0]
        runner_up = candidates[1].score if len(candidates) > 1 else None
        if top.score >= threshold and (runner_up is None or top.score > runner_up):
            chosen[node] = top.item
    chosen.update(explicit)
    return dict(sorted(chosen.items()))


def accepted_graph(
    links: dict[URIRef, URIRef], settings: Settings, endpoint: str, today: dt.date | None = None
) -> Graph:
    """The accepted links as a linkset of their own, sourced to the endpoint queried."""
    graph = Graph()
    for prefix, ns in (
        ("owl", OWL),
        ("void", VOID),
        ("dcterms", DCTERMS),
        ("rdfs", RDFS),
        ("wd", WIKIDATA_SPACE),
    ):
        graph.bind(prefix, ns)
    linkset = URIRef(settings.base + "id/linkset/suggested")
    graph.add((linkset, RDF.type, VOID.Linkset))
    graph.add((linkset, RDFS.label, Literal("Links accepted from reskg links suggest", lang="en")))
    graph.add(
        (
            linkset,
            DCTERMS.description,
            Literal(
                "Candidates found by exact label in the endpoint (the source) and accepted by "
                "a person; review, then move them into the file of their target in data/links/.",
                lang="en",
            ),
        )
    )
    graph.add((linkset, VOID.linkPredicate, OWL.sameAs))
    graph.add((linkset, VOID.subjectsTarget, URIRef(settings.dataset_iri)))
    graph.add((linkset, VOID.objectsTarget, URIRef(settings.base + WIKIDATA_DATASET)))
    graph.add((linkset, DCTERMS.provenance, URIRef(settings.base + SEEN_WITH_LABEL)))
    graph.add((linkset, DCTERMS.source, URIRef(endpoint)))
    graph.add(
        (
            linkset,
            DCTERMS.created,
            Literal((today or dt.date.today()).isoformat(), datatype=XSD.date),
        )
    )
    for node, item in links.items():
        if is_ours(node, settings):
            graph.add((node, OWL.sameAs, item))
    return graph


def write_accepted(graph: Graph, path: Path, settings: Settings) -> None:
    """Write the accepted links as Turtle with IRIs relative to the base, atomically."""
    write_atomically(path, turtle_relative(graph, settings.base))
