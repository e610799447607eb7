"""What the pages say, read from the graph: labels, descriptions, links, spans, indexes.

This module knows nothing of HTML: it turns the union graph into plain view objects that the
templates render. Every lookup is by rdflib API over standard vocabularies, so it holds for any
number of resolutions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from reskg.config import Settings
from reskg.namespaces import ELI, ELI_DL, OA, bind_prefixes
from reskg.site.paths import doc_path, document_iri, resource_path

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SKOS.altLabel)
AGENT_CLASSES = (
    ORG.Organization,
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    ORG.Post,
    FOAF.Agent,
    FOAF.Group,
    FOAF.Organization,
    FOAF.Person,
    SDO.Country,
)
PROVISION_CLASSES = (ELI.LegalResource, ELI.LegalResourceSubdivision)
DATE_PROPERTIES = (DCTERMS.date, ELI_DL.activity_date, ELI.date_document)


def natural_key(text: str) -> list:
    """Sort key that puts 'demand/2' before 'demand/10'."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class Value:
    """One node as shown on a page: a link to our page, a link out, or a literal."""

    text: str
    iri: str | None = None  # the IRI, for links (ours or external)
    page: str | None = None  # site-relative path of our page (with #fragment for hash IRIs)
    note: str = ""  # language tag or datatype of a literal
    title: str = ""  # the full label, when text is an acronym

    @property
    def external(self) -> bool:
        return self.iri is not None and self.page is None


@dataclass
class PropertyRow:
    predicate: Value
    values: list[Value]


@dataclass(frozen=True)
class Span:
    """One anchored span of a source text (an oa:Annotation with a TextPositionSelector)."""

    annotation: str
    source: str
    start: int
    end: int
    bodies: tuple[str, ...]
    motivation: str
    exact: str


@dataclass
class StatementEntry:
    node: Value
    kind: str
    speech_act: Value | None
    quote: str
    actions: list[Value] = field(default_factory=list)


@dataclass
class Overview:
    """The resolution overview page."""

    resolution: Value
    date: str
    tabled_by: list[Value]
    demands_by_addressee: list[tuple[Value, list[StatementEntry]]]
    other_statements: list[tuple[str, list[StatementEntry]]]
    timeline: list[tuple[str, Value, str]]
    themes: list[tuple[Value, int]]
    sources: list[Value]


