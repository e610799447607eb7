"""Turn an Extraction into RDF in the model of the curated graphs: the source, the procedure and
its activities, the resolution, statements, actions, anchors and any entity minted on the way."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from reskg.ingest.extract import Extraction
from reskg.ingest.gazetteer import LEGAL_KINDS
from reskg.ingest.model import Entity, Span, Statement
from reskg.namespaces import ELI, ELI_DL, OA

EPACT = Namespace("https://data.europarl.europa.eu/def/ep-activities/")
EPROLE = Namespace("https://data.europarl.europa.eu/def/ep-roles/")
PROCEDURE_TYPES = "https://data.europarl.europa.eu/def/ep-procedure-types/"
TEXT_ADOPTED = URIRef("https://data.europarl.europa.eu/def/ep-document-types/TEXT_ADOPTED")
RES_TYPE = URIRef("http://publications.europa.eu/resource/authority/resource-type/RES")
ADOPTED = URIRef("https://data.europarl.europa.eu/def/ep-statuses/ADOPTED")
ENGLISH = URIRef("http://publications.europa.eu/resource/authority/language/ENG")
PLAIN_TEXT = URIRef("http://www.iana.org/assignments/media-types/text/plain")
OEIL_PROCEDURE = "https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference="
RIGHTS = (
    "European Parliament reuse notice: reproduction is authorised, provided the source is "
    "acknowledged."
)
STATEMENT_PATHS = {
    "Demand": "demand",
    "Observation": "observation",
    "Welcome": "welcome",
    "Condemnation": "condemnation",
}
CLASS_OF_KIND = {
    "law": ELI.LegalResource,
    "provision": ELI.LegalResourceSubdivision,
    "country": SDO.Country,
}
CONTEXT = 32
# Terms used for every anchor, looked up once (namespace attribute access is slow).
A, HAS_BODY, HAS_TARGET, HAS_SOURCE, HAS_SELECTOR = (
    RDF.type,
    OA.hasBody,
    OA.hasTarget,
    OA.hasSource,
    OA.hasSelector,
)
MOTIVATED_BY, START, END, EXACT, PREFIX, SUFFIX = (
    OA.motivatedBy,
    OA.start,
    OA.end,
    OA.exact,
    OA.prefix,
    OA.suffix,
)
ANNOTATION, SPECIFIC, POSITION, QUOTE = (
    OA.Annotation,
    OA.SpecificResource,
    OA.TextPositionSelector,
    OA.TextQuoteSelector,
)
NON_NEGATIVE = XSD.nonNegativeInteger


class Builder:
    """Writes triples with IRIs under one base."""

    def __init__(self, ex: Extraction, base: str, source_url: str | None = None):
        self.ex, self.base = ex, base
        self.triples: set[tuple[URIRef, URIRef, object]] = set()
        self.reskg = Namespace(base + "ontology#")
        self.slug = ex.slug
        self.src = self.iri(f"id/source/{ex.slug}")
        self.res = self.iri(f"id/resolution/{ex.slug}")
        self.proc = self.iri(f"id/procedure/{ex.slug}")
        self.ep = self.iri("id/org/european-parliament")
        self.source_url = source_url or OEIL_PROCEDURE + ex.header.reference
        self._anchored: set[str] = set()

    def iri(self, relative: str) -> URIRef:
        return URIRef(self.base + relative)

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        self.triples.add((s, p, o))

    def en(self, text: str) -> Literal:
        return Literal(text, lang="en")

    # --- anchors -------------------------------------------------------------------------------

    def anchor(
        self, name: str, bodies: list[URIRef], span: Span, motivation: URIRef = OA.describing
    ) -> None:
        text = self.ex.source
        if span.end <= span.start or name in self._anchored:
            return
        self._anchored.add(name)
        span = self.ex.source_span(span)
        ann = self.iri(f"id/annotation/{self.slug}/{name}")
        target, pos, quote = (URIRef(f"{ann}#{frag}") for frag in ("target", "position", "quote"))
        add = self.triples.add
        add((ann, A, ANNOTATION))
        add((ann, MOTIVATED_BY, motivation))
        for body in bodies:
            add((ann, HAS_BODY, body))
        add((ann, HAS_TARGET, target))
        add((target, A, SPECIFIC))
        add((target, HAS_SOURCE, self.src))
        add((target, HAS_SELECTOR, pos))
        add((target, HAS_SELECTOR, quote))
        add((pos, A, POSITION))
        add((pos, START, Literal(span.start, datatype=NON_NEGATIVE)))
        add((pos, END, Literal(span.end, datatype=NON_NEGATIVE)))
        add((quote, A, QUOTE))
        add((quote, EXACT, Literal(text[span.start : span.end])))
        add((quote, PREFIX, Literal(text[max(0, span.start - CONTEXT) : span.start])))
        add((quote, SUFFIX, Literal(text[span.end : span.end + CONTEXT])))

    def review(self, node: URIRef, confidence: float, notes: list[str]) -> None:
        if confidence < 0.9:
            self.add(node, self.reskg.needsReview, Literal(True))
            self.add(
                node, self.reskg.confidence, Literal(f"{confidence:.2f}", datatype=XSD.decimal)
            )
        if notes:
            self.add(node, SKOS.editorialNote, self.en(" ".join(dict.fromkeys(notes))))

    # --- the parts -----------------------------------------------------------------------------

    def build(self) -> set[tuple[URIRef, URIRef, object]]:
        self.source()
        self.procedure()
        refers: dict[str, Entity] = {}
        counters: dict[str, int] = {}
        statement_iris: list[URIRef] = []
        for statement in self.ex.statements:
            path = STATEMENT_PATHS[statement.kind]
            counters[path] = counters.get(path, 0) + 1
            statement_iris.append(self.statement(statement, path, counters[path], refers))
        for number, (span, members) in enumerate(self.ex.lead_ins, start=1):
            name = "list-lead-in" if number == 1 else f"list-lead-in-{number}"
            bodies = [statement_iris[i] for i in members]
            if bodies:
                self.anchor(name, bodies, span, OA.linking)
        for mention in self.ex.context:
            target = self.iri(mention.entity.iri)
            self.add(self.res, DCTERMS.references, target)
            if mention.entity.kind in LEGAL_KINDS:
                refers.setdefault(mention.entity.iri, mention.entity)
            name = "mention-" + mention.entity.iri.removeprefix("id/").replace("/", "-")
            self.anchor(name, [target], mention.span, OA.identifying)
        for entity in refers.values():
            self.add(self.res, ELI.refers_to, self.iri(entity.iri))
        for entity in self.ex.gazetteer.minted.values():
            self.minted(entity)
        return self.triples

    def source(self) -> None:
        h = self.ex.header
        s = self.src
        self.add(s, RDF.type, FOAF.Document)
        self.add(s, RDF.type, PROV.Entity)
        self.add(s, RDFS.label, self.en(f"Legislative Observatory summary of {h.reference}"))
        self.add(s, DCTERMS.title, self.en(h.title))
        self.add(s, DCTERMS.source, URIRef(self.source_url))
        self.add(s, DCTERMS.subject, self.res)
        self.add(s, DCTERMS.subject, self.proc)
        self.add(s, DCTERMS.publisher, self.ep)
        self.add(s, DCTERMS.rightsHolder, self.ep)
        self.add(s, DCTERMS.rights, self.en(RIGHTS))
        self.add(s, DCTERMS.language, ENGLISH)
        self.add(s, DCTERMS.format, PLAIN_TEXT)

    def procedure(self) -> None:
        h, ex = self.ex.header, self.ex
        year, number, kind = re.fullmatch(r"(\d{4})/(\d{4})\(([A-Z]+)\)", h.reference).groups()  # type: ignore[union-attr]
        p, r = self.proc, self.res
        adoption = self.iri(f"id/activity/{self.slug}/adoption")
        self.add(p, RDF.type, ELI_DL.Process)
        self.add(p, RDFS.label, Literal(h.reference))
        self.add(p, DCTERMS.identifier, Literal(h.reference))
        self.add(p, ELI_DL.process_id, Literal(f"{year}-{number}"))
        self.add(p, ELI_DL.process_type, URIRef(PROCEDURE_TYPES + kind))
        self.add(p, ELI_DL.process_title, self.en(h.title))
        if ex.stage:
            self.add(p, ELI_DL.current_stage, self.iri(f"id/stage/{ex.stage}"))
        self.add(p, ELI_DL.consists_of, adoption)
        self.add(p, ELI_DL.created_a_realization_of, r)
        self.add(p, PROV.wasDerivedFrom, self.src)
        self.add(r, RDF.type, ELI.Work)
        self.add(r, RDFS.label, self.en(h.title))
        self.add(r, DCTERMS.title, self.en(h.title))
        self.add(r, ELI.work_type, TEXT_ADOPTED)
        self.add(r, DCTERMS.type, RES_TYPE)
        if h.date:
            self.add(r, ELI.date_document, Literal(h.date, datatype=XSD.date))
        else:  # the summary gives no adoption date: a person must add it (never guessed)
            self.add(r, self.reskg.needsReview, Literal(True))
        self.add(r, DCTERMS.creator, self.ep)
        self.add(r, DCTERMS.publisher, self.ep)
        if ex.gazetteer.country is not None:
            self.add(r, DCTERMS.spatial, self.iri(ex.gazetteer.country.iri))
        self.add(r, PROV.wasDerivedFrom, self.src)
        self.add(adoption, RDF.type, ELI_DL.Activity)
        self.add(adoption, RDF.type, PROV.Activity)
        self.add(
            adoption, RDFS.label, self.en("Adoption of the resolution by the European Parliament")
        )
        self.add(adoption, ELI_DL.had_activity_type, EPACT.PLENARY_VOTE)
        if h.date:
            self.add(adoption, ELI_DL.activity_date, Literal(h.date, datatype=XSD.date))
        if ex.stage:
            self.add(adoption, ELI_DL.occured_at_stage, self.iri(f"id/stage/{ex.stage}"))
        self.add(adoption, ELI_DL.decision_outcome, ADOPTED)
        self.add(adoption, ELI_DL.had_responsible_organization, self.ep)
        self.add(adoption, ELI_DL.created_a_realization_of, r)
        self.add(adoption, PROV.wasAssociatedWith, self.ep)
        self.add(adoption, PROV.wasDerivedFrom, self.src)
        if h.title_span:
            self.anchor("title", [r], h.title_span)
        if h.header_span:
            self.anchor("header", [p, adoption], h.header_span)
        if h.adoption_span:
            self.anchor("adoption", [adoption], h.adoption_span)
        self.tabling(p)

    def tabling(self, process: URIRef) -> None:
        tabling = self.ex.tabling
        if tabling is None or not tabling.groups:
            return
        act = self.iri(f"id/activity/{self.slug}/tabling")
        self.add(process, ELI_DL.consists_of, act)
        self.add(act, RDF.type, ELI_DL.Activity)
        self.add(act, RDF.type, PROV.Activity)
        count = len(tabling.groups)
        self.add(
            act,
            RDFS.label,
            self.en(
                f"Tabling of the motion for a resolution by {count} political "
                f"group{'s' * (count > 1)}"
            ),
        )
        self.add(act, ELI_DL.had_activity_type, EPACT.TABLING_PLENARY)
        self.add(act, PROV.wasDerivedFrom, self.src)
        for mention in tabling.groups:
            group = self.iri(mention.entity.iri)
            local = mention.entity.iri.rsplit("/", 1)[-1]
            part = self.iri(f"id/participation/{self.slug}/{local}")
            self.add(act, ELI_DL.had_participation, part)
            self.add(act, PROV.wasAssociatedWith, group)
            self.add(part, RDF.type, ELI_DL.Participation)
            self.add(
                part,
                RDFS.label,
                self.en(f"Tabling by {self.ex.text[mention.span.start : mention.span.end]}"),
            )
            self.add(part, ELI_DL.participation_role, EPROLE.AUTHOR)
            self.add(part, ELI_DL.had_participant_organization, group)
            self.anchor(f"mention-group-{local}", [group], mention.span, OA.identifying)
            if mention.entity.confidence < 1.0:
                self.review(part, mention.entity.confidence, [mention.entity.note])
        self.anchor("tabling", [act], tabling.span)

    def statement(self, st: Statement, path: str, n: int, refers: dict[str, Entity]) -> URIRef:
        node = self.iri(f"id/{path}/{self.slug}/{n}")
        self.add(node, RDF.type, self.reskg[st.kind])
        self.add(node, RDFS.label, self.en(f"{st.kind} {n} of {self.ex.header.reference}"))
        self.add(node, DCTERMS.isPartOf, self.res)
        self.add(node, self.reskg.speechAct, self.iri(f"id/speech-act/{st.speech_act}"))
        if st.kind == "Demand":
            for addressee in st.addressees:
                self.add(node, self.reskg.addressee, self.iri(addressee.iri))
        for theme in st.themes:
            self.add(node, DCTERMS.subject, self.iri(f"id/theme/{theme}"))
        biggest = [m for m in st.mentions if m.entity.kind in {"provision", "law", "agreement"}]
        for mention in st.mentions:
            target = self.iri(mention.entity.iri)
            if mention.entity.kind == "group":
                self.add(node, self.reskg.affects, target)
            elif mention.entity.kind != "ep-group":
                self.add(node, DCTERMS.references, target)
            if mention.entity.kind in {"provision", "law", "agreement"} and not any(
                o is not mention and o.span.contains(mention.span) and o.span != mention.span
                for o in biggest
            ):
                refers.setdefault(mention.entity.iri, mention.entity)
            name = "mention-" + mention.entity.iri.removeprefix("id/").replace("/", "-")
            self.anchor(name, [target], mention.span, OA.identifying)
        self.add(node, PROV.wasDerivedFrom, self.src)
        self.review(node, st.confidence, st.notes)
        self.anchor(f"{path}-{n}", [node], st.span)
        if st.kind == "Demand":
            for k, action in enumerate(st.actions, start=1):
                a = self.iri(f"id/action/{self.slug}/{n}-{k}")
                self.add(node, self.reskg.requestsAction, a)
                self.add(a, RDF.type, self.reskg.Action)
                self.add(
                    a, RDFS.label, self.en(re.sub(r"\s+", " ", action.label).strip() or "action")
                )
                self.add(
                    a,
                    self.reskg.actionType,
                    self.action_type(action.action_type, action.type_known),
                )
                for ref in dict.fromkeys(e.iri for e in action.references):
                    self.add(a, DCTERMS.references, self.iri(ref))
                self.add(a, PROV.wasDerivedFrom, self.src)
                if not action.type_known:
                    self.review(
                        a, 0.6, [f"Action type '{action.action_type}' minted from the verb."]
                    )
                self.anchor(f"action-{n}-{k}", [a], action.span)
        return node

    def action_type(self, local: str, known: bool) -> URIRef:
        concept = self.iri(f"id/action-type/{local}")
        if not known:
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.prefLabel, self.en(local.replace("-", " ")))
            self.add(concept, SKOS.inScheme, self.iri("id/scheme/action-types"))
            self.add(concept, self.reskg.needsReview, Literal(True))
        return concept

    def minted(self, entity: Entity) -> None:
        node = self.iri(entity.iri)
        country = self.ex.gazetteer.country
        if entity.kind == "country":
            for cls in (SDO.Country, DCTERMS.Location, FOAF.Agent):
                self.add(node, RDF.type, cls)
        elif entity.kind == "actor":
            is_gov = entity.iri.startswith("id/org/government-of-")
            self.add(node, RDF.type, ORG.FormalOrganization if is_gov else ORG.Organization)
            if is_gov or entity.iri.startswith("id/org/authorities-of-"):
                kind = "government" if is_gov else "state-authorities"
                self.add(node, ORG.classification, self.iri(f"id/org-type/{kind}"))
                if country is not None:
                    self.add(node, DCTERMS.spatial, self.iri(country.iri))
        elif entity.kind == "event":
            self.add(node, RDF.type, self.reskg.Event)
            if entity.note.startswith("date:"):
                _, datatype, value = entity.note.split(":", 2)
                self.add(node, DCTERMS.date, Literal(value, datatype=XSD[datatype]))
            if country is not None:
                self.add(node, DCTERMS.spatial, self.iri(country.iri))
        elif entity.kind in CLASS_OF_KIND:
            self.add(node, RDF.type, CLASS_OF_KIND[entity.kind])
            if entity.kind == "provision":
                law, _, tail = entity.iri.rpartition("/")
                self.add(node, ELI.is_part_of, self.iri(law))
                self.add(node, ELI.number, Literal(tail.removeprefix("article-")))
            if country is not None:
                self.add(node, DCTERMS.spatial, self.iri(country.iri))
        self.add(node, RDFS.label, self.en(entity.label))
        note = (
            entity.note
            if not entity.note.startswith("date:")
            else "Minted from a date in the text."
        )
        self.review(node, entity.confidence, [note])


def build_triples(
    ex: Extraction, base: str, source_url: str | None = None
) -> set[tuple[URIRef, URIRef, object]]:
    """The triples of one ingested summary (a plain set: fast to make and to write)."""
    return Builder(ex, base, source_url).build()


def as_graph(triples: set[tuple[URIRef, URIRef, object]]) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)  # type: ignore[misc]
    return graph
