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
    """A political group by its acronym or name, trying the parts of compound acronyms too."""
    name = name.strip()
    hit = gazetteer.lookup(name, {"ep-group"})
    if hit is not None:
        return hit
    for part in re.split(r"[/-]", name):
        if part and (hit := gazetteer.lookup(part, {"ep-group"})) is not None:
            return Entity(
                hit.iri,
                hit.kind,
                hit.label,
                confidence=0.8,
                note=f"group '{name}' read as {hit.label}",
            )
    return None


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
            for piece in _SEPARATOR.split(m.group("groups")):
                offset = text.find(piece, start, m.end("groups"))
                if not piece or offset < 0:
                    continue
                start = offset + len(piece)
                entity = resolve_group(gazetteer, piece)
                if entity is None:
                    tabling.unplaced.append(piece)
                elif all(g.entity.iri != entity.iri for g in tabling.groups):
                    tabling.groups.append(Mention(Span(offset, offset + len(piece)), entity))
            return tabling
    return None
