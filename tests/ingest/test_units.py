"""The single jobs of the ingest: dates, segmentation, gazetteer, tabling, actions."""

from __future__ import annotations

import pytest

from reskg.ingest.actions import ActionReader
from reskg.ingest.dates import find_dates, parse_numeric
from reskg.ingest.model import Span
from reskg.ingest.sentences import bullet_body, lines, sentences
from reskg.ingest.slug import procedure_slug, slugify
from reskg.ingest.tabling import resolve_group


@pytest.mark.parametrize(
    ("text", "value", "datatype"),
    [
        ("on 13 March 2018 the authorities", "2018-03-13", "date"),
        ("elections of March 2016 were", "2016-03", "gYearMonth"),
        ("signed in 2015 by the EU", "2015", "gYear"),
    ],
)
def test_dates_in_the_text_forms(text, value, datatype):
    (date,) = find_dates(text)
    assert (date.value, date.datatype) == (value, datatype)
    assert text[date.start : date.end].endswith(value[:4])


def test_numeric_header_date_and_impossible_dates():
    assert parse_numeric("14/03/2019") == "2019-03-14"
    assert parse_numeric("31/02/2019") is None
    assert find_dates("on 31 February 2019") == []


def test_sentences_and_bullets_keep_exact_offsets():
    text = (
        "Title\n\nIt noted the ban. It deplored arrests.\n\n  • drop all charges;\n-end the ban;\n"
    )
    found = lines(text)
    assert [text[s.start : s.end] for s in sentences(text, found[1].span)] == [
        "It noted the ban.",
        "It deplored arrests.",
    ]
    assert [line.bullet for line in found] == [False, False, True, True]
    assert text[bullet_body(text, found[2]).start : found[2].span.end] == "drop all charges;"
    assert text[bullet_body(text, found[3]).start : found[3].span.end] == "end the ban;"


def test_slugs():
    assert procedure_slug("2019/2610(RSP)") == "2019-2610-RSP"
    assert slugify("Government of Côte d’Ivoire") == "government-of-cote-d-ivoire"


def test_hidden_labels_and_misspellings_resolve(knowledge):
    g = knowledge.gazetteer()
    text = "the European External Action Service (EAAS) and supporters of DVK and the EEAZ"
    found = {text[m.span.start : m.span.end]: m.entity for m in g.find(text, 0, len(text))}
    assert found["European External Action Service"].iri == "id/org/eeas"
    assert found["EAAS"].iri == "id/org/eeas"
    assert found["supporters of DVK"].iri == "id/group/dck-supporters"
    assert found["EEAZ"].iri == "id/org/eeas" and found["EEAZ"].confidence < 1


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("EPP", "epp"),
        ("PPE", "epp"),
        ("EPP-ED", "epp"),
        ("S&D", "s-and-d"),
        ("ECR", "ecr"),
        ("ALDE", "alde"),
        ("Renew", "renew"),
        ("Renew Europe", "renew"),
        ("Greens/EFA", "greens-efa"),
        ("Verts/ALE", "greens-efa"),
        ("Greens/ALE", "greens-efa"),
        ("GUE/NGL", "gue-ngl"),
        ("The Left", "gue-ngl"),
        ("EFDD", "efdd"),
        ("ENF", "enf"),
        ("ID", "id"),
        ("NI", "ni"),
        ("GUE/NGL/The Left", "gue-ngl"),
        ("The Left - GUE/NGL", "gue-ngl"),
        ("GUE-NGL", "gue-ngl"),
        ("Identity and Democracy", "id"),
        ("S&D Group", "s-and-d"),
    ],
)
def test_ep_group_acronyms_of_every_term(knowledge, name, group):
    entity = resolve_group(knowledge.gazetteer(), name)
    assert entity is not None and entity.iri == f"id/org/ep-group/{group}"
    assert entity.confidence == 1.0  # every part names the same group: nothing to review


def test_a_compound_only_partly_known_is_flagged(knowledge):
    entity = resolve_group(knowledge.gazetteer(), "ALDE/XYZ")
    assert entity is not None and entity.iri == "id/org/ep-group/alde"
    assert entity.confidence < 1.0 and "ALDE/XYZ" in entity.note


def test_tabling_line_with_a_group_name_holding_and(knowledge):
    from reskg.ingest.tabling import read_tabling

    text = "The resolution was tabled by the Identity and Democracy, Renew Europe and NI groups."
    tabling = read_tabling(text, lines(text), knowledge.gazetteer())
    assert tabling is not None and tabling.unplaced == []
    assert [m.entity.iri.rsplit("/", 1)[-1] for m in tabling.groups] == ["id", "renew", "ni"]
    assert text[tabling.groups[0].span.start : tabling.groups[0].span.end] == (
        "Identity and Democracy"
    )


def test_unknown_countries_governments_are_minted_deterministically(knowledge):
    g = knowledge.gazetteer()
    g.set_country("Chad")
    text = "the Chadian authorities and the Government of Chad"
    iris = [m.entity.iri for m in g.find(text, 0, len(text))]
    assert iris == ["id/org/authorities-of-chad", "id/org/government-of-chad"]
    assert g.country is not None and g.country.iri == "id/country/chad"


def test_an_action_list_splits_on_its_verbs(knowledge):
    reader = ActionReader(knowledge.schemes["action-type"].labels)
    text = (
        "monitor closely developments, to raise concerns where necessary, to offer "
        "assistance, and to report regularly to Parliament"
    )
    actions = reader.verbal(text, Span(0, len(text)))
    assert [a.action_type for a in actions] == ["monitor", "raise", "offer", "report"]
    assert [text[a.span.start : a.span.end] for a in actions][1] == "raise concerns where necessary"


def test_unknown_verbs_are_flagged(knowledge):
    reader = ActionReader(knowledge.schemes["action-type"].labels)
    (action,) = reader.verbal("revoke the arrest warrant", Span(0, 25))
    assert (action.action_type, action.type_known) == ("revoke", False)


def test_listed_days_before_a_full_date_are_dates_too():
    text = "adopted on 23 and 28 December 2016, and on 2, 9 and 16 May 2020"
    assert [d.value for d in find_dates(text)] == [
        "2016-12-23",
        "2016-12-28",
        "2020-05-02",
        "2020-05-09",
        "2020-05-16",
    ]
    assert [d.value for d in find_dates("Articles 5 and 13 March 2018")] == ["2018-03-13"]
