"""Speech-act rules: find what each sentence, clause or bullet says (calls on, urges, calls for,
demands, notes, deplores, condemns, welcomes, must ...), its addressees and its actions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reskg.ingest.actions import ActionReader
from reskg.ingest.gazetteer import ACTOR_KINDS, Gazetteer
from reskg.ingest.lexicon import CLASS_OF_TOP, alternation, forms_by_act
from reskg.ingest.model import Entity, Mention, Span, Statement
from reskg.ingest.sentences import trim

SUBJECT = (
    r"(?:[Tt]he European Parliament|[Tt]he Parliament|Parliament|Members|MEPs|It|it|They|"
    r"they|[Tt]he resolution|[Tt]he text|[Tt]he House)"
)
ADVERBS = (
    r"(?:(?:also|further|furthermore|strongly|firmly|once again|again|therefore|"
    r"particularly|in particular|deeply|profoundly|resolutely|finally|lastly|moreover|"
    r"however|repeatedly|urgently|explicitly|equally|specifically|in this context)\s*,?\s+)*"
)
# Finite forms that open a new demand even after a bare 'and' ('... and calls on the Commission').
DEMAND_OPENERS = r"calls on|calls upon|calls for|urges|asks|invites|requests|demands|insists"
PASSIVE_VERBS = r"urged|called on|called upon|asked|invited|requested|encouraged|requested"
_CONTENT = re.compile(r"[A-Za-z]{3,}")
_FILLER = re.compile(
    r"\b(?:the|a|an|and|on|in particular|particular|all|of|for|to|its|their)\b", re.IGNORECASE
)


@dataclass
class Clause:
    """A piece of a sentence that carries one speech act."""

    span: Span
    act: str | None
    verb_end: int = 0
    subject: Span | None = None
    passive: bool = False
    modal: bool = False
    head: bool = False  # the span up to verb_end is 'Parliament called on': not a citation


class StatementReader:
    """Applies the rules to units of text; keeps the context a summary relies on (the previous
    demand's addressees, the previous observation)."""

    def __init__(
        self,
        text: str,
        gazetteer: Gazetteer,
        speech_labels: dict[str, str],
        speech_broader: dict[str, str],
        actions: ActionReader,
    ):
        self.text = text
        self.gazetteer = gazetteer
        self.forms = forms_by_act(speech_labels)
        self.broader = speech_broader
        self.actions = actions
        verbs = alternation(self.forms)
        participles = alternation(f for f in self.forms if f.split()[0].endswith("ing"))
        self._after_subject = re.compile(rf"\b{SUBJECT}\s+{ADVERBS}(?P<verb>{verbs})\b")
        self._leading = re.compile(rf"(?:and\s+)?{ADVERBS}(?P<verb>{verbs})\b", re.IGNORECASE)
        self._passive = re.compile(
            rf"(?P<subj>[^;:]+?)\s+(?:is|are|was|were)\s+{ADVERBS}"
            rf"(?P<verb>{PASSIVE_VERBS})\s+to\b"
        )
        self._modal = re.compile(
            r"(?P<subj>[^,;:]+?)\s+(?:must|should)\s+(?:also\s+|now\s+)?"
            r"(?=[a-z])"
        )
        self._opener = re.compile(
            rf"(?:Whilst|While|Although|Also)\s+(?:also\s+)?"
            rf"(?P<verb>{participles or 'x^'})\b"
        )
        self._opener_end = re.compile(rf",\s+(?={SUBJECT}\b)")
        self._split = re.compile(
            rf"\s*;\s+(?=(?:and\s+)?{ADVERBS}(?:{verbs})\b)|"
            rf",\s+and\s+(?={ADVERBS}(?:{verbs})\b)|"
            rf"\s+and\s*,?\s+(?={ADVERBS}(?:{DEMAND_OPENERS})\b)"
        )
        self.last_addressees: list[Entity] = []
        self.last_kind: str | None = None
        self.last_act: str | None = None

    # --- units -> clauses ----------------------------------------------------------------------

    def clauses(self, unit: Span) -> list[Clause]:
        text = self.text
        out: list[Clause] = []
        start = unit.start
        opener = self._opener.match(text, unit.start, unit.end)
        if opener:
            end = self._opener_end.search(text, opener.end(), unit.end)
            if end:
                act = self.forms.get(re.sub(r"\s+", " ", opener.group("verb").lower()))
                out.append(Clause(Span(unit.start, end.start()), act, opener.end()))
                start = end.end()
        pieces: list[Span] = []
        for m in self._split.finditer(text, start, unit.end):
            pieces.append(Span(start, m.start() + (text[m.start()] == ";")))
            start = m.end()
        pieces.append(Span(start, unit.end))
        for piece in pieces:
            piece = trim(text, piece, " \t")
            if piece.end > piece.start:
                out.append(self._classify(piece))
        return out

    def _act_of(self, verb: str) -> str | None:
        return self.forms.get(re.sub(r"\s+", " ", verb.lower()))

    def _classify(self, span: Span) -> Clause:
        text = self.text
        m = self._passive.match(text, span.start, span.end)
        if (
            m
            and len(m.group("subj").split()) <= 12
            and not self._after_subject.match(text, span.start, m.end())
        ):
            return Clause(
                span,
                self._act_of(m.group("verb")),
                m.end(),
                Span(m.start("subj"), m.end("subj")),
                passive=True,
            )
        m = self._after_subject.search(text, span.start, span.end)
        if m:
            return Clause(span, self._act_of(m.group("verb")), m.end(), head=True)
        m = self._leading.match(text, span.start, span.end)
        if m:
            return Clause(span, self._act_of(m.group("verb")), m.end())
        m = self._modal.match(text, span.start, span.end)
        if m and self._actors(Span(m.start("subj"), m.end("subj"))):
            return Clause(
                span, "demands", m.end(), Span(m.start("subj"), m.end("subj")), modal=True
            )
        return Clause(span, None)

    # --- clauses -> statements -----------------------------------------------------------------

    def _actors(self, span: Span) -> list[Mention]:
        return [
            m
            for m in self.gazetteer.find(self.text, span.start, span.end)
            if m.entity.kind in ACTOR_KINDS
        ]

    def kind_of(self, act: str) -> str:
        top = act
        while top in self.broader:
            top = self.broader[top]
        return CLASS_OF_TOP.get(top, "Observation")

    def statement(
        self,
        clause: Clause,
        same_line_as_last: bool,
        lead_in: tuple[str, list[Entity], Span] | None = None,
    ) -> Statement | None:
        """The statement a clause makes, or None if it makes none the rules recognise."""
        act, confidence, notes = clause.act, 1.0, []
        if lead_in is not None:
            act = lead_in[0]
        if act is None:
            if same_line_as_last and self.last_kind == "Observation" and self.last_act:
                act, confidence = self.last_act, 0.7
                notes.append(
                    "No speech verb of its own: read as continuing the observation before it."
                )
            else:
                return None
        kind = self.kind_of(act)
        statement = Statement(clause.span, kind, act, confidence=confidence, notes=notes)
        if clause.head or (
            clause.verb_end and lead_in is None and not clause.passive and not clause.modal
        ):
            statement.head_end = clause.verb_end
        if lead_in is not None:
            statement.addressees = list(lead_in[1])
            statement.list_lead_in = lead_in[2]
            body = trim(self.text, Span(clause.verb_end, clause.span.end), " \t;.,:")
            statement.actions = self.actions.verbal(self.text, body)
            if not statement.addressees:
                self._fallback_addressee(statement)
        elif kind == "Demand":
            self._demand(clause, statement)
        self.last_kind, self.last_act = kind, act
        if kind == "Demand":
            self.last_addressees = list(statement.addressees)
        return statement

    def _demand(self, clause: Clause, statement: Statement) -> None:
        text, span = self.text, clause.span
        region = Span(clause.verb_end, trim(text, span, " \t.;:").end)
        if clause.passive or clause.modal:
            assert clause.subject is not None
            statement.addressees = self._unique(m.entity for m in self._actors(clause.subject))
            if not statement.addressees:
                self._mint_addressee(clause.subject, statement)
            statement.actions = self.actions.verbal(text, trim(text, region))
        else:
            boundary = self._to_verb(region)
            if boundary is not None:
                addr = Span(region.start, boundary[0])
                actors = self._actors(addr)
                statement.addressees = self._unique(m.entity for m in actors)
                nominal_end = actors[0].span.start if actors else None
                if nominal_end is not None:
                    prefix = text[addr.start : nominal_end]
                    if _CONTENT.search(_FILLER.sub(" ", prefix)):
                        cut = re.search(r",?\s+and\s*$|,\s*$", prefix)
                        end = addr.start + (cut.start() if cut else len(prefix))
                        statement.actions += self.actions.nominal(
                            text, trim(text, Span(addr.start, end))
                        )
                elif not statement.addressees:
                    self._mint_addressee(addr, statement)
                statement.actions += self.actions.verbal(
                    text, trim(text, Span(boundary[1], region.end))
                )
            else:
                that = re.match(
                    r"\s*,?\s*(?:[a-z]+\s*,\s*)?that\s+", text[region.start : region.end]
                )
                body = Span(region.start + (that.end() if that else 0), region.end)
                if not (that and self._that_clause(body, statement)):
                    statement.actions = self.actions.nominal(text, trim(text, body))
        if not statement.addressees:
            self._fallback_addressee(statement)
        if not statement.actions:
            statement.actions = self.actions.nominal(text, trim(text, region))
        for action in statement.actions:
            if not action.type_known:
                statement.confidence = min(statement.confidence, 0.8)
                statement.notes.append(
                    f"Action type '{action.action_type}' is not in the "
                    "action-type scheme: minted, to be checked."
                )

    def _that_clause(self, body: Span, statement: Statement) -> bool:
        """'demands that the X authorities (should) release ...': X is the addressee."""
        text = self.text
        actors = self._actors(body)
        if not actors or _CONTENT.search(_FILLER.sub(" ", text[body.start : actors[0].span.start])):
            return False
        rest = re.match(r"\s+(?:(?:should|must|shall)\s+)?", text[actors[0].span.end : body.end])
        start = actors[0].span.end + (rest.end() if rest else 0)
        if not self.actions.starts_with_verb(text[start : body.end]):
            return False
        statement.addressees = [actors[0].entity]
        statement.actions = self.actions.verbal(text, trim(text, Span(start, body.end)))
        return True

    def lead_in_addressees(self, clause: Clause) -> list[Entity]:
        """The addressees of a list lead-in ('The resolution urged the government of X to:')."""
        span = (
            clause.subject
            if (clause.passive or clause.modal) and clause.subject
            else Span(clause.verb_end, trim(self.text, clause.span, " \t:").end)
        )
        found = self._unique(m.entity for m in self._actors(span))
        if not found:
            words = re.sub(r"\s+to\s*$", "", self.text[span.start : span.end])
            entity = self.gazetteer.actor_from_words(words)
            found = [entity] if entity is not None else []
        return found

    def _to_verb(self, region: Span) -> tuple[int, int] | None:
        """Where the addressee ends and the actions begin: '... to <verb>' or '... to:'."""
        for m in re.finditer(r"\bto\s+|\bto:\s*$", self.text[region.start : region.end]):
            after = self.text[region.start + m.end() : region.end]
            if m.group(0).startswith("to:") or self.actions.starts_with_verb(after):
                return region.start + m.start(), region.start + m.end()
        return None

    def _mint_addressee(self, span: Span, statement: Statement) -> None:
        words = self.text[span.start : span.end]
        for part in re.split(r",?\s+and\s+(?=the\s|[A-Z])", words):
            entity = self.gazetteer.actor_from_words(part)
            if entity is not None:
                statement.addressees.append(entity)
                statement.notes.append(f"Addressee '{entity.label}' is not in the graph: minted.")
        if statement.addressees:
            statement.confidence = min(statement.confidence, 0.6)

    def _fallback_addressee(self, statement: Statement) -> None:
        if self.last_addressees:
            statement.addressees = list(self.last_addressees)
            source = "the demand before it"
        elif self.gazetteer.country is not None:
            statement.addressees = [self.gazetteer.government(self.gazetteer.country)]
            source = "the government of the country the resolution is about"
        else:
            eu = self.gazetteer.lookup("European Union", ACTOR_KINDS)
            statement.addressees = [eu] if eu else []
            source = "the European Union"
        statement.confidence = min(statement.confidence, 0.6)
        statement.notes.append(f"The text names no addressee: taken from {source}.")

    @staticmethod
    def _unique(entities: object) -> list[Entity]:
        seen: dict[str, Entity] = {}
        for e in entities:  # type: ignore[attr-defined]
            seen.setdefault(e.iri, e)
        return list(seen.values())
