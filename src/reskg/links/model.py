"""What the graph says about its external links: linksets, links, unlinked nodes.

A link belongs to a linkset when it sits in the linkset's named graph (one file of data/links/)
with the linkset's ``void:linkPredicate``, from one of our IRIs to an IRI outside our base.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID

from reskg.config import Settings

ELI = "http://data.europa.eu/eli/ontology#"
ELI_DL = "http://data.europa.eu/eli/eli-draft-legislation-ontology#"

LINK_PREDICATES = (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)
LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel)
PLACE_OF = (DCTERMS.spatial, SDO.containedInPlace)
DERIVED = "id/link-provenance/derived"


def kinds_of_classes(settings: Settings) -> list[tuple[URIRef, str]]:
    """Our classes that need an external link (or an unlinked entry), first match wins."""
    reskg = settings.ontology_ns
    return [
        (SDO.Country, "country"),
        (SDO.City, "place"),
        (DCTERMS.Location, "place"),
        (URIRef(reskg + "Agreement"), "agreement"),
        (URIRef(reskg + "Event"), "event"),
        (URIRef(ELI_DL + "Process"), "procedure"),
        (URIRef(ELI + "Work"), "document"),
        (URIRef(ELI + "LegalResource"), "document"),
        (FOAF.Document, "document"),
        (ORG.FormalOrganization, "actor"),
        (ORG.Organization, "actor"),
        (ORG.OrganizationalUnit, "actor"),
        (ORG.Post, "actor"),
    ]


@dataclass(frozen=True)
class Link:
    subject: URIRef
    predicate: URIRef
    object: URIRef
    linkset: URIRef


@dataclass
class Linkset:
    iri: URIRef
    graph: URIRef
    predicate: URIRef
    target: URIRef | None
    uri_space: str | None
    endpoint: str | None
    derived: bool
    sources: list[URIRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Unlinked:
    node: URIRef
    kind: str
    reason: str


def unlinked_reasons(dataset: Dataset, settings: Settings) -> dict[URIRef, str]:
    """Nodes declared unlinked: skos:editorialNote in a named graph of data/links/."""
    prefix = settings.graph_iri("links/")
    reasons: dict[URIRef, list[str]] = {}
    for context in dataset.graphs():
        if not str(context.identifier).startswith(prefix):
            continue
        for node, note in context.subject_objects(SKOS.editorialNote):
            if is_ours(node, settings):
                reasons.setdefault(node, []).append(str(note))
    return {node: " ".join(sorted(notes)) for node, notes in sorted(reasons.items())}


def is_ours(term: object, settings: Settings) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(settings.base)


def linksets(dataset: Dataset, settings: Settings) -> list[Linkset]:
    """Every void:Linkset of the dataset with the links of its named graph."""
    found = []
    derived = URIRef(settings.base + DERIVED)
    for context in dataset.graphs():
        for iri in sorted(context.subjects(RDF.type, VOID.Linkset)):
            predicate = context.value(iri, VOID.linkPredicate)
            if not isinstance(predicate, URIRef):
                continue
            target = dataset.value(iri, VOID.objectsTarget)
            space = dataset.value(target, VOID.uriSpace) if target is not None else None
            endpoint = dataset.value(target, VOID.sparqlEndpoint) if target is not None else None
            sources = sorted(
                {s for p in (DCTERMS.source, PROV.wasDerivedFrom) for s in context.objects(iri, p)}
            )
            linkset = Linkset(
                iri=iri,
                graph=context.identifier,
                predicate=predicate,
                target=target if isinstance(target, URIRef) else None,
                uri_space=str(space) if space is not None else None,
                endpoint=str(endpoint) if endpoint is not None else None,
                derived=(iri, DCTERMS.provenance, derived) in context,
                sources=sources,
            )
            for s, o in context.subject_objects(predicate):
                if is_ours(s, settings) and isinstance(o, URIRef) and not is_ours(o, settings):
                    linkset.links.append(Link(s, predicate, o, iri))
            linkset.links.sort(key=lambda link: (str(link.subject), str(link.object)))
            found.append(linkset)
    return sorted(found, key=lambda ls: str(ls.iri))


def external_links(
    graph: Graph, settings: Settings, predicates: tuple[URIRef, ...] = LINK_PREDICATES
) -> set[tuple]:
    """Every triple from our IRI to an outside IRI with one of the link predicates."""
    return {
        (s, p, o)
        for p in predicates
        for s, o in graph.subject_objects(p)
        if is_ours(s, settings) and isinstance(o, URIRef) and not is_ours(o, settings)
    }


def linkable_nodes(graph: Graph, settings: Settings) -> dict[URIRef, str]:
    """Our nodes that should be linked out, with their kind (actor, country, place, ...)."""
    nodes: dict[URIRef, str] = {}
    for cls, kind in kinds_of_classes(settings):
        for node in graph.subjects(RDF.type, cls):
            if is_ours(node, settings) and node not in nodes:
                nodes[node] = kind
    return dict(sorted(nodes.items()))


def unlinked_entries(dataset: Dataset, graph: Graph, settings: Settings) -> list[Unlinked]:
    """The nodes declared unlinked, with the reason given."""
    kinds = linkable_nodes(graph, settings)
    return sorted(
        (
            Unlinked(node, kinds.get(node, "other"), reason)
            for node, reason in unlinked_reasons(dataset, settings).items()
        ),
        key=lambda u: (u.kind, str(u.node)),
    )


def uncovered_nodes(
    dataset: Dataset, graph: Graph, settings: Settings, all_links: list[Link]
) -> dict[URIRef, str]:
    """Linkable nodes with neither an external link nor an unlinked entry."""
    linked = {link.subject for link in all_links}
    declared = set(unlinked_reasons(dataset, settings))
    return {
        n: k
        for n, k in linkable_nodes(graph, settings).items()
        if n not in linked and n not in declared
    }


def labels_of(graph: Graph, node: URIRef) -> list[tuple[str, URIRef]]:
    """Our labels of a node with the property that gives each."""
    return [(str(value), p) for p in LABEL_PREDICATES for value in graph.objects(node, p)]


def country_of(graph: Graph, node: URIRef, settings: Settings) -> URIRef | None:
    """The country node a node lies in or concerns (itself for a country), if any."""
    seen: set[URIRef] = set()
    todo = [node]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if (current, RDF.type, SDO.Country) in graph:
            return current
        for p in (*PLACE_OF, ORG.unitOf, ORG.subOrganizationOf):
            todo.extend(o for o in graph.objects(current, p) if is_ours(o, settings))
    return None
