"""The 'tabled by' line: which political groups tabled the text, resolved to the EP group
nodes whatever acronym the parliamentary term used (EPP/PPE, Greens/EFA/Verts/ALE,
GUE/NGL/The Left...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reskg.ingest.gazetteer import Gazetteer
from reskg.ingest.model import Entity, Mention, Span
from reskg.ingest.sentences import MAX_UNIT, Line, sentences

TABLED = re.compile(r"\btabled\b[^.]*?\bby\b(?:\s+the)?\s+(?P<groups>.+?)\s+[Gg]roups?\b")
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


@dataclass
class Tabling:
    """The tabling sentence, the groups resolved and the names that could not be placed."""

    span: Span
    groups: list[Mention] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


def resolve_group(gazetteer: Gazetteer, name: str) -> Entity | None:
    """A political group by its acronym or name, whatever the term's spelling: 'GUE-NGL',
    'S&D Group', and compounds whose parts all name the same group ('GUE/NGL/The Left') at
    full confidence; a compound only partly known ('ALDE/ADLE') is flagged."""
    name = name.strip()
    bare = re.sub(r"\s+[Gg]roup$", "", name)
    for form in (name, bare, f"{bare} Group", name.replace("-", "/")):
        hit = gazetteer.lookup(form, {"ep-group"})
        if hit is not None:
            return hit
    parts = [p for p in re.split(r"\s*[/-]\s*", name) if p]
    hits: list[Entity] = []
    covered, i = True, 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            hit = gazetteer.lookup("/".join(parts[i:j]), {"ep-group"})
            if hit is not None:
                hits.append(hit)
                i = j
                break
        else:
            covered, i = False, i + 1
    if not hits:
        return None
    if covered and len({h.iri for h in hits}) == 1:
        return hits[0]
    hit = hits[0]
    return Entity(
        hit.iri, hit.kind, hit.label, confidence=0.8, note=f"group '{name}' read as {hit.label}"
    )


def read_tabling(text: str, lines: list[Line], gazetteer: Gazetteer) -> Tabling | None:
    """Find the 'tabled by ... groups' sentence among the first lines of the body."""
    for line in lines[:8]:
        for sentence in sentences(text, line.span):
            if sentence.end - sentence.start > MAX_UNIT:
                continue
            m = TABLED.search(text, sentence.start, sentence.end)
            if not m:
                continue
            tabling = Tabling(sentence)
            start = m.start("groups")
            pieces = [p for p in _SEPARATOR.split(m.group("groups")) if p]
            while pieces:
                piece = pieces.pop(0)
                offset = text.find(piece, start, m.end("groups"))
                if offset < 0:
                    continue
                entity = resolve_group(gazetteer, piece)
                if entity is None and pieces:  # a name with 'and' in it: Identity and Democracy
                    joined = text.find(pieces[0], offset + len(piece), m.end("groups"))
                    longer = text[offset : joined + len(pieces[0])] if joined >= 0 else ""
                    if longer and (found := resolve_group(gazetteer, longer)) is not None:
                        piece, entity = longer, found
                        pieces.pop(0)
                start = offset + len(piece)
                if entity is None:
                    tabling.unplaced.append(piece)
                elif all(g.entity.iri != entity.iri for g in tabling.groups):
                    tabling.groups.append(Mention(Span(offset, offset + len(piece)), entity))
            return tabling
    return None
