"""What the page of a shapes document shows: each shape with its targets, its property paths
and their constraints, and its messages, read from the document's triples.

Values become plain view objects (no HTML here): IRIs as links, literals in Turtle notation
with every invisible or control character written as ``\\uXXXX`` (a regular expression of the
shapes may hold bidi overrides and C0 controls), RDF lists and blank nodes as nested terms.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from reskg.namespaces import SH
from reskg.site.model import SiteModel, Value, natural_key
from reskg.site.paths import document_iri

TARGET_PROPERTIES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
TARGETS = {str(t) for t in (*TARGET_PROPERTIES, SH.target)}
BARE_DATATYPES = {XSD.integer, XSD.decimal, XSD.boolean}
MAX_DEPTH = 12  # nesting shown of blank nodes and lists; deeper is elided
MAX_ITEMS = 1000  # items shown of one RDF list
KEEP = {"\n", "\t"}


def visible(text: str, keep: set[str] = KEEP) -> str:
    """The text with control, format (bidi, zero-width), private and unassigned characters
    written as \\uXXXX, so none of them can hide or reorder what the page shows."""
    out = []
    for ch in text:
        if ch not in keep and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            code = ord(ch)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(ch)
    return "".join(out)


def turtle_string(text: str) -> str:
    """A string in Turtle notation, as the shapes file writes it."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return '"' + visible(escaped, keep=set()) + '"'


@dataclass
class Term:
    """One value: ``iri`` or ``lit`` (a Value), ``pre`` (a multi-line string), ``list`` (items)
    or ``node`` (a blank node's rows)."""

    kind: str
    value: Value | None = None
    items: list[Term] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Row:
    predicate: Value
    values: list[Term]


@dataclass
class PropertyView:
    """One sh:property of a shape: a path with its constraints, or a named property shape."""

    path: str
    shape: Value | None
    rows: list[Row]
    messages: list[str]


@dataclass
class ShapeView:
    anchor: str
    iri: str
    name: str
    kinds: list[Term]
    targets: list[Row]
    path: str
    rows: list[Row]
    properties: list[PropertyView]
    messages: list[str]


