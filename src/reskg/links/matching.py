"""How our nodes are compared with items of a target: normalised labels and class rules.

Class rules use Wikidata classes (values of wdt:P31) and DBpedia ontology classes (values of
rdf:type, which DBpedia asserts for every superclass too) without subclass reasoning: a class
that is incompatible with the kind of our node is a type disagreement (an organisation linked to a
human, a country to a city); a compatible one raises a suggestion's rank. A class only counts as
incompatible when no node of that kind can have it: dbo:Place and dbo:PopulatedPlace are
superclasses of both dbo:Country and dbo:City, so they contradict nothing.
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

# DBpedia ontology classes. Each was checked in the DBpedia ontology's class list as published in
# tpluscode/rdf-ns-builders packages/lib/vocabularies/dbo.ts (commit be12524, 2025-03-26): Person,
# Organisation, PoliticalParty, InternationalOrganisation, GovernmentAgency, Legislature, Country,
# City, Town, Village, Settlement, Place, PopulatedPlace, Event, Election, Treaty are there;
# there is no dbo:Agreement. The hierarchy (City/Town/Village < Settlement < PopulatedPlace <
# Place; Country < PopulatedPlace; PoliticalParty/Legislature/GovernmentAgency < Organisation;
# Election < Event) is as in a public code file extracted from mappings.dbpedia.org's ontology
# classes (2016-10), seen with the search tools; DBpedia asserts every superclass as rdf:type.
DBO = "http://dbpedia.org/ontology/"
DBO_PERSON = DBO + "Person"
DBO_ORGANISATION = DBO + "Organisation"
DBO_INTERNATIONAL_ORGANISATION = DBO + "InternationalOrganisation"
DBO_POLITICAL_PARTY = DBO + "PoliticalParty"
DBO_GOVERNMENT_AGENCY = DBO + "GovernmentAgency"
DBO_LEGISLATURE = DBO + "Legislature"
DBO_COUNTRY = DBO + "Country"
DBO_CITY = DBO + "City"
DBO_TOWN = DBO + "Town"
DBO_VILLAGE = DBO + "Village"
DBO_SETTLEMENT = DBO + "Settlement"
DBO_PLACE = DBO + "Place"
DBO_POPULATED_PLACE = DBO + "PopulatedPlace"
DBO_EVENT = DBO + "Event"
DBO_ELECTION = DBO + "Election"
DBO_TREATY = DBO + "Treaty"

PERSONS = {HUMAN, DBO_PERSON}
SETTLEMENTS = {CITY, BIG_CITY, CAPITAL, TOWN, SETTLEMENT} | {
    DBO_CITY,
    DBO_TOWN,
    DBO_VILLAGE,
    DBO_SETTLEMENT,
}
STATES = {COUNTRY, SOVEREIGN_STATE, DBO_COUNTRY}
ORGANISATIONS = {ORGANIZATION, INTERNATIONAL_ORGANIZATION, POLITICAL_PARTY} | {
    DBO_ORGANISATION,
    DBO_INTERNATIONAL_ORGANISATION,
    DBO_POLITICAL_PARTY,
    DBO_GOVERNMENT_AGENCY,
    DBO_LEGISLATURE,
}
EVENTS = {EVENT, ELECTION, DBO_EVENT, DBO_ELECTION}

# kind of our node -> (compatible classes, incompatible classes)
CLASS_RULES: dict[str, tuple[set[str], set[str]]] = {
    "actor": (ORGANISATIONS, PERSONS | SETTLEMENTS),
    "country": (STATES, PERSONS | SETTLEMENTS),
    "place": (SETTLEMENTS | {DBO_PLACE, DBO_POPULATED_PLACE}, PERSONS | STATES),
    "event": (EVENTS, PERSONS | SETTLEMENTS | STATES),
    "agreement": ({DBO_TREATY}, PERSONS | SETTLEMENTS | STATES),
    "document": (set(), PERSONS | SETTLEMENTS | STATES),
    "procedure": (set(), PERSONS | SETTLEMENTS | STATES),
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
