"""What a statement cites or affects: actors, groups, places, laws and their articles,
agreements, dated events, and its themes."""

from __future__ import annotations

import re

from reskg.ingest.dates import find_dates
from reskg.ingest.gazetteer import Gazetteer
from reskg.ingest.model import Entity, Mention, Span
from reskg.ingest.slug import slugify

_ARTICLE = re.compile(
    r"\bArticles?\s+(?P<n>\d+[a-z]?)\s+of\s+(?:the\s+)?(?P<law>(?:[A-Z][\w’'-]*\s+)*"
    r"(?:Criminal |Penal |Civil )?(?:Code|Law|Act|Constitution)\b)"
)
_TOPIC_ARTICLES = re.compile(
    r"\b(?:the\s+)?(?:relevant\s+)?articles\s+(?:in|of)\s+the\s+"
    r"(?P<law>[\w ]+?)\s+relating to\s+(?P<topic>[\w ]+)"
)
_AMENDMENTS = re.compile(r"\b(?:the\s+)?amendments to the\s+(?P<law>[\w ]+?\blaw)\b", re.IGNORECASE)
_NAMED_LAW = re.compile(
    r"\b(?:the\s+)?(?P<l>Laws?\s+on\s+(?:[A-Z][\w-]*)(?:\s+(?:and|of|on|the|"
    r"[A-Z][\w-]*))*?)(?=\s+(?!and\b|of\b|on\b|the\b)[a-z]|[,.;)]|$)"
)

_NAMED_ACT = re.compile(
    r"\b(?:the\s+)?(?P<a>(?:[A-Z][\w’'-]*\s+){1,4}(?:Agreement|Constitution|"
    r"Convention|Treaty|Charter))\b"
)


class ReferenceReader:
    """Finds cited entities in a span; mints laws, articles and events the graph lacks."""

    def __init__(self, text: str, gazetteer: Gazetteer, slug: str, theme_labels: dict[str, str]):
        self.text = text
        self.gazetteer = gazetteer
        self.slug = slug
        self.themes = sorted(theme_labels.items(), key=lambda kv: -len(kv[0]))
        self._theme_re = (
            re.compile(
                r"\b(?:" + "|".join(re.escape(k) for k, _ in self.themes) + r")\b", re.IGNORECASE
            )
            if self.themes
            else None
        )

    def mentions(self, span: Span) -> list[Mention]:
        """Known entities, provisions, laws and dated events named in the span."""
        found = self.gazetteer.find(self.text, span.start, span.end)
        laws = self._provisions(span, found)
        found = [
            f
            for f in found
            if not any(law.span.contains(f.span) and law.span != f.span for law in laws)
        ]
        return found + laws + self._events(span)

    def _law_at(self, start: int, end: int, name: str, found: list[Mention]) -> Entity:
        for mention in found:
            if mention.entity.kind == "law" and mention.span.overlaps(Span(start, end)):
                return mention.entity
        known = self.gazetteer.lookup(name, {"law"})
        if known is not None:
            return known
        country = self.gazetteer.country
        prefix = (
            f"{slugify(country.label)}-"
            if country is not None and country.label.lower() not in name.lower()
            else ""
        )
        return self.gazetteer.mint(f"id/law/{prefix}{slugify(name)}", "law", name)

    def _provisions(self, span: Span, found: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = self.text
        for m in _ARTICLE.finditer(text, span.start, span.end):
            law = self._law_at(m.start("law"), m.end("law"), m.group("law"), found)
            article = self.gazetteer.provision(law.iri, m.group("n"), None) or self.gazetteer.mint(
                f"{law.iri}/article-{m.group('n').lower()}",
                "provision",
                f"Article {m.group('n')} of the {law.label}",
            )
            out.append(Mention(Span(m.start(), m.end()), article))
        for m in _TOPIC_ARTICLES.finditer(text, span.start, span.end):
            law = self._law_at(m.start("law"), m.end("law"), m.group("law"), found)
            article = self.gazetteer.provision(law.iri, None, m.group("topic").strip())
            if article is not None:
                out.append(Mention(Span(m.start(), m.end()), article))
        for m in _AMENDMENTS.finditer(text, span.start, span.end):
            law = self._law_at(m.start("law"), m.end("law"), m.group("law"), found)
            amendment = self.gazetteer.amendment_of(law.iri)
            if amendment is not None:
                out.append(Mention(Span(m.start(), m.end()), amendment))
        for m in _NAMED_LAW.finditer(text, span.start, span.end):
            self._named(m.start("l"), m.end("l"), found, out)
        for m in _NAMED_ACT.finditer(text, span.start, span.end):
            self._named(m.start("a"), m.end("a"), found, out)
        return out

    def _named(self, start: int, end: int, found: list[Mention], out: list[Mention]) -> None:
        """A law, constitution or agreement named in the text (minted as a legal resource)."""
        here = Span(start, end)
        legal = {"law", "provision", "agreement"}
        if any(f.span.overlaps(here) for f in out) or any(
            f.span.overlaps(here) and f.entity.kind in legal for f in found
        ):
            return
        law = self._law_at(start, end, self.text[start:end], found)
        out.append(Mention(here, law))

    def _events(self, span: Span) -> list[Mention]:
        out = []
        label = ""
        for date in find_dates(self.text, span.start, span.end):
            event = self.gazetteer.event_on(date.value)
            if event is None:
                if not label:
                    sentence = re.sub(r"\s+", " ", self.text[span.start : span.end]).strip()
                    label = sentence if len(sentence) <= 120 else sentence[:117].rstrip() + "..."
                event = self.gazetteer.mint(
                    f"id/event/{self.slug}-{date.value}", "event", f"Event of {date.value}: {label}"
                )
                event = Entity(
                    event.iri, "event", event.label, True, 0.6, f"date:{date.datatype}:{date.value}"
                )
                self.gazetteer.minted[event.iri] = event
            out.append(Mention(Span(date.start, date.end), event))
        return out

    def themes_of(self, span: Span) -> list[str]:
        if self._theme_re is None:
            return []
        lookup = dict(self.themes)
        found: list[str] = []
        for m in self._theme_re.finditer(self.text, span.start, span.end):
            local = lookup[m.group(0).lower()]
            if local not in found:
                found.append(local)
        return found
