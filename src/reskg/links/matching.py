"""How our nodes are compared with items of a target: normalised labels and class rules.

Class rules use Wikidata classes (values of wdt:P31) without subclass reasoning: a direct class
that is incompatible with the kind of our node is a type disagreement (an organisation linked to a
human, a country to a city); a compatible one raises a suggestion's rank.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

WD = "http://www.wikidata.org/entity/"

HUMAN = WD + "Q5"
CITY = WD + "Q515"
BIG_CITY = WD + "Q1549591"
CAPITAL = WD + "Q5119"
TOWN = WD + "Q3957"
SETTLEMENT = WD + "Q486972"
COUNTRY = WD + "Q6256"
SOVEREIGN_STATE = WD + "Q3624078"
ORGANIZATION = WD + "Q43229"
INTERNATIONAL_ORGANIZATION = WD + "Q484652"
POLITICAL_PARTY = WD + "Q7278"
EVENT = WD + "Q1656682"
ELECTION = WD + "Q40231"

SETTLEMENTS = {CITY, BIG_CITY, CAPITAL, TOWN, SETTLEMENT}
STATES = {COUNTRY, SOVEREIGN_STATE}

# kind of our node -> (compatible classes, incompatible classes)
CLASS_RULES: dict[str, tuple[set[str], set[str]]] = {
    "actor": ({ORGANIZATION, INTERNATIONAL_ORGANIZATION, POLITICAL_PARTY}, {HUMAN} | SETTLEMENTS),
    "country": (STATES, {HUMAN} | SETTLEMENTS),
    "place": (SETTLEMENTS, {HUMAN} | STATES),
    "event": ({EVENT, ELECTION}, {HUMAN} | SETTLEMENTS | STATES),
    "agreement": (set(), {HUMAN} | SETTLEMENTS | STATES),
    "document": (set(), {HUMAN} | SETTLEMENTS | STATES),
    "procedure": (set(), {HUMAN} | SETTLEMENTS | STATES),
}


def normalise(label: str) -> str:
    """Lower case, no accents, '&' as 'and', punctuation as space, single spaces."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[\W_]+", " ", text)
    text = re.sub(r"^the ", "", text.strip())
    return text.strip()


def labels_agree(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    """True when any of our labels equals any of theirs after normalisation."""
    mine = {normalise(label) for label in ours} - {""}
    return any(normalise(label) in mine for label in theirs)


def incompatible_classes(kind: str, classes: Iterable[str]) -> list[str]:
    """The classes of a target that contradict the kind of our node."""
    return sorted(set(classes) & CLASS_RULES.get(kind, (set(), set()))[1])


def compatible_classes(kind: str, classes: Iterable[str]) -> list[str]:
    """The classes of a target that fit the kind of our node."""
    return sorted(set(classes) & CLASS_RULES.get(kind, (set(), set()))[0])
