"""Every competency question of queries/ has an answer on a generated corpus, for every one of
its resolutions: the bench times queries that find something, not empty joins over parts of
the model the generator left out (tabling groups, laws to change, agreements, dated events)."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pytest
from rdflib import URIRef

from reskg.config import Settings
from reskg.query import prepare
from reskg.store import load_store, query_rows

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))  # not queries/federated/
BASE = "https://w3id.org/reskg/"
EPG = f"<{BASE}id/org/ep-group/"
ELI_DL = "http://data.europa.eu/eli/eli-draft-legislation-ontology#"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    from make_corpus import make_corpus

    data = tmp_path_factory.mktemp("answers") / "data"
    slugs = make_corpus(5, data, seed=11, source=ROOT / "data")
    return data, slugs, load_store(Settings(base=BASE), data, "oxigraph")


def bound(path: Path, slug: str) -> str:
    return prepare(
        path.read_text(encoding="utf-8"), [("resolution", URIRef(f"{BASE}id/resolution/{slug}"))]
    ).text


def answered(rows: list) -> bool:
    return bool(rows) and rows != [("false",)]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_query_answers_on_a_generated_corpus(corpus, path):
    data, slugs, store = corpus
    sparql = path.read_text(encoding="utf-8")
    assert answered(query_rows(store, sparql))
    if "?resolution" not in sparql:
        return
    answering = [s for s in slugs if answered(query_rows(store, bound(path, s)))]
    if path.stem == "agreements-and-parties":
        # one resolution in three cites an agreement: the first, the fourth, ...
        assert answering == [slugs[0], slugs[3]]
        assert all("Agreement (" in (data / s / "source.txt").read_text() for s in answering)
    else:
        assert answering == slugs


def test_tabling_groups_are_the_groups_the_text_names(corpus):
    data, slugs, store = corpus
    acronyms = {"EPP": "epp", "S&D": "s-and-d", "ECR": "ecr", "ALDE": "alde", "EFD": "efdd"}
    acronyms |= {"Greens/EFA": "greens-efa", "GUE/NGL": "gue-ngl", "EFDD": "efdd", "ENF": "enf"}
    acronyms |= {"Renew": "renew", "ID": "id"}
    path = ROOT / "queries" / "tabling-groups.rq"
    for slug in slugs:
        text = (data / slug / "source.txt").read_text(encoding="utf-8")
        sentence = re.search(r"The resolution was tabled by the (.*) groups\.", text)
        assert sentence is not None
        named = re.split(r", and |, | and ", sentence.group(1))
        assert 2 <= len(named) <= 7
        rows = query_rows(store, bound(path, slug))
        assert sorted(row[1] for row in rows) == sorted(f"{EPG}{acronyms[a]}>" for a in named)


def test_timeline_holds_the_dated_events_and_the_adoption(corpus):
    data, slugs, store = corpus
    path = ROOT / "queries" / "timeline.rq"
    for slug in slugs:
        rows = query_rows(store, bound(path, slug))
        kinds = [row[4] for row in rows]
        assert kinds.count(f"<{BASE}ontology#Event>") >= 2
        assert kinds.count(f"<{ELI_DL}Activity>") == 1
        text = (data / slug / "source.txt").read_text(encoding="utf-8")
        for row in rows:  # each date is one the text gives: a year, a day, the adoption date
            date = row[1].split('"')[1]
            if len(date) == 4:
                assert f"in {date}" in text
            else:
                year, month, day = (int(x) for x in date.split("-"))
                assert (
                    f"on {day} {calendar.month_name[month]} {year}" in text
                    or f" - {day:02d}/{month:02d}/{year} - " in text
                )
