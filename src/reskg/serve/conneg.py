"""Content negotiation: pick one of the media types we offer from an Accept header (RFC 9110)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float

    def matches(self, media: str) -> int:
        """How specifically this range matches a media type: 2 exact, 1 type/*, 0 */*, -1 not."""
        main, _, sub = media.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == main and self.subtype == "*":
            return 1
        if self.type == main and self.subtype == sub:
            return 2
        return -1


def parse_accept(header: str | None) -> list[Range]:
    """The ranges of an Accept header; a missing header means */*; malformed q counts as 1."""
    if not header or not header.strip():
        return [Range("*", "*", 1.0)]
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append(Range(main.strip(), sub.strip(), q))
    return ranges


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers most (ties: our order), or None (406)."""
    ranges = parse_accept(header)
    best: tuple[float, int, str] | None = None
    for index, media in enumerate(offered):
        matched = [(r.matches(media), r.q) for r in ranges if r.matches(media) >= 0]
        if not matched:
            continue
        q = max(matched)[1]  # the most specific range decides
        if q <= 0:
            continue
        if best is None or (q, -index) > (best[0], best[1]):
            best = (q, -index, media)
    return best[2] if best else None
