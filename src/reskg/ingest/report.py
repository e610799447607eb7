"""The short report for the person who finishes the graph by hand: what was not placed, what
was minted, and what the extractor is unsure of."""

from __future__ import annotations

import re

from reskg.ingest.extract import Extraction
from reskg.ingest.model import Span


def review_report(ex: Extraction) -> str:
    text = ex.text
    lines = [
        f"Ingest report for {ex.header.reference} ({ex.header.title})",
        f"statements: {len(ex.statements)}, of which to review: "
        f"{sum(s.needs_review for s in ex.statements)}",
    ]
    quote = lambda s: re.sub(r"\s+", " ", text[s.start : s.end])[:100]  # noqa: E731

    def at(span: Span) -> str:
        """The span's offsets in the source text, as the graph's positions give them."""
        original = ex.source_span(span)
        return f"{original.start}-{original.end}"

    if ex.unplaced:
        lines.append("Not placed (no rule recognised them):")
        lines += [f'  - [{at(s)}] {why}: "{quote(s)}"' for s, why in ex.unplaced]
    if ex.header.header_span is None:
        lines.append("No header line (procedure - date - stage): add the date and stage by hand.")
    elif ex.stage is None:
        lines.append(f"Stage line not recognised: {ex.header.stage!r}")
    if ex.tabling is None:
        lines.append("No 'tabled by' sentence found.")
    minted = sorted(ex.gazetteer.minted.values(), key=lambda e: e.iri)
    if minted:
        lines.append("Minted (not in the graph before; check and merge):")
        lines += [f'  - {e.iri} "{e.label}"' for e in minted]
    unsure = [s for s in ex.statements if s.needs_review]
    if unsure:
        lines.append("To review:")
        for s in unsure:
            lines.append(
                f"  - {s.kind} [{at(s.span)}] confidence {s.confidence:.2f}: "
                + " ".join(dict.fromkeys(s.notes))
            )
    return "\n".join(lines) + "\n"
