"""Split the wording of what a demand asks for into separate actions, each with its span and
its action type (the concept of the action-type scheme named by its main verb)."""

from __future__ import annotations

import re

from reskg.ingest.lexicon import ACTION_VERBS, ADVERB
from reskg.ingest.model import Action, Span
from reskg.ingest.sentences import trim

_TAIL = re.compile(
    r",\s+(?:in accordance with|according to which|in line with|in compliance with|"
    r"with a view to|irrespective of|despite)\b"
)
# What the nouns of a nominal demand ("called for the immediate release of ...") ask for.
NOUN_TYPES = {
    "release": "release",
    "rehabilitation": "rehabilitate",
    "end": "end",
    "investigation": "investigate",
    "inquiry": "investigate",
    "moratorium": "place-moratorium",
    "abolition": "abolish",
    "repeal": "repeal",
    "review": "review",
    "suspension": "suspend",
    "ratification": "ratify",
    "implementation": "implement",
    "protection": "protect",
    "restoration": "restore",
    "withdrawal": "withdraw",
    "support": "support",
    "lifting": "lift",
    "cessation": "cease",
    "amendment": "amend",
    "revision": "amend",
    "dialogue": "engage",
    "disarmament": "disarm",
}
_NOMINAL_SPLIT = re.compile(
    r",?\s+and\s+(?:for\s+)?(?=(?:the\s+|an?\s+)?(?:immediate|full|"
    r"unconditional|prompt|thorough|independent|effective|urgent|swift)\b)"
    r"|,\s+and\s+for\s+"
)


def _verb_split(verbs: frozenset[str]) -> re.Pattern[str]:
    verb = "|".join(sorted(verbs, key=len, reverse=True))
    return re.compile(
        rf"(?:,\s*(?:and\s+)?(?:to\s+)?|\s+and\s+(?:to\s+)?|,\s+in order to\s+)"
        rf"(?={ADVERB}(?:{verb})\b)|,\s+as well as\s+"
    )


class ActionReader:
    """Reads actions with the verbs of the action-type scheme plus common action verbs."""

    def __init__(self, type_labels: dict[str, str]):
        self.type_labels = type_labels  # lower-case label -> local name
        first_words = {label.split()[0] for label in type_labels}
        self.verbs = frozenset(ACTION_VERBS | first_words)
        self._split = _verb_split(self.verbs)
        self._multi = sorted((lbl for lbl in type_labels if " " in lbl), key=len, reverse=True)

    def starts_with_verb(self, words: str) -> bool:
        m = re.match(rf"{ADVERB}([a-z-]+)", words)
        return bool(m) and m.group(1) in self.verbs

    def verbal(self, text: str, span: Span) -> list[Action]:
        """'end X, cease Y and allow Z' -> three actions."""
        tail = _TAIL.search(text, span.start, span.end)
        end = tail.start() if tail else span.end
        pieces: list[Span] = []
        start = span.start
        for m in self._split.finditer(text, span.start, end):
            pieces.append(Span(start, m.start()))
            start = m.end()
        pieces.append(Span(start, end))
        actions: list[Action] = []
        for piece in pieces:
            piece = trim(text, piece, " \t,;:.")
            if piece.end <= piece.start:
                continue
            words = text[piece.start : piece.end]
            local, known = self.action_type(words)
            if not self.starts_with_verb(words) and actions:
                local, known = actions[-1].action_type, actions[-1].type_known
            actions.append(Action(piece, words, local, known))
        return actions

    def nominal(self, text: str, span: Span) -> list[Action]:
        """'the full rehabilitation and immediate release of ...' -> two actions."""
        pieces: list[Span] = []
        start = span.start
        for m in _NOMINAL_SPLIT.finditer(text, span.start, span.end):
            pieces.append(Span(start, m.start()))
            start = m.end()
        pieces.append(Span(start, span.end))
        actions = []
        for piece in pieces:
            piece = trim(text, piece, " \t,;:.")
            if piece.end <= piece.start:
                continue
            words = text[piece.start : piece.end]
            local, known = self.noun_type(words)
            actions.append(Action(piece, words, local, known))
        return actions

    def action_type(self, words: str) -> tuple[str, bool]:
        """The action type named by the leading verb; (slug of the verb, False) if unknown."""
        lower = re.sub(r"\s+", " ", words.lower())
        lower = re.sub(rf"^{ADVERB}", "", lower)
        m = re.match(
            r"take (?:all |the |any )?(?:necessary |appropriate |urgent |concrete )?"
            r"(?:steps|action|measures) to (?:[a-z]+ly )?([a-z-]+)",
            lower,
        )
        if m and m.group(1) in self.type_labels:
            return self.type_labels[m.group(1)], True
        for label in self._multi:
            head, *rest = label.split()
            if lower.startswith(label) or (
                lower.split(" ")[0] == head
                and rest
                and all(w in lower.split()[:6] for w in rest if w not in ("a", "an", "to"))
            ):
                return self.type_labels[label], True
        verb = lower.split(" ")[0] if lower else ""
        if verb in self.type_labels:
            return self.type_labels[verb], True
        return (verb if re.fullmatch(r"[a-z][a-z-]{1,30}", verb) else "unspecified"), False

    def noun_type(self, words: str) -> tuple[str, bool]:
        for word in re.findall(r"[a-z]+", words.lower())[:5]:
            if word in NOUN_TYPES:
                local = NOUN_TYPES[word]
                return local, local in self.type_labels.values()
        m = re.search(r"\b(?:be|is|are)\s+([a-z]+?)(?:ed|d)\b", words.lower())
        if m:
            for cand in (m.group(1), m.group(1) + "e"):
                if cand in self.type_labels:
                    return self.type_labels[cand], True
        return "unspecified", False
