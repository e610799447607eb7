"""The text the rules read: invisible format characters (Unicode category Cf: zero-width space,
soft hyphen, bidi controls, ...) removed and every base character with its combining marks in NFC,
so that 'Bu<U+200B>rundi' or a decomposed 'é' still match the graph's labels. A map takes each
span back to the original text, which positions and quotes always use."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from reskg.ingest.model import Span

# Every character of category Cf (Unicode 15; tests/ingest checks it against unicodedata).
CF_RANGES = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
]
INVISIBLE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CF_RANGES) + "]+")


@dataclass(frozen=True)
class _Piece:
    """A stretch changed on the way: clean[cs:ce] stands for original[os:oe] (ce == cs if the
    stretch was removed)."""

    cs: int
    ce: int
    os: int
    oe: int


class MatchingText:
    """The matching text of an original, and the way back to the original's offsets."""

    def __init__(self, original: str):
        self.original = original
        self._pieces: list[_Piece] = []
        if unicodedata.is_normalized("NFC", original) and not INVISIBLE.search(original):
            self.text = original
            return
        out: list[str] = []
        clean = pos = 0
        for m in INVISIBLE.finditer(original):
            clean = self._visible(original, pos, m.start(), clean, out)
            self._add(_Piece(clean, clean, m.start(), m.end()))
            pos = m.end()
        self._visible(original, pos, len(original), clean, out)
        self.text = "".join(out)
        self._starts = [p.cs for p in self._pieces]

    def _add(self, piece: _Piece) -> None:
        last = self._pieces[-1] if self._pieces else None
        if last is not None and last.ce == piece.cs and last.oe == piece.os:
            self._pieces[-1] = _Piece(last.cs, piece.ce, last.os, piece.oe)
        else:
            self._pieces.append(piece)

    def _visible(self, original: str, start: int, end: int, clean: int, out: list[str]) -> int:
        """Append original[start:end] in NFC; return the clean offset after it."""
        segment = original[start:end]
        if unicodedata.is_normalized("NFC", segment):
            out.append(segment)
            return clean + len(segment)
        i = 0
        while i < len(segment):
            j = i + 1
            while j < len(segment) and unicodedata.combining(segment[j]):
                j += 1
            cluster = segment[i:j]
            composed = unicodedata.normalize("NFC", cluster)
            out.append(composed)
            if composed != cluster:
                self._add(_Piece(clean, clean + len(composed), start + i, start + j))
            clean += len(composed)
            i = j
        return clean

    @property
    def changed(self) -> bool:
        return bool(self._pieces)

    def _piece(self, offset: int) -> _Piece | None:
        k = bisect_right(self._starts, offset) - 1
        return self._pieces[k] if k >= 0 else None

    def start(self, offset: int) -> int:
        """The original offset of the clean character at offset."""
        if not self._pieces:
            return offset
        piece = self._piece(offset)
        if piece is None:
            return offset
        return piece.os if offset < piece.ce else offset + piece.oe - piece.ce

    def end(self, offset: int) -> int:
        """The original offset just after the clean character before offset."""
        if not self._pieces or offset <= 0:
            return offset
        piece = self._piece(offset - 1)
        if piece is None:
            return offset
        return piece.oe if offset - 1 < piece.ce else offset + piece.oe - piece.ce

    def span(self, span: Span) -> Span:
        """The span of the original text that the clean span was read from."""
        if not self._pieces or span.end <= span.start:
            return span
        return Span(self.start(span.start), self.end(span.end))
