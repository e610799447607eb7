"""Every competency question of queries/ answers as read by hand from the source text
(data/2019-2610-RSP/source.txt), on the local graph.

The expected values below were written from the OEIL summary, not captured from the queries:
who is called on, urged or asked to act, which actions, which groups tabled the motion, what
Parliament noted and welcomed, which dated events it cites.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from sparql_helpers import QUERIES, competency_questions, short, table
from support import BASE, EEAS_ACTIONS

from reskg.query import read_header

RES = "resolution/2019-2610-RSP"
GOV = "org/government-of-kazakhstan"
AUTH = "org/authorities-of-kazakhstan"
EU = "org/european-union"
EEAS = "org/eeas"
DELEGATION = "org/eu-delegation-kazakhstan"
KZ = "country/kazakhstan"


def demand(n: int) -> str:
    return f"demand/2019-2610-RSP/{n}"


# --- The files themselves ---------------------------------------------------------------------


def test_there_are_at_least_fifteen_competency_questions():
    assert len(competency_questions()) >= 15


@pytest.mark.parametrize("path", competency_questions(), ids=lambda p: p.stem)
def test_each_question_has_its_header(path):
    header = read_header(path.read_text(encoding="utf-8"))
    for key in ("title", "description", "returns"):
        assert header.get(key), f"{path.name} has no '# {key}:' line"


@pytest.mark.parametrize("path", competency_questions(), ids=lambda p: p.stem)
def test_no_question_hard_codes_a_resolution(path):
    text = path.read_text(encoding="utf-8")
    assert "2019-2610" not in text and "2019/2610" not in text


# --- Demands ------------------------------------------------------------------------------------

# demand number -> (addressees, speech act, kinds of the actions asked for, in text order)
DEMANDS = {
    1: ({AUTH}, "calls on", ["end"]),
    2: ({GOV}, "calls for", ["rehabilitate", "release", "amend", "amend", "release"]),
    3: ({EU, EEAS}, "calls for", ["monitor", "raise", "offer", "report"]),
    4: ({EEAS}, "urges", ["engage", "monitor", "verify"]),
    5: ({DELEGATION}, "demands", ["continue", "raise"]),
    6: ({GOV}, "urges", ["end", "lift", "cease", "allow"]),
    7: ({GOV}, "urges", ["implement", "review"]),
    8: ({GOV}, "urges", ["end"]),
    9: ({GOV}, "urges", ["review", "place a moratorium", "repeal", "establish", "end", "cease"]),
    10: ({GOV}, "urges", ["fulfil", "ensure"]),
    11: ({GOV}, "urges", ["combat", "ensure", "end", "ensure"]),
    12: ({GOV}, "urges", ["guarantee"]),
    13: ({GOV}, "urges", ["respect", "avoid"]),
    14: ({KZ}, "calls on", ["implement"]),
    15: ({AUTH}, "urges", ["avoid"]),
    16: ({AUTH}, "urges", ["respect"]),
}


def test_every_demand_with_its_addressees_and_actions(ask):
    rows = table(ask("demands"))
    assert {r["resolution"] for r in rows} == {RES}
    seen: dict[str, dict] = {}
    for row in rows:
        entry = seen.setdefault(row["demand"], {"addressees": set(), "actions": {}, "acts": set()})
        entry["addressees"].add(row["addressee"])
        entry["actions"][row["action"]] = row["actionType"]
        entry["acts"].add(row["speechAct"])
    assert set(seen) == {demand(n) for n in DEMANDS}
    for n, (addressees, act, kinds) in DEMANDS.items():
        got = seen[demand(n)]
        assert got["addressees"] == addressees, n
        assert got["acts"] == {act}, n
        ordered = [
            got["actions"][a]
            for a in sorted(got["actions"], key=lambda a: int(a.rsplit("-", 1)[1]))
        ]
        assert ordered == kinds, n
    # one row per (demand, addressee, action): demand 3 has 2 addressees x 4 actions
    assert len(rows) == sum(len(a) * len(k) for a, _, k in DEMANDS.values()) == 44
    # in the order of the source text
    order = list(dict.fromkeys(r["demand"] for r in rows))
    assert order == [demand(n) for n in range(1, 17)]


def test_demands_of_one_addressee_by_binding(ask, source_text):
    rows = table(ask("demands", addressee="kgo:eeas"))
    actions = {r["actionLabel"] for r in rows}
    assert actions == EEAS_ACTIONS
    assert all(a in source_text for a in actions)  # the EEAS's actions are verbatim wording
    assert {r["addressee"] for r in rows} == {EEAS}


def test_demands_counted_by_addressee(ask):
    rows = table(ask("demands-by-addressee"))
    got = {r["addressee"]: (r["demands"], r["actions"]) for r in rows}
    assert got == {
        GOV: (9, 27),
        AUTH: (3, 3),
        EU: (1, 4),
        EEAS: (2, 7),
        DELEGATION: (1, 2),
        KZ: (1, 1),
    }
    assert rows[0]["addressee"] == GOV
    assert {r["addresseeLabel"] for r in rows} == {
        "Government of Kazakhstan",
        "Kazakh authorities",
        "European Union",
        "European External Action Service",
        "EU Delegation in Astana",
        "Kazakhstan",
    }


def test_demands_by_theme(ask):
    rows = table(ask("demands-by-theme"))
    got = {r["theme"].removeprefix("theme/"): r["demands"] for r in rows}
    assert got == {
        "electoral-rights": 4,  # 13, 14, 15, 16
        "freedom-of-expression": 3,  # 2, 5, 9
        "eu-external-relations": 3,  # 3, 4, 5
        "human-rights": 2,  # 1, 3
        "arbitrary-detention": 2,  # 2, 8
        "civil-society": 2,  # 7, 8
        "political-repression": 1,
        "political-prisoners": 1,
        "fair-trial": 1,
        "trade-union-rights": 1,
        "freedom-of-assembly": 1,
        "freedom-of-association": 1,
        "human-rights-defenders": 1,
        "political-opposition": 1,
        "media-freedom": 1,
        "defamation": 1,
        "access-to-information": 1,
        "torture": 1,
        "violence-against-women": 1,
        "lgbti-rights": 1,
        "non-discrimination": 1,
    }
    broader = {r["theme"]: r["broaderTheme"] for r in rows}
    assert broader["theme/media-freedom"] == "theme/freedom-of-expression"
    assert broader["theme/electoral-rights"] == "theme/democracy"
    assert broader["theme/human-rights"] is None
    assert rows[0]["theme"] == "theme/electoral-rights"


def test_everything_asked_of_the_government_or_authorities_of_kazakhstan(ask):
    for result in (
        ask("asked-of-state-authorities"),
        ask("asked-of-state-authorities", country="kgc:kazakhstan"),
    ):
        rows = table(result)
        assert {r["country"] for r in rows} == {KZ}
        by_addressee = Counter(r["addressee"] for r in rows)
        assert by_addressee == {GOV: 27, AUTH: 3}
        demands = {r["addressee"]: set() for r in rows}
        for r in rows:
            demands[r["addressee"]].add(int(r["demand"].rsplit("/", 1)[1]))
        assert demands == {AUTH: {1, 15, 16}, GOV: {2, 6, 7, 8, 9, 10, 11, 12, 13}}
        # the state itself (demand 14) is not its government
        assert all(r["demand"] != demand(14) for r in rows)
    assert ask("asked-of-state-authorities", country="kgc:nowhere").rows == []


def test_legal_provisions_parliament_wants_changed(ask):
    rows = table(ask("provisions-to-change"))
    got = {(r["provision"], r["change"], r["action"].rsplit("/", 1)[1]) for r in rows}
    assert got == {
        ("law/kz-criminal-code/article-174", "amend", "2-3"),
        ("law/kz-criminal-code/article-274", "amend", "2-4"),
        ("law/kz-criminal-code/criminal-libel-articles", "repeal", "9-3"),
        ("law/kz-law-on-public-association", "review", "7-2"),
        ("law/kz-media-and-information-law-amendments", "review", "9-1"),
    }
    amended = {r["provisionLabel"] for r in rows if r["change"] == "amend"}
    assert amended == {
        "Article 174 of the Criminal Code of Kazakhstan",
        "Article 274 of the Criminal Code of Kazakhstan",
    }
    acts = {r["provision"]: r["act"] for r in rows}
    assert acts["law/kz-criminal-code/article-174"] == "law/kz-criminal-code"
    assert acts["law/kz-criminal-code/article-274"] == "law/kz-criminal-code"
    assert {r["demand"] for r in rows} == {demand(2), demand(7), demand(9)}


def test_timeline_of_dated_events(ask):
    rows = table(ask("timeline"))
    assert [(r["date"], r["item"], r["kind"]) for r in rows] == [
        ("2015", "event/epca-signature", "reskg:Event"),  # "EPCA signed in 2015"
        ("2016-03-20", "event/elections-2016", "reskg:Event"),  # "the 20 March 2016 elections"
        ("2018-03-13", "event/dck-ban-2018", "reskg:Event"),  # "on 13 March 2018 ... banned"
        (
            "2019-03-14",
            "activity/2019-2610-RSP/adoption",  # "2019/2610(RSP) - 14/03/2019"
            "http://data.europa.eu/eli/eli-draft-legislation-ontology#Activity",
        ),
    ]
    result = ask("timeline")
    dates = {str(r["item"]): r["date"] for r in result.rows}
    assert dates[BASE + "id/event/epca-signature"].datatype.endswith("#gYear")
    assert dates[BASE + "id/event/dck-ban-2018"].datatype.endswith("#date")


def test_tabling_groups(ask, graph):
    rows = table(ask("tabling-groups"))
    assert {r["group"] for r in rows} == {
        "org/ep-group/epp",
        "org/ep-group/s-and-d",
        "org/ep-group/ecr",
        "org/ep-group/alde",
        "org/ep-group/greens-efa",
        "org/ep-group/gue-ngl",
        "org/ep-group/efdd",
    }
    # "tabled by the EPP, S&D, ECR, ALDE, Greens/EFA, GUE/NGL, and EFDD groups"
    acronyms = set()
    for row in ask("tabling-groups").rows:
        acronyms |= {
            str(a)
            for a in graph.objects(
                row["group"], URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
            )
        }
    assert {"EPP", "S&D", "ECR", "ALDE", "Greens/EFA", "GUE/NGL", "EFDD"} <= acronyms
    assert len(rows) == 7


def test_what_parliament_noted_and_welcomed(ask):
    rows = table(ask("noted-and-welcomed"))
    assert [(r["statement"], r["type"], r["speechAct"]) for r in rows] == [
        ("observation/2019-2610-RSP/1", "reskg:Observation", "notes"),
        ("observation/2019-2610-RSP/2", "reskg:Observation", "notes"),
        ("observation/2019-2610-RSP/3", "reskg:Observation", "notes"),
        ("welcome/2019-2610-RSP/1", "reskg:Welcome", "welcomes"),
    ]
    quotes = [r["quote"] for r in rows]
    assert quotes[0].startswith(
        "It noted that the number of political prisoners in Kazakhstan has increased"
    )
    assert quotes[1].startswith("In addition, on 13 March 2018 the authorities banned")
    assert quotes[2].startswith("New NGO legislation has tightened accounting rules")
    assert quotes[3] == "Whilst welcoming the release of a number of political prisoners"


def test_each_statement_with_its_quoted_source_text(ask, source_text):
    rows = table(ask("statement-sources"))
    assert [
        r["statement"].split("/2019-2610-RSP/")[0] + str(r["statement"].rsplit("/", 1)[1])
        for r in rows
    ] == (
        ["demand1", "observation1", "observation2", "observation3", "welcome1"]
        + [f"demand{n}" for n in range(2, 17)]
    )
    for row in rows:
        assert source_text[row["start"] : row["end"]] == row["quote"], row["statement"]
        assert row["source"] == "source/2019-2610-RSP"
    quotes = {r["statement"]: r["quote"] for r in rows}
    assert quotes[demand(15)] == (
        "urges the Kazakh authorities to avoid restricting the activity of independent candidates;"
    )
    assert quotes[demand(16)] == "urges, furthermore, that citizens' electoral rights be respected."
    assert quotes[demand(5)].startswith(
        "The EU Delegation in Astana must continue to play an active role"
    )


ADDRESSEE = "reskg:addressee"
CITED = "http://purl.org/dc/terms/references"
AFFECTED = "reskg:affects"


def test_actors_and_their_roles(ask):
    rows = table(ask("actors-and-roles"))
    got = {(r["role"], r["actor"]): r["statements"] for r in rows}
    assert got == {
        (ADDRESSEE, GOV): 9,
        (ADDRESSEE, AUTH): 3,
        (ADDRESSEE, EEAS): 2,
        (ADDRESSEE, EU): 1,
        (ADDRESSEE, DELEGATION): 1,
        (ADDRESSEE, KZ): 1,
        # cited: "the EPCA ... signed in 2015 by the EU and Kazakhstan", "the authorities
        # banned", "grants received from international donors", "raise concerns with the Kazakh
        # authorities", "report regularly to Parliament", "the UN Special Rapporteur", "DVK",
        # "the OSCE/ODIHR international observation mission"
        (CITED, KZ): 3,
        (CITED, AUTH): 2,
        (CITED, EU): 1,
        (CITED, "group/international-donors"): 1,
        (CITED, "org/european-parliament"): 1,
        (CITED, "post/un-special-rapporteur-assembly-association"): 1,
        (CITED, "org/dck"): 1,
        (CITED, "org/odihr-eom-kazakhstan-2016"): 1,
        (CITED, "org/odihr"): 1,
        (CITED, "org/osce"): 1,
        # affected: the people and movements the statements are about
        (AFFECTED, "group/political-prisoners"): 3,
        (AFFECTED, "group/dck-supporters"): 2,
        (AFFECTED, "group/civil-society-organisations"): 2,
        (AFFECTED, "group/human-rights-activists"): 2,
        (AFFECTED, "group/journalists"): 2,
        (AFFECTED, "group/citizens"): 2,
        (AFFECTED, "group/independent-candidates"): 2,
        (AFFECTED, "org/dck"): 1,
        (AFFECTED, "group/civil-society-activists"): 1,
        (AFFECTED, "group/activists"): 1,
        (AFFECTED, "group/critical-individuals"): 1,
        (AFFECTED, "group/independent-trade-unions"): 1,
        (AFFECTED, "group/trade-union-leaders"): 1,
        (AFFECTED, "group/political-opposition-movements"): 1,
        (AFFECTED, "group/women"): 1,
        (AFFECTED, "group/victims-of-violence"): 1,
        (AFFECTED, "group/perpetrators-of-violence-against-women"): 1,
        (AFFECTED, "group/lgbti-community"): 1,
    }


def test_the_epca_and_its_parties(ask):
    rows = table(ask("agreements-and-parties"))
    assert {r["agreement"] for r in rows} == {"agreement/eu-kazakhstan-epca"}
    assert {r["party"] for r in rows} == {EU, KZ}  # "signed in 2015 by the EU and Kazakhstan"
    assert {(r["event"], r["eventDate"]) for r in rows} == {("event/epca-signature", "2015")}
    assert {r["agreementLabel"] for r in rows} == {
        "Enhanced Partnership and Cooperation Agreement between the EU and Kazakhstan"
    }


LINKS = (
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#exactMatch",
    "http://www.w3.org/2004/02/skos/core#closeMatch",
)


def test_entities_with_external_links(ask, graph):
    # The links themselves live in data/links/ and grow; every row must be one, and every such
    # triple of the graph must be a row.
    rows = table(ask("external-links"))
    in_graph = {
        (short(s), str(p), str(o)) for p in map(URIRef, LINKS) for s, o in graph.subject_objects(p)
    }
    assert {(r["entity"], r["link"], r["target"]) for r in rows} == in_graph
    for row in rows:
        assert row["link"] in LINKS
        assert not row["target"].startswith(BASE)
    # three identities of the reference table (external-ids.md), written here by hand
    wikidata = "http://www.wikidata.org/entity/"
    for entity, label, target in [
        (EEAS, "European External Action Service", wikidata + "Q672941"),
        (KZ, "Kazakhstan", wikidata + "Q232"),
        (
            "event/elections-2016",
            "Elections in Kazakhstan of 20 March 2016",
            wikidata + "Q23014128",
        ),
    ]:
        assert {"entity": entity, "label": label, "link": LINKS[0], "target": target} in rows
    # Two links of our own, written here, come out exactly so, with their labels.
    extra = Graph()
    extra += graph
    eeas = URIRef(BASE + "id/org/eeas")
    extra.add((eeas, URIRef(LINKS[0]), URIRef("http://example.org/eeas")))
    extra.add((URIRef(BASE + "id/theme/torture"), URIRef(LINKS[2]), URIRef("http://example.org/t")))
    got = table(ask("external-links", on=extra))
    assert {
        "entity": "org/eeas",
        "label": "European External Action Service",
        "link": LINKS[0],
        "target": "http://example.org/eeas",
    } in got
    assert {
        "entity": "theme/torture",
        "label": "torture",
        "link": LINKS[2],
        "target": "http://example.org/t",
    } in got
    only_same_as = table(ask("external-links", on=extra, link="owl:sameAs"))
    assert {r["link"] for r in only_same_as} == {LINKS[0]}


def test_statements_counted_by_type(ask):
    rows = table(ask("statement-types"))
    assert {r["type"]: r["statements"] for r in rows} == {
        "reskg:Demand": 16,
        "reskg:Observation": 3,
        "reskg:Welcome": 1,
    }
    assert rows[0]["type"] == "reskg:Demand"


def test_requested_actions_counted_by_kind(ask):
    rows = table(ask("actions-by-type"))
    got = {r["actionTypeLabel"]: (r["actions"], r["demands"]) for r in rows}
    assert got == {
        "end": (5, 5),  # 1, 6, 8, 9, 11
        "ensure": (3, 2),  # 10, 11 twice
        "release": (2, 1),  # 2 twice
        "amend": (2, 1),  # Articles 174 and 274
        "monitor": (2, 2),
        "raise": (2, 2),
        "cease": (2, 2),
        "implement": (2, 2),
        "review": (2, 2),
        "respect": (2, 2),
        "avoid": (2, 2),
        "rehabilitate": (1, 1),
        "offer": (1, 1),
        "report": (1, 1),
        "engage": (1, 1),
        "verify": (1, 1),
        "continue": (1, 1),
        "lift": (1, 1),
        "allow": (1, 1),
        "place a moratorium": (1, 1),
        "repeal": (1, 1),
        "establish": (1, 1),
        "fulfil": (1, 1),
        "combat": (1, 1),
        "guarantee": (1, 1),
    }
    assert sum(a for a, _ in got.values()) == 40


def test_resolutions_overview(ask):
    assert table(ask("resolutions")) == [
        {
            "resolution": RES,
            "title": "Resolution on the human rights situation in Kazakhstan",
            "procedure": "procedure/2019-2610-RSP",
            "reference": "2019/2610(RSP)",
            "adopted": "2019-03-14",
            "statements": 20,
        }
    ]


def test_readable_summary_graph(ask):
    summary = ask("resolution-summary").graph
    res = URIRef(BASE + "id/" + RES)
    dcterms = "http://purl.org/dc/terms/"
    reskg = BASE + "ontology#"

    def count(p):
        return len(list(summary.triples((None, URIRef(p), None))))

    assert summary.value(res, RDFS.label) == Literal(
        "Resolution on the human rights situation in Kazakhstan", lang="en"
    )
    assert count(dcterms + "contributor") == 7
    assert count(dcterms + "hasPart") == 20
    assert count(reskg + "addressee") == 17  # 16 demands, demand 3 has two addressees
    assert count(reskg + "requestsAction") == 40
    assert count(str(RDFS.comment)) == 20  # each statement's quote
    d3 = URIRef(BASE + "id/" + demand(3))
    assert set(summary.objects(d3, URIRef(reskg + "addressee"))) == {
        URIRef(BASE + "id/" + EU),
        URIRef(BASE + "id/" + EEAS),
    }
    assert summary.value(URIRef(BASE + "id/" + EEAS), RDFS.label) == Literal(
        "European External Action Service", lang="en"
    )
    # resolution: label, date, 7 contributors, 20 parts; 7 group labels; 20 statements x (type,
    # label, quote); 17 addressee and 40 action links; 6 addressee labels; 40 action labels
    assert len(summary) == 2 + 7 + 20 + 7 + 60 + 17 + 40 + 6 + 40
    bound = ask("resolution-summary", resolution=f"<{res}>").graph
    assert len(bound) == len(summary)
    assert len(ask("resolution-summary", resolution="res:no-such-resolution").graph) == 0


def test_sanity_check(ask, graph):
    assert ask("sanity-check").boolean is True
    assert ask("sanity-check", resolution="res:2019-2610-RSP").boolean is True
    assert ask("sanity-check", resolution="res:no-such-resolution").boolean is False

    no_addressee = Graph()
    no_addressee += graph
    no_addressee.remove(
        (URIRef(BASE + "id/" + demand(5)), URIRef(BASE + "ontology#addressee"), None)
    )
    assert ask("sanity-check", on=no_addressee).boolean is False

    wrong_quote = Graph()
    wrong_quote += graph
    quote = URIRef(BASE + "id/annotation/2019-2610-RSP/demand-15#quote")
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    wrong_quote.set((quote, exact, Literal("urges the Kazakh authorities to avoid restricting")))
    assert ask("sanity-check", on=wrong_quote).boolean is False


def test_every_question_is_covered_here():
    covered = {
        "demands",
        "demands-by-addressee",
        "demands-by-theme",
        "asked-of-state-authorities",
        "provisions-to-change",
        "timeline",
        "tabling-groups",
        "noted-and-welcomed",
        "statement-sources",
        "actors-and-roles",
        "agreements-and-parties",
        "external-links",
        "statement-types",
        "actions-by-type",
        "resolutions",
        "resolution-summary",
        "sanity-check",
    }
    assert {p.stem for p in QUERIES.glob("*.rq")} == covered
