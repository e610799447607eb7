"""Cut the text into units with exact offsets: lines, bullets, sentences and clauses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reskg.ingest.model import Span

BULLET = re.compile(r"^[ \t]*(?P<mark>[-•*–·▪]|\d{1,2}[.)])[ \t]*(?=\S)", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"'’”)]?)\s+(?=[A-Z‘'\"“(\d])")
# Longest unit (sentence or bullet) the rules read, in characters: the longest in the fixtures is
# 655. A longer one is reported as not read, so that no rule's cost can grow with the square of a
# sentence's length.
MAX_UNIT = 4000
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "No.", "Art.", "e.g.", "i.e.", "St.", "Nos.")


@dataclass(frozen=True)
class Line:
    """A non-empty line of the text."""

    span: Span
    index: int  # 0-based number among non-empty lines
    bullet: bool


def lines(text: str) -> list[Line]:
    """Every non-empty line, with the span of its content (bullet marker included)."""
    out: list[Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            end = pos + len(body.rstrip())
            out.append(Line(Span(start, end), len(out), bool(BULLET.match(body))))
        pos += len(raw)
    return out


_MARK = re.compile(r"(?:[-•*–·▪]|\d{1,2}[.)])[ \t]*")


def bullet_body(text: str, line: Line) -> Span:
    """The span of a bullet's text after its marker."""
    match = _MARK.match(text, line.span.start)
    start = match.end() if match else line.span.start
    return Span(min(start, line.span.end), line.span.end)


def sentences(text: str, span: Span) -> Iterator[Span]:
    """Sentences of one line, each ending after its full stop."""
    start = span.start
    chunk = text[span.start : span.end]
    for match in _SENTENCE_END.finditer(chunk):
        cut = span.start + match.start()
        before = text[start:cut]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        end = cut + len(match.group("close"))
        if end > start:
            yield Span(start, end)
        start = span.start + match.end()
    if start < span.end:
        yield Span(start, span.end)


def trim(text: str, span: Span, chars: str = " \t,;:") -> Span:
    """The span without surrounding blanks and the given punctuation."""
    start, end = span.start, span.end
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return Span(start, end)
