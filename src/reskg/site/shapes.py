"""The published SHACL shapes: one document per shapes IRI under the base.

Each file of ``shapes/`` declares its document (``<shapes/hardening> a owl:Ontology``) and names
its shapes as hash IRIs of it (``<shapes/hardening#ProcedureType>``), resolved against the base
IRI. Every such document is published with all the triples of its file (blank-node property
shapes included). ``{base}shapes``, which the dataset description names in
``dcterms:conformsTo``, is the main shapes document; it also carries the description's triples
about it and points to every other shapes document with ``owl:imports`` (SHACL's way to say that
a shapes graph includes another, which processors such as pySHACL follow) and
``dcterms:hasPart``: following ``conformsTo`` yields every shape the data is validated with,
while each shape keeps the single document its IRI names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF
from rdflib.term import Node

from reskg.config import Settings
from reskg.load import parse_file
from reskg.namespaces import SH, bind_prefixes
from reskg.site.paths import document_iri, resource_path
from reskg.validate import rebase_declared_namespaces, shapes_home

SHAPE_CLASSES = (SH.NodeShape, SH.PropertyShape)


@dataclass
class ShapesDocument:
    """One published shapes document: its IRI, its triples and the prefixes its file uses."""

    iri: str
    graph: Graph = field(default_factory=Graph)
    prefixes: dict[str, str] = field(default_factory=dict)


def shapes_iri(settings: Settings) -> str:
    """The IRI the dataset conforms to (reskg.describe names it)."""
    return settings.base + "shapes"


def _file_prefixes(path: Path, base: str) -> dict[str, str]:
    """The @prefix declarations of a Turtle file, resolved against the base (after the gate
    has accepted the file, so this second parse only reads what the first one allowed)."""
    parser = ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=base)
    for _ in parser:
        pass
    return dict(parser.prefixes)


def _documents_of(graph: Graph, base: str) -> list[str]:
    """The documents under the base a shapes file declares or names its shapes in."""
    found = {str(s) for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)}
    for cls in SHAPE_CLASSES:
        found |= {document_iri(str(s)) for s in graph.subjects(RDF.type, cls)}
    for s in graph.subjects(SH.path, None):
        found.add(document_iri(str(s)))
    return sorted(d for d in found if resource_path(d, base) is not None and "#" not in d)


def _closure(graph: Graph, roots: list[Node]) -> set[tuple[Node, Node, Node]]:
    """The triples of the roots and of every blank node they reach."""
    out: set[tuple[Node, Node, Node]] = set()
    todo, seen = list(roots), set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in graph.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def _split(graph: Graph, docs: list[str], home: str) -> dict[str, set]:
    """Each document's share of a file: its IRI, its hash IRIs and their blank nodes; the
    triples no document reaches go to ``home``, so nothing of the file is left out."""
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    shares: dict[str, set] = {}
    for doc in docs:
        roots: list[Node] = [s for s in subjects if document_iri(str(s)) == doc]
        shares[doc] = _closure(graph, roots)
    reached = set().union(*shares.values()) if shares else set()
    shares.setdefault(home, set()).update(t for t in graph if t not in reached)
    return shares


def shapes_documents(settings: Settings, description: Graph | None = None) -> list[ShapesDocument]:
    """Every shapes document under the base, ``{base}shapes`` first."""
    main = shapes_iri(settings)
    docs: dict[str, ShapesDocument] = {}
    for path in sorted(settings.shapes_dir.glob("*.ttl")):
        graph = rebase_declared_namespaces(parse_file(path, settings.base), settings.base)
        found = _documents_of(graph, settings.base)
        declared = [str(s) for s in graph.subjects(RDF.type, OWL.Ontology) if str(s) in found]
        home = shapes_home(declared, settings.base)
        prefixes = _file_prefixes(path, settings.base)
        for iri, triples in _split(graph, found, home).items():
            doc = docs.setdefault(iri, ShapesDocument(iri))
            for triple in triples:
                doc.graph.add(triple)
            for name, ns in prefixes.items():
                doc.prefixes.setdefault(name, ns)
    index = docs.setdefault(main, ShapesDocument(main))
    node = URIRef(main)
    if description is not None:
        for triple in _closure(description, [node]):
            index.graph.add(triple)
    for iri in sorted(docs):
        if iri != main:
            index.graph.add((node, OWL.imports, URIRef(iri)))
            index.graph.add((node, DCTERMS.hasPart, URIRef(iri)))
    for doc in docs.values():
        bind_shapes_prefixes(doc.graph, settings.base, doc.prefixes)
    return [docs[main]] + [docs[i] for i in sorted(docs) if i != main]


def bind_shapes_prefixes(graph: Graph, base: str, prefixes: dict[str, str]) -> None:
    """Our prefixes, ``sh:`` and the file's own (a name we already use keeps its meaning)."""
    bind_prefixes(graph, base)
    graph.bind("sh", SH, override=True, replace=True)
    taken = {p: str(ns) for p, ns in graph.namespaces()}
    for name, ns in sorted(prefixes.items()):
        if name and taken.get(name, ns) == ns and ns not in taken.values():
            graph.bind(name, URIRef(ns), override=True)
