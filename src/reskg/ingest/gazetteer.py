"""What the graph already knows, as a gazetteer: labels, acronyms and hidden labels of actors,
places, groups, laws, agreements and events, found in text; close misspellings of acronyms by edit
distance; and new actors and countries minted deterministically when the text names unknown ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS

from reskg.ingest.model import Entity, Mention, Span
from reskg.ingest.slug import slugify
from reskg.namespaces import ELI

KIND_BY_CLASS: list[tuple[URIRef, str]] = [
    (SDO.Country, "country"),
    (ORG.Post, "post"),
    (URIRef("ontology#Agreement"), "agreement"),  # relative: resolved against the base
    (URIRef("ontology#Event"), "event"),
    (ELI.LegalResourceSubdivision, "provision"),
    (ELI.LegalResource, "law"),
    (FOAF.Group, "group"),
    (ORG.Organization, "actor"),
    (ORG.FormalOrganization, "actor"),
    (ORG.OrganizationalUnit, "actor"),
    (DCTERMS.Location, "place"),
]
_GOVERNMENT_OF = re.compile(
    r"\b[Gg]overnment of (?:the )?(?P<c>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2})"
)
_DEMONYM_AUTHORITIES = re.compile(r"\b(?P<d>[A-Z][a-z]+) (?P<what>authorities|[Gg]overnment)\b")
ACTOR_KINDS = {"actor", "country", "post"}
SPATIAL_KINDS = {"law", "provision", "event", "agreement"}
LEGAL_KINDS = {"law", "provision", "agreement"}
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,6}\b")
_SENTENCE_WORDS = (
    "The|A|An|In|On|Whilst|While|Lastly|Also|It|They|Members|MEPs|And|But|"
    "However|Finally|Moreover|Furthermore|Parliament|To|Of|For|With|By|That"
)
# A capitalised word right before a match (not a sentence word) makes it part of a longer name.
_PART_OF_NAME = re.compile(rf"(?<![\w’'-])(?!(?:{_SENTENCE_WORDS})\s$)[A-Z][a-z][\w’'-]*\s$")


@dataclass
class Known:
    """Facts about a known entity the extractor uses beyond its labels."""

    entity: Entity
    spatial: str | None = None
    date: str | None = None
    part_of: str | None = None
    number: str | None = None
    amends: str | None = None
    labels: list[str] = field(default_factory=list)
    ties: set[str] = field(default_factory=set)  # places and actors an event is tied to


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


class Gazetteer:
    """Finds known entities in text and mints new ones."""

    def __init__(self, graph: Graph, base: str, cache: dict | None = None):
        self.base = base
        self.minted: dict[str, Entity] = {}
        self.country: Entity | None = None
        if cache:
            self.__dict__.update({k: v for k, v in cache.items()})
            return
        self.known: dict[str, Known] = {}
        self._forms: dict[str, list[str]] = {}
        for cls, kind in KIND_BY_CLASS:
            cls = URIRef(base + cls) if cls.startswith("ontology#") else cls
            for subject in graph.subjects(RDF.type, cls):
                iri = self._relative(subject)
                if iri is None or iri in self.known:
                    continue
                if kind == "actor" and iri.startswith("id/org/ep-group/"):
                    kind_here = "ep-group"
                else:
                    kind_here = kind
                if kind_here == "place" and (subject, RDF.type, SDO.Country) in graph:
                    continue
                self._add(graph, subject, iri, kind_here)
        self._compile()
        if cache is not None:
            cache.update(
                {k: v for k, v in self.__dict__.items() if k not in ("minted", "country", "base")}
            )

    def _relative(self, node: object) -> str | None:
        text = str(node)
        return (
            text[len(self.base) :]
            if isinstance(node, URIRef) and text.startswith(self.base)
            else None
        )

    def _add(self, graph: Graph, subject: URIRef, iri: str, kind: str) -> None:
        labels = [
            str(o)
            for p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel, SKOS.prefLabel)
            for o in graph.objects(subject, p)
        ]
        label = next(
            (str(o) for o in graph.objects(subject, RDFS.label)), labels[0] if labels else iri
        )
        one = lambda p: next(iter(graph.objects(subject, p)), None)  # noqa: E731
        known = Known(Entity(iri, kind, label), labels=labels)
        spatial = one(DCTERMS.spatial)
        known.spatial = self._relative(spatial) if spatial is not None else None
        date = one(DCTERMS.date)
        known.date = str(date) if date is not None else None
        part_of = one(ELI.is_part_of)
        known.part_of = self._relative(part_of) if part_of is not None else None
        number = one(ELI.number)
        known.number = str(number) if number is not None else None
        amends = one(ELI.amends)
        known.amends = self._relative(amends) if amends is not None else None
        if kind == "event":
            known.ties = {
                r
                for p in (DCTERMS.spatial, PROV.wasAssociatedWith)
                for o in graph.objects(subject, p)
                if (r := self._relative(o)) is not None
            }
        self.known[iri] = known
        for form in labels:
            self._forms.setdefault(form, []).append(iri)

    def _compile(self) -> None:
        forms = sorted(self._forms, key=len, reverse=True)
        caps = [f for f in forms if f.isupper() or not any(c.islower() for c in f)]
        mixed = [f for f in forms if f not in set(caps)]
        alt = lambda fs: "|".join(re.escape(f) for f in fs) or "(?!x)x"  # noqa: E731
        self._caps_re = re.compile(rf"(?<![\w/-])(?:{alt(caps)})(?![\w/-])")
        self._mixed_re = re.compile(rf"(?<!\w)(?:{alt(mixed)})(?!\w)", re.IGNORECASE)
        self._lower_forms = {f.lower(): iris for f, iris in self._forms.items()}
        self._acronyms = [f for f in caps if _ACRONYM.fullmatch(f)]

    # --- the resolution's country --------------------------------------------------------------

    def set_country(self, name: str) -> Entity | None:
        """The country the resolution is about, known or minted, from its name in the title."""
        hit = self.lookup(name, kinds={"country"})
        if hit is None:
            if not re.fullmatch(r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3}", name):
                return None
            hit = self.mint(f"id/country/{slugify(name)}", "country", name)
        self.country = hit
        return hit

    def country_of_demonym(self, word: str) -> Entity | None:
        """'Cambodian' -> Cambodia, 'Iranian' -> Iran, for countries known or in the title."""
        candidates = [k.entity for k in self.known.values() if k.entity.kind == "country"]
        candidates += [e for e in self.minted.values() if e.kind == "country"]
        for entity in candidates:
            for name in [entity.label, *self.known.get(entity.iri, Known(entity)).labels]:
                common = 0
                for a, b in zip(word.lower(), name.lower(), strict=False):
                    if a != b:
                        break
                    common += 1
                if common >= 4 and common >= min(len(word), len(name)) - 1:
                    return entity
        return None

    # --- look-ups ------------------------------------------------------------------------------

    def _allowed(self, iri: str) -> bool:
        known = self.known.get(iri)
        if (
            known is None
            or known.entity.kind not in SPATIAL_KINDS
            or known.spatial is None
            or not known.spatial.startswith("id/country/")
        ):
            return True
        return self.country is not None and known.spatial == self.country.iri

    def lookup(self, form: str, kinds: set[str] | None = None) -> Entity | None:
        """The entity with exactly this label (any case), if one is known or minted."""
        for iri in self._lower_forms.get(form.strip().lower(), []):
            entity = self.known[iri].entity
            if (kinds is None or entity.kind in kinds) and self._allowed(iri):
                return entity
        for entity in self.minted.values():
            if entity.label.lower() == form.strip().lower() and (
                kinds is None or entity.kind in kinds
            ):
                return entity
        return None

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        """Known entities named in text[start:end], longest first, not overlapping."""
        hits: list[Mention] = []
        for regex in (self._caps_re, self._mixed_re):
            for m in regex.finditer(text, start, end):
                if regex is self._mixed_re and _PART_OF_NAME.search(
                    text, max(0, m.start() - 40), m.start()
                ):
                    continue  # 'Parliament' in 'Iranian Parliament' is another parliament
                entity = self.lookup(m.group(0))
                if entity is not None:
                    hits.append(Mention(Span(m.start(), m.end()), entity))
        for m in _ACRONYM.finditer(text, start, end):
            if m.group(0) in self._forms:
                continue
            entity = self._close_acronym(m.group(0))
            if entity is not None:
                hits.append(Mention(Span(m.start(), m.end()), entity))
        for entity, span in self._minted_mentions(text, start, end):
            hits.append(Mention(span, entity))
        hits.sort(key=lambda h: (-(h.span.end - h.span.start), h.span.start))
        starts: list[int] = []  # the chosen spans, disjoint, in order: only neighbours can overlap
        chosen: list[Mention] = []
        for hit in hits:
            i = bisect_right(starts, hit.span.start)
            if (i > 0 and chosen[i - 1].span.overlaps(hit.span)) or (
                i < len(chosen) and chosen[i].span.overlaps(hit.span)
            ):
                continue
            starts.insert(i, hit.span.start)
            chosen.insert(i, hit)
        return chosen

    def _close_acronym(self, word: str) -> Entity | None:
        """A known acronym one edit away (e.g. a typo), with lowered confidence."""
        if len(word) < 3:
            return None
        close = [f for f in self._acronyms if len(f) == len(word) and edit_distance(f, word) == 1]
        iris = {iri for f in close for iri in self._forms[f] if self._allowed(iri)}
        if len(iris) != 1:
            return None
        entity = self.known[iris.pop()].entity
        return Entity(
            entity.iri,
            entity.kind,
            entity.label,
            confidence=0.7,
            note=f"'{word}' read as {entity.label} (one letter away from a known acronym)",
        )

    # --- minting -------------------------------------------------------------------------------

    def mint(self, iri: str, kind: str, label: str, note: str = "") -> Entity:
        """A new entity with a deterministic IRI (the same label always gives the same IRI)."""
        if iri in self.known:
            return self.known[iri].entity
        entity = self.minted.get(iri)
        if entity is None:
            entity = Entity(
                iri,
                kind,
                label,
                minted=True,
                confidence=0.6,
                note=note or f"'{label}' is not in the graph: minted, to be checked.",
            )
            self.minted[iri] = entity
        return entity

    def _minted_mentions(self, text: str, start: int, end: int) -> list[tuple[Entity, Span]]:
        out: list[tuple[Entity, Span]] = []
        for entity in list(self.minted.values()):
            if entity.kind not in ACTOR_KINDS:
                continue
            name = re.compile(rf"(?<![\w’'-]){re.escape(entity.label)}(?![\w’'-])")
            out += [(entity, Span(m.start(), m.end())) for m in name.finditer(text, start, end)]
        for m in _GOVERNMENT_OF.finditer(text, start, end):
            if m.start() < start:
                continue
            country = self.lookup(m.group("c"), {"country"}) or self._title_country(m.group("c"))
            if country is not None:
                out.append((self.government(country), Span(m.start(), m.end())))
        for m in _DEMONYM_AUTHORITIES.finditer(text, start, end):
            if m.start() < start:
                continue
            country = self.lookup(m.group("d"), {"country"}) or self.country_of_demonym(
                m.group("d")
            )
            if country is None:
                continue
            if m.group("what") == "authorities":
                out.append((self.authorities(country, m.group(0)), Span(m.start(), m.end())))
            else:
                out.append((self.government(country), Span(m.start(), m.end())))
        return out

    def _title_country(self, name: str) -> Entity | None:
        return self.country if self.country is not None and self.country.label == name else None

    def government(self, country: Entity) -> Entity:
        found = self.lookup(f"Government of {country.label}", {"actor"})
        return found or self.mint(
            f"id/org/government-of-{slugify(country.label)}",
            "actor",
            f"Government of {country.label}",
        )

    def authorities(self, country: Entity, wording: str) -> Entity:
        found = self.lookup(wording, {"actor"}) or self.lookup(
            f"authorities of {country.label}", {"actor"}
        )
        return found or self.mint(
            f"id/org/authorities-of-{slugify(country.label)}",
            "actor",
            f"Authorities of {country.label}",
        )

    def actor_from_words(self, words: str) -> Entity | None:
        """Mint an actor from a short noun phrase naming an unknown addressee."""
        words = re.split(r",\s", words.strip(" ,;:.()"))[0]
        label = re.sub(r"^(?:(?:the|all|its|their)\s+)+", "", words, flags=re.I)
        label = re.sub(r"\s+", " ", label)
        if not label or len(label.split()) > 8 or not re.search(r"[A-Za-z]", label):
            return None
        slug = slugify(label)
        if not slug:
            return None
        return self.lookup(label, ACTOR_KINDS) or self.mint(
            f"id/org/{slug}", "actor", label[0].upper() + label[1:]
        )

    # --- laws, provisions, events --------------------------------------------------------------

    def provision(self, law_iri: str, number: str | None, topic: str | None) -> Entity | None:
        """A known article of a law, by its number or by the topic its label ends with."""
        for known in self.known.values():
            if known.entity.kind != "provision" or known.part_of != law_iri:
                continue
            if number is not None and known.number == number:
                return known.entity
            if number is None and topic and known.entity.label.lower().endswith(topic.lower()):
                return known.entity
        return None

    def amendment_of(self, law_iri: str) -> Entity | None:
        for known in self.known.values():
            if known.amends == law_iri:
                return known.entity
        return None

    def event_on(self, date: str) -> Entity | None:
        """A known event with exactly this date that is tied to the resolution's country (its
        place or one of its actors): a date alone ('in 2015') never picks another country's."""
        if self.country is None:
            return None
        country = self.country.iri
        for known in self.known.values():
            if known.entity.kind != "event" or known.date != date:
                continue
            if country in known.ties or any(
                self.known[t].spatial == country for t in known.ties if t in self.known
            ):
                return known.entity
        return None
