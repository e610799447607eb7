"""Read a whole summary: header, tabling, then every line, bullet and sentence of the body."""

from __future__ import annotations

from dataclasses import dataclass, field

from reskg.ingest.actions import ActionReader
from reskg.ingest.gazetteer import ACTOR_KINDS, LEGAL_KINDS, Gazetteer
from reskg.ingest.header import Header, read_header
from reskg.ingest.knowledge import Knowledge
from reskg.ingest.matching import MatchingText
from reskg.ingest.model import Entity, Mention, Span, Statement
from reskg.ingest.references import ReferenceReader
from reskg.ingest.sentences import MAX_UNIT, bullet_body, lines, sentences
from reskg.ingest.slug import procedure_slug
from reskg.ingest.statements import Clause, StatementReader
from reskg.ingest.tabling import Tabling, read_tabling

# What a sentence with no speech act still tells: the resolution cites it (dcterms:references).
CONTEXT_KINDS = {"event", *ACTOR_KINDS, *LEGAL_KINDS}


@dataclass
class Extraction:
    """Everything read from one summary, before it becomes RDF. Spans are offsets into ``text``,
    the matching text; ``source`` is the original and ``source_span`` maps a span onto it."""

    text: str
    header: Header
    slug: str
    tabling: Tabling | None
    statements: list[Statement]
    gazetteer: Gazetteer
    unplaced: list[tuple[Span, str]] = field(default_factory=list)
    lead_ins: list[tuple[Span, list[int]]] = field(default_factory=list)
    stage: str | None = None
    context: list[Mention] = field(default_factory=list)  # what sentences outside statements cite
    matching: MatchingText | None = None

    @property
    def source(self) -> str:
        """The original text: what positions and quotes refer to."""
        return self.matching.original if self.matching is not None else self.text

    def source_span(self, span: Span) -> Span:
        return self.matching.span(span) if self.matching is not None else span


def extract(text: str, knowledge: Knowledge, procedure: str | None = None) -> Extraction:
    """Apply every rule to the text (raises InputError if it has no recognisable header)."""
    matching = MatchingText(text)
    text = matching.text
    all_lines = lines(text)
    header = read_header(text, all_lines, procedure)
    slug = procedure_slug(header.reference)
    gazetteer = knowledge.gazetteer()
    if header.country_name:
        gazetteer.set_country(header.country_name)
    tabling = read_tabling(
        text, all_lines[header.body_start - 1 if header.body_start else 0 :], gazetteer
    )
    speech = knowledge.schemes["speech-act"]
    action_reader = ActionReader(knowledge.schemes["action-type"].labels)
    reader = StatementReader(text, gazetteer, speech.labels, speech.broader, action_reader)
    refs = ReferenceReader(text, gazetteer, slug, knowledge.schemes["theme"].labels)
    stage = knowledge.schemes["stage"].labels.get((header.stage or "").lower())
    result = Extraction(text, header, slug, tabling, [], gazetteer, stage=stage, matching=matching)
    if tabling is not None:
        result.unplaced += [(tabling.span, f"political group '{n}'") for n in tabling.unplaced]
    skip = [
        s
        for s in (
            header.adoption_span,
            tabling.span if tabling else None,
            header.header_span,
            header.title_span,
        )
        if s is not None
    ]
    lead_in: tuple[str, list[Entity], Span] | None = None
    lead_in_members: list[int] = []
    previous_line = -1
    too_long = f"longer than {MAX_UNIT:,} characters: not read"
    for line in all_lines[header.body_start :]:
        if line.bullet and lead_in is not None and line.span.end - line.span.start > MAX_UNIT:
            result.unplaced.append((line.span, too_long))
            continue
        if line.bullet and lead_in is not None:
            clause = Clause(line.span, lead_in[0], bullet_body(text, line).start)
            statement = reader.statement(clause, False, lead_in)
            if statement is not None and asks_nothing(statement):
                result.unplaced.append((line.span, NOTHING_ASKED))
            elif statement is not None:
                _finish(statement, refs, reader)
                lead_in_members.append(len(result.statements))
                result.statements.append(statement)
            continue
        if lead_in is not None:
            result.lead_ins.append((lead_in[2], lead_in_members))
            lead_in, lead_in_members = None, []
        units = [bullet_body(text, line)] if line.bullet else list(sentences(text, line.span))
        for unit in units:
            if any(s.overlaps(unit) for s in skip):
                continue
            if unit.end - unit.start > MAX_UNIT:
                result.unplaced.append((unit, too_long))
                continue
            for clause in reader.clauses(unit):
                if (
                    text[clause.span.start : clause.span.end].rstrip().endswith(":")
                    and clause.act is not None
                    and reader.kind_of(clause.act) == "Demand"
                ):
                    lead_in = (clause.act, reader.lead_in_addressees(clause), clause.span)
                    continue
                statement = reader.statement(clause, line.index == previous_line)
                if statement is None:
                    result.unplaced.append((clause.span, "no speech act recognised"))
                    result.context += [
                        m for m in refs.mentions(clause.span) if m.entity.kind in CONTEXT_KINDS
                    ]
                    continue
                if asks_nothing(statement):
                    result.unplaced.append((clause.span, NOTHING_ASKED))
                    continue
                if line.bullet and statement.confidence == 1.0 and clause.act is None:
                    statement.confidence = 0.7
                _finish(statement, refs, reader)
                result.statements.append(statement)
                previous_line = line.index
    if lead_in is not None:
        result.lead_ins.append((lead_in[2], lead_in_members))
    return result


NOTHING_ASKED = "a demand that names nothing asked for: not read"


def asks_nothing(statement: Statement) -> bool:
    """A demand in which no action was found (the text stops after "calls for", say): the
    shapes require an action, and none may be made up."""
    return statement.kind == "Demand" and not statement.actions


def _finish(statement: Statement, refs: ReferenceReader, reader: StatementReader) -> None:
    statement.mentions = refs.mentions(statement.span)
    statement.themes = refs.themes_of(statement.span)
    addressee_iris = {a.iri for a in statement.addressees}
    kept: list[Mention] = []
    for mention in statement.mentions:
        if mention.entity.iri in addressee_iris and mention.entity.kind in ACTOR_KINDS:
            continue
        if mention.span.end <= statement.head_end:
            continue
        kept.append(mention)
    statement.mentions = kept
    for action in statement.actions:
        action.references = [
            m.entity
            for m in kept
            if action.span.contains(m.span)
            and m.entity.kind in {"law", "provision", "agreement", "event", "post", "actor"}
        ]
    for entity in [*statement.addressees, *(m.entity for m in kept)]:
        if entity.confidence < 1.0 and entity.note:
            statement.confidence = min(statement.confidence, max(entity.confidence, 0.6))
            note = entity.note
            if note.startswith("date:"):
                note = f"The event of {note.rsplit(':', 1)[-1]} is not in the graph: minted."
            if note not in statement.notes:
                statement.notes.append(note)
    del reader