class ShapesPage:
    """The view of one shapes document, over a model that knows every shapes document."""

    def __init__(self, model: SiteModel, graph: Graph, iri: str):
        self.m = model
        self.g = graph
        self.iri = iri

    # --- terms ---------------------------------------------------------------------------

    def term(self, node: Node, depth: int = 0) -> Term:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, URIRef):
            if node == RDF.nil:
                return Term("list")
            return Term("iri", self.link(node))
        if depth >= MAX_DEPTH:
            return Term("lit", Value("[…]"))
        if (node, RDF.first, None) in self.g:
            return Term("list", items=[self.term(i, depth + 1) for i in self.items(node)])
        return Term("node", rows=self.rows(node, depth=depth + 1))

    def link(self, node: URIRef) -> Value:
        """An IRI by its compact name, linking to our page of it or out."""
        shown = self.m.term(node)
        return Value(visible(shown.text), iri=shown.iri, page=shown.page)

    def literal(self, lit: Literal) -> Term:
        text = str(lit)
        if "\n" in text.strip("\n"):
            return Term("pre", Value(visible(textwrap.dedent(text.strip("\n")).rstrip())))
        if lit.datatype in BARE_DATATYPES:
            return Term("lit", Value(visible(text)))
        note = lit.language or ""
        if lit.datatype and lit.datatype != XSD.string:
            note = self.m.qname(lit.datatype)
        return Term("lit", Value(turtle_string(text), note=visible(note)))

    def items(self, node: Node) -> list[Node]:
        """The members of an RDF list (a cyclic or endless list stops)."""
        out, seen = [], set()
        while node != RDF.nil and node not in seen and len(out) < MAX_ITEMS:
            seen.add(node)
            first = self.g.value(node, RDF.first)
            if first is None:
                break
            out.append(first)
            node = self.g.value(node, RDF.rest) or RDF.nil
        return out

    def rows(self, subject: Node, skip: Collection[Node] = (), depth: int = 0) -> list[Row]:
        found: dict[Node, list[Node]] = {}
        for p, o in self.g.predicate_objects(subject):
            if p not in skip:
                found.setdefault(p, []).append(o)
        return [
            Row(
                self.link(p),
                [self.term(o, depth) for o in sorted(values, key=self._order)],
            )
            for p, values in sorted(found.items(), key=lambda item: self.m.qname(item[0]))
        ]

    def _order(self, node: Node) -> tuple:
        """IRIs and literals by their text, then blank nodes by the path they may carry."""
        if isinstance(node, BNode):
            return (1, natural_key(self.path(self.g.value(node, SH.path))))
        return (0, natural_key(str(node)))

    def path(self, node: Node | None, depth: int = 0) -> str:
        """A SHACL property path in SPARQL's notation (``^oa:hasBody``, ``a/b``, ``(a|b)*``)."""
        if node is None:
            return ""
        if isinstance(node, URIRef):
            return visible(self.m.qname(node))
        if depth >= MAX_DEPTH or not isinstance(node, BNode):
            return "…"
        if (node, RDF.first, None) in self.g:
            return "/".join(self.path(i, depth + 1) for i in self.items(node))
        alternatives = self.g.value(node, SH.alternativePath)
        if alternatives is not None:
            inner = "|".join(self.path(i, depth + 1) for i in self.items(alternatives))
            return f"({inner})"
        for prop, sign in (
            (SH.inversePath, "^"),
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            inner = self.g.value(node, prop)
            if inner is not None:
                text = self.path(inner, depth + 1)
                return "^" + text if sign == "^" else f"({text}){sign}"
        return "…"

    def messages(self, node: Node) -> list[str]:
        return sorted(visible(str(m)) for m in self.g.objects(node, SH.message))

    # --- shapes --------------------------------------------------------------------------

    def header(self) -> list[Row]:
        return self.rows(URIRef(self.iri), skip={RDF.type})

    def property_view(self, node: Node) -> PropertyView:
        if isinstance(node, URIRef):
            return PropertyView(self.path(self.g.value(node, SH.path)), self.link(node), [], [])
        return PropertyView(
            self.path(self.g.value(node, SH.path)),
            None,
            self.rows(node, skip={SH.path, SH.message}),
            self.messages(node),
        )

    def own(self, node: Node) -> bool:
        """Whether a node is a hash IRI of this document (its anchor is on this page)."""
        return isinstance(node, URIRef) and "#" in node and document_iri(str(node)) == self.iri

    def shapes(self) -> list[ShapeView]:
        """Every hash IRI the document describes, then any other shape IRI in it (a shape of
        another namespace has no anchor here), by name."""
        subjects = {s for s in self.g.subjects() if self.own(s)}
        for cls in (SH.NodeShape, SH.PropertyShape):
            subjects |= {s for s in self.g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        out = []
        for s in sorted(subjects, key=lambda s: (not self.own(s), natural_key(str(s)))):
            props = [self.property_view(p) for p in self.g.objects(s, SH.property)]
            rows = self.rows(s, skip={RDF.type, SH.path, SH.property, SH.message})
            out.append(
                ShapeView(
                    anchor=str(s).split("#", 1)[1] if self.own(s) else "",
                    iri=str(s),
                    name=visible(self.m.qname(s)),
                    kinds=[self.term(t) for t in sorted(self.g.objects(s, RDF.type))],
                    targets=[r for r in rows if r.predicate.iri in TARGETS],
                    path=self.path(self.g.value(s, SH.path)),
                    rows=[r for r in rows if r.predicate.iri not in TARGETS],
                    properties=sorted(props, key=lambda p: (natural_key(p.path), p.messages)),
                    messages=self.messages(s),
                )
            )
        return out