class SiteModel:
    """Indexes over the union graph, built once, queried by every page."""

    def __init__(self, graph: Graph, settings: Settings, other_pages: Iterable[str] = ()):
        self.graph = graph
        self.settings = settings
        self.other_pages = frozenset(other_pages)  # pages of resources described elsewhere
        self.base = settings.base
        self.ns = settings.ontology_ns
        bind_prefixes(self.graph, self.base)

    # --- identity and labels -------------------------------------------------------------

    @cached_property
    def resources(self) -> list[str]:
        """Every document IRI under the base that has a description (subject triples)."""
        found = set()
        for s in set(self.graph.subjects()):
            if isinstance(s, URIRef) and resource_path(str(s), self.base) is not None:
                found.add(document_iri(str(s)))
        return sorted(found, key=natural_key)

    @cached_property
    def pages(self) -> frozenset[str]:
        """Resources with a page: those described, the dataset (its page is dataset.html),
        the version IRIs of our ontologies and the other pages the model was told of."""
        return (
            frozenset(self.resources)
            | {self.settings.dataset_iri}
            | set(self.ontology_versions)
            | self.other_pages
        )

    @cached_property
    def ontology_versions(self) -> dict[str, str]:
        """Version IRI under the base -> the ontology it is a version of: each answers with
        the ontology's own documents (the published version is the current one)."""
        versions = {}
        for ontology in self.graph.subjects(RDF.type, OWL.Ontology):
            for version in self.graph.objects(ontology, OWL.versionIRI):
                if isinstance(version, URIRef) and resource_path(str(version), self.base):
                    versions[str(version)] = str(ontology)
        return versions

    def has_page(self, iri: str) -> bool:
        return document_iri(iri) in self.pages

    def page_of(self, iri: str) -> str | None:
        """Site-relative page of an IRI (hash IRIs link to an anchor on their document's page)."""
        if not self.has_page(iri):
            return None
        path = doc_path(iri, self.base)
        if path and "#" in iri:
            path += "#" + iri.split("#", 1)[1]
        return path

    def label(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        for prop in LABEL_PROPERTIES:
            values = list(self.graph.objects(node, prop))
            if values:
                english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
                return str(sorted(english or values)[0])
        return self.qname(node)

    def short(self, node: Node) -> Value:
        """A node shown by the name the source texts give it (else its shortest acronym),
        with its full label as title."""
        mentions = sorted(
            s.exact
            for s in self.spans_of_body(str(node))
            if s.motivation.endswith("identifying") and s.exact
        )
        alts = mentions or sorted(
            (str(a) for a in self.graph.objects(node, SKOS.altLabel)), key=len
        )
        full = self.label(node)
        if alts and len(alts[0]) < len(full):
            return Value(alts[0], iri=str(node), page=self.page_of(str(node)), title=full)
        return self.value(node)

    def qname(self, node: Node) -> str:
        text = str(node)
        if isinstance(node, URIRef):
            try:
                return self.graph.namespace_manager.normalizeUri(node).strip("<>")
            except Exception:  # rdflib raises on IRIs it cannot split
                return text
        return text

    def value(self, node: Node, text: str | None = None) -> Value:
        if isinstance(node, Literal):
            note = node.language or (self.qname(node.datatype) if node.datatype else "")
            return Value(str(node), note=note)
        if isinstance(node, BNode):
            return Value(text or "(blank node)")
        iri = str(node)
        return Value(text or self.label(node), iri=iri, page=self.page_of(iri))

    def term(self, node: Node) -> Value:
        """A predicate or class, shown by its compact name."""
        return self.value(node, self.qname(node))

    def types(self, node: Node) -> list[Value]:
        return [self.term(t) for t in sorted(self.graph.objects(node, RDF.type))]

    # --- descriptions --------------------------------------------------------------------

    def subjects_of(self, iri: str) -> list[URIRef]:
        """The resource and its hash IRIs, as subjects of the graph."""
        return sorted(self._hash_subjects.get(iri, ()), key=lambda s: (str(s) != iri, str(s)))

    @cached_property
    def _hash_subjects(self) -> dict[str, set[URIRef]]:
        index: dict[str, set[URIRef]] = defaultdict(set)
        for s in set(self.graph.subjects()):
            if isinstance(s, URIRef):
                index[document_iri(str(s))].add(s)
        return index

    def describe(self, iri: str) -> Graph:
        """The description of a resource: its triples, its hash IRIs' triples, blank closures."""
        out = Graph()
        bind_prefixes(out, self.base)
        todo: list[Node] = list(self.subjects_of(iri))
        seen: set[Node] = set()
        while todo:
            s = todo.pop()
            if s in seen:
                continue
            seen.add(s)
            for p, o in self.graph.predicate_objects(s):
                out.add((s, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
        return out

    def properties(self, subject: Node) -> list[PropertyRow]:
        rows: dict[Node, list[Value]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            if p == RDF.type:
                continue
            rows[p].append(self.value(o))
        return [
            PropertyRow(self.term(p), sorted(v, key=lambda x: natural_key(x.text)))
            for p, v in sorted(rows.items(), key=lambda item: self.qname(item[0]))
        ]

    @cached_property
    def _incoming(self) -> dict[str, list[tuple[Node, str]]]:
        index: dict[str, list[tuple[Node, str]]] = defaultdict(list)
        for s, p, o in self.graph:
            if isinstance(o, URIRef) and isinstance(s, URIRef) and p != RDF.type:
                target = document_iri(str(o))
                source = document_iri(str(s))
                if source != target and target in self.pages:
                    index[target].append((p, source))
        return index

    def incoming(self, iri: str) -> list[PropertyRow]:
        rows: dict[Node, set[str]] = defaultdict(set)
        for p, source in self._incoming.get(iri, ()):
            rows[p].add(source)
        return [
            PropertyRow(self.term(p), [self.value(URIRef(s)) for s in sorted(v, key=natural_key)])
            for p, v in sorted(rows.items(), key=lambda item: self.qname(item[0]))
        ]

    # --- classes -------------------------------------------------------------------------

    def subclasses(self, cls: URIRef) -> set[URIRef]:
        return {
            c for c in self.graph.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)
        }

    def instances(self, classes: Iterable[URIRef]) -> list[URIRef]:
        all_classes: set[URIRef] = set()
        for cls in classes:
            all_classes |= self.subclasses(cls)
        found = {
            s
            for c in all_classes
            for s in self.graph.subjects(RDF.type, c)
            if isinstance(s, URIRef) and self.has_page(str(s))
        }
        return sorted(found, key=lambda s: natural_key(self.label(s).lower()))

    def is_a(self, node: Node, cls: URIRef) -> bool:
        classes = self.subclasses(cls)
        return any(t in classes for t in self.graph.objects(node, RDF.type))

    # --- spans of source texts -----------------------------------------------------------

    @cached_property
    def spans(self) -> list[Span]:
        g = self.graph
        found = []
        for ann in g.subjects(RDF.type, OA.Annotation):
            bodies = tuple(sorted(str(b) for b in g.objects(ann, OA.hasBody)))
            motivation = g.value(ann, OA.motivatedBy)
            for target in g.objects(ann, OA.hasTarget):
                source = g.value(target, OA.hasSource)
                start = end = None
                exact = ""
                for sel in g.objects(target, OA.hasSelector):
                    if (sel, RDF.type, OA.TextPositionSelector) in g:
                        start, end = g.value(sel, OA.start), g.value(sel, OA.end)
                    if (sel, RDF.type, OA.TextQuoteSelector) in g:
                        exact = str(g.value(sel, OA.exact) or "")
                if source is None or start is None or end is None:
                    continue
                found.append(
                    Span(
                        str(ann),
                        str(source),
                        int(start),
                        int(end),
                        bodies,
                        self.qname(motivation) if motivation else "",
                        exact,
                    )
                )
        return sorted(found, key=lambda s: (s.source, s.start, -s.end, s.annotation))

    def spans_of_source(self, source: str) -> list[Span]:
        return [s for s in self.spans if s.source == source]

    def spans_of_body(self, iri: str) -> list[Span]:
        return [s for s in self.spans if iri in s.bodies]

    def source_text(self, source: str) -> str | None:
        text = self.graph.value(URIRef(source), RDF.value)
        return str(text) if isinstance(text, Literal) else None

    def iri(self, text: str) -> URIRef:
        return URIRef(text)

    def statement_entry_kind(self, iri: str) -> str:
        """'statement', 'action' or 'other': how a span's body is highlighted."""
        node = URIRef(iri)
        if self.is_a(node, URIRef(self.ns + "Statement")):
            return "statement"
        if self.is_a(node, URIRef(self.ns + "Action")):
            return "action"
        return "other"

    def label_short(self, iri: str) -> str:
        """A short marker for a span's body: 'Demand 3', else its label."""
        label = self.label(URIRef(iri)) if iri else ""
        return label.split(" of ")[0] if self.statement_entry_kind(iri) == "statement" else label

    def quote(self, iri: str) -> str:
        spans = self.spans_of_body(iri)
        return spans[0].exact if spans else ""

    # --- the resolution overview ---------------------------------------------------------

    @cached_property
    def resolutions(self) -> list[URIRef]:
        parts = {o for o in self.graph.objects(None, DCTERMS.isPartOf) if isinstance(o, URIRef)}
        works = set(self.graph.subjects(RDF.type, ELI.Work))
        return sorted((r for r in works | parts if self.has_page(str(r))), key=str)

    def statements(self, resolution: URIRef) -> list[URIRef]:
        stmt_cls = URIRef(self.ns + "Statement")
        return sorted(
            (
                s
                for s in self.graph.subjects(DCTERMS.isPartOf, resolution)
                if isinstance(s, URIRef) and self.is_a(s, stmt_cls)
            ),
            key=lambda s: natural_key(str(s)),
        )

    def statement_entry(self, s: URIRef) -> StatementEntry:
        kinds = [
            self.label(t)
            for t in sorted(self.graph.objects(s, RDF.type))
            if str(t).startswith(self.ns)
        ]
        act = self.graph.value(s, URIRef(self.ns + "speechAct"))
        actions = sorted(
            self.graph.objects(s, URIRef(self.ns + "requestsAction")),
            key=lambda a: natural_key(str(a)),
        )
        return StatementEntry(
            self.value(s),
            kinds[0] if kinds else "Statement",
            self.value(act) if act is not None else None,
            self.quote(str(s)),
            [self.value(a) for a in actions],
        )

    def processes(self, resolution: URIRef) -> list[URIRef]:
        return sorted(
            set(self.graph.subjects(ELI_DL.created_a_realization_of, resolution))
            & set(self.graph.subjects(RDF.type, ELI_DL.Process)),
            key=str,
        )

    def agents_of(self, activity: Node) -> set[Node]:
        agents = set(self.graph.objects(activity, PROV.wasAssociatedWith))
        for part in self.graph.objects(activity, ELI_DL.had_participation):
            agents |= set(self.graph.objects(part, ELI_DL.had_participant_organization))
        return agents

    def date_of(self, node: Node) -> str:
        for prop in DATE_PROPERTIES:
            value = self.graph.value(node, prop)
            if value is not None:
                return str(value)
        return ""

    def overview(self, resolution: URIRef) -> Overview:
        g = self.graph
        activities = [
            a for p in self.processes(resolution) for a in g.objects(p, ELI_DL.consists_of)
        ]
        tabled: set[Node] = set()
        for a in activities:
            kind = str(g.value(a, ELI_DL.had_activity_type) or "")
            if "TABLING" in kind.rsplit("/", 1)[-1].upper():
                tabled |= self.agents_of(a)
        statements = [self.statement_entry(s) for s in self.statements(resolution)]
        demand_cls = URIRef(self.ns + "Demand")
        by_addressee: dict[Node, list[StatementEntry]] = defaultdict(list)
        others: dict[str, list[StatementEntry]] = defaultdict(list)
        cited: set[Node] = set()
        theme_count: dict[Node, int] = defaultdict(int)
        for entry in statements:
            node = URIRef(entry.node.iri or "")
            if self.is_a(node, demand_cls):
                for addressee in g.objects(node, URIRef(self.ns + "addressee")):
                    by_addressee[addressee].append(entry)
            else:
                others[entry.kind].append(entry)
            cited |= set(g.objects(node, DCTERMS.references))
            for theme in g.objects(node, DCTERMS.subject):
                theme_count[theme] += 1
        for theme in g.objects(resolution, ELI.is_about):
            theme_count.setdefault(theme, 0)
        event_cls = URIRef(self.ns + "Event")
        timeline = [
            (self.date_of(e), self.value(e), "event") for e in cited if self.is_a(e, event_cls)
        ]
        timeline += [(self.date_of(a), self.value(a), "procedure") for a in activities]
        timeline.sort(key=lambda t: (t[0] == "", t[0], t[1].text))
        return Overview(
            resolution=self.value(resolution),
            date=self.date_of(resolution),
            tabled_by=sorted(
                (self.short(a) for a in tabled), key=lambda v: natural_key(v.iri or "")
            ),
            demands_by_addressee=sorted(
                ((self.value(a), v) for a, v in by_addressee.items()),
                key=lambda item: (-len(item[1]), item[0].text),
            ),
            other_statements=sorted(others.items()),
            timeline=[(d or "undated", v, k) for d, v, k in timeline],
            themes=sorted(
                ((self.value(t), n) for t, n in theme_count.items()),
                key=lambda item: (-item[1], item[0].text),
            ),
            sources=[self.value(s) for s in sorted(g.objects(resolution, PROV.wasDerivedFrom))],
        )

    # --- index pages ---------------------------------------------------------------------

    def actors(self) -> list[tuple[str, list[Value]]]:
        return self._grouped(self.instances(AGENT_CLASSES))

    def provisions(self) -> list[tuple[str, list[Value]]]:
        return self._grouped(self.instances(PROVISION_CLASSES))

    def themes(self) -> list[tuple[Value, list[Value]]]:
        """Every concept used as a subject of something, with what is about it."""
        about: dict[Node, set[Node]] = defaultdict(set)
        for prop in (DCTERMS.subject, ELI.is_about):
            for s, o in self.graph.subject_objects(prop):
                if (o, RDF.type, SKOS.Concept) in self.graph and self.has_page(str(o)):
                    about[o].add(s)
        return [
            (
                self.value(t),
                sorted(
                    (self.value(s) for s in subjects), key=lambda v: natural_key(v.iri or v.text)
                ),
            )
            for t, subjects in sorted(about.items(), key=lambda i: self.label(i[0]).lower())
        ]

    def _grouped(self, nodes: list[URIRef]) -> list[tuple[str, list[Value]]]:
        groups: dict[str, list[Value]] = defaultdict(list)
        for node in nodes:
            first = sorted(self.graph.objects(node, RDF.type), key=str)
            groups[self.qname(first[0]) if first else "untyped"].append(self.value(node))
        return sorted(groups.items())

    # --- the ontology --------------------------------------------------------------------

    def ontology_terms(self) -> list[dict]:
        g = self.graph
        terms = sorted(
            {
                s
                for s in g.subjects()
                if isinstance(s, URIRef)
                and str(s).startswith(self.ns)
                and len(str(s)) > len(self.ns)
            },
            key=str,
        )
        out = []
        for t in terms:
            kinds = [self.qname(k) for k in sorted(g.objects(t, RDF.type))]
            is_class = OWL.Class in set(g.objects(t, RDF.type)) or (t, RDFS.subClassOf, None) in g
            users = sorted(
                {s for s in g.subjects(RDF.type, t)}
                if is_class
                else {s for s, _ in g.subject_objects(t)},
                key=lambda s: natural_key(str(s)),
            )
            used = (
                sum(1 for _ in g.triples((None, RDF.type, t)))
                if is_class
                else sum(1 for _ in g.triples((None, t, None)))
            )
            out.append(
                {
                    "anchor": str(t)[len(self.ns) :],
                    "iri": str(t),
                    "label": self.label(t),
                    "kinds": kinds,
                    "comment": str(g.value(t, RDFS.comment) or ""),
                    "domain": [self.term(d) for d in sorted(g.objects(t, RDFS.domain))],
                    "range": [self.term(r) for r in sorted(g.objects(t, RDFS.range))],
                    "parents": [
                        self.term(p)
                        for p in sorted(
                            set(g.objects(t, RDFS.subClassOf))
                            | set(g.objects(t, RDFS.subPropertyOf))
                        )
                    ],
                    "used": used,
                    "examples": [self.value(u) for u in users[:5]],
                }
            )
        return out
