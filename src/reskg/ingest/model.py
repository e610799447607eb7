"""The plain data the ingest steps pass to each other: spans, mentions, statements, actions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A stretch of the source text: 0-based start, exclusive end, in characters."""

    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Entity:
    """Something the graph knows (or the ingest mints): its IRI, kind and label."""

    iri: str  # relative to the base IRI, e.g. "id/org/eeas"
    kind: str  # actor, country, post, place, group, law, provision, agreement, event, ep-group
    label: str
    minted: bool = False
    confidence: float = 1.0
    note: str = ""


@dataclass(frozen=True)
class Mention:
    """An entity named at a span of the text."""

    span: Span
    entity: Entity


@dataclass
class Action:
    """One action a demand asks for."""

    span: Span
    label: str
    action_type: str  # local name in the action-type scheme
    type_known: bool = True
    references: list[Entity] = field(default_factory=list)


@dataclass
class Statement:
    """One thing the resolution says."""

    span: Span
    kind: str  # Demand, Observation, Welcome, Condemnation
    speech_act: str  # local name in the speech-act scheme
    addressees: list[Entity] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)
    list_lead_in: Span | None = None
    head_end: int = 0  # end of 'Parliament called on': mentions before it are not citations

    @property
    def needs_review(self) -> bool:
        return self.confidence < 0.9
