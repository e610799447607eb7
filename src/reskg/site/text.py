"""A source text cut into segments at every span boundary, for highlighting.

Spans nest (a demand contains its actions and the mentions of actors) and may in principle
cross, so the text is cut at every start and end; each segment knows the spans covering it and
links to the innermost one. Each span that describes a statement gets a marker at its start;
on the whole text (not in a quoted window) every span's start carries its anchor, so a page can
link to any span "in context".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reskg.site.model import SiteModel, Span


@dataclass
class Marker:
    anchor: str  # "" in a quoted window: the id belongs to the whole text's page
    label: str
    page: str | None


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    page: str | None = None
    title: str = ""
    markers: list[Marker] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of unmarked spans starting here


def span_anchor(span: Span) -> str:
    """The HTML id of a span on the source page, from the annotation's last path segment."""
    name = span.annotation.rstrip("/").rsplit("/", 1)[-1]
    return "span-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _kind(model: SiteModel, span: Span) -> str:
    if span.motivation.endswith("identifying"):
        return "mention"
    if span.motivation.endswith("linking"):
        return "lead-in"
    kinds = {model.statement_entry_kind(b) for b in span.bodies}
    return "statement" if "statement" in kinds else ("action" if "action" in kinds else "other")


def segments(
    model: SiteModel, source: str, window: tuple[int, int] | None = None, only: Span | None = None
) -> list[Segment]:
    """The source text (or the window start..end of it) cut into highlighted segments."""
    text = model.source_text(source) or ""
    lo, hi = window or (0, len(text))
    spans = [only] if only else [s for s in model.spans_of_source(source) if s.end <= len(text)]
    spans = [s for s in spans if s.start < hi and s.end > lo]
    cuts = sorted(
        {lo, hi}
        | {min(max(s.start, lo), hi) for s in spans}
        | {min(max(s.end, lo), hi) for s in spans}
    )
    kinds = {s.annotation: _kind(model, s) for s in spans}
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        covering = [s for s in spans if s.start <= a and s.end >= b]
        seg = Segment(text[a:b])
        for s in spans:
            if s.start != a:
                continue
            if kinds[s.annotation] in ("statement", "other"):
                body = s.bodies[0] if s.bodies else ""
                seg.markers.append(
                    Marker(
                        "" if only else span_anchor(s),
                        model.label_short(body),
                        model.page_of(body) if body else None,
                    )
                )
            elif not only:
                seg.anchors.append(span_anchor(s))
        if covering:
            inner = min(covering, key=lambda s: (s.end - s.start, s.annotation))
            seg.classes = sorted({"hl-" + kinds[s.annotation] for s in covering})
            body = inner.bodies[0] if inner.bodies else ""
            seg.page = model.page_of(body) if body else None
            seg.title = model.label(model.iri(body)) if body else ""
        out.append(seg)
    return out


def paragraph_window(text: str, span: Span) -> tuple[int, int]:
    """The paragraph(s) around a span: from the blank line before it to the one after it."""
    start = text.rfind("\n\n", 0, span.start)
    end = text.find("\n\n", span.end)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)
