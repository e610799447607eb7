"""The reference graph answers, from the text, what a reader of the summary would answer.

Every expected value here was written by hand from data/2019-2610-RSP/source.txt.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from support import EEAS_ACTIONS

from reskg.namespaces import ELI, ELI_DL, OA

B = "https://w3id.org/reskg/"
R = "https://w3id.org/reskg/ontology#"
RES = URIRef(B + "id/resolution/2019-2610-RSP")
PROC = URIRef(B + "id/procedure/2019-2610-RSP")


def iri(path: str) -> URIRef:
    return URIRef(B + path)


def test_tabled_by_exactly_the_seven_groups(graph):
    tabling = iri("id/activity/2019-2610-RSP/tabling")
    groups = set(graph.objects(tabling, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")))
    expected = {
        iri(f"id/org/ep-group/{g}")
        for g in ("epp", "s-and-d", "ecr", "alde", "greens-efa", "gue-ngl", "efdd")
    }
    assert groups == expected
    acronyms = {str(a) for g in groups for a in graph.objects(g, SKOS.altLabel)}
    assert {"EPP", "S&D", "ECR", "ALDE", "Greens/EFA", "GUE/NGL", "EFDD"} <= acronyms
    participants = {
        graph.value(p, ELI_DL.had_participant_organization)
        for p in graph.objects(tabling, ELI_DL.had_participation)
    }
    assert participants == expected


def test_each_tabling_group_is_its_own_organisation(graph):
    org = URIRef("http://www.w3.org/ns/org#Organization")
    groups = list(
        graph.objects(
            iri("id/activity/2019-2610-RSP/tabling"),
            URIRef("http://www.w3.org/ns/prov#wasAssociatedWith"),
        )
    )
    assert len(groups) == 7
    assert all((g, RDF.type, org) in graph for g in groups)


def test_adopted_on_14_march_2019_by_parliament(graph):
    assert graph.value(RES, ELI.date_document) == Literal("2019-03-14", datatype=XSD.date)
    adoption = iri("id/activity/2019-2610-RSP/adoption")
    assert graph.value(adoption, ELI_DL.activity_date) == Literal("2019-03-14", datatype=XSD.date)
    assert graph.value(adoption, ELI_DL.had_responsible_organization) == iri(
        "id/org/european-parliament"
    )
    assert (PROC, ELI_DL.consists_of, adoption) in graph


def test_procedure_reference_type_and_stage(graph):
    assert graph.value(PROC, DCTERMS.identifier) == Literal("2019/2610(RSP)")
    assert graph.value(PROC, ELI_DL.process_type) == URIRef(
        "https://data.europarl.europa.eu/def/ep-procedure-types/RSP"
    )
    stage = graph.value(PROC, ELI_DL.current_stage)
    assert graph.value(stage, SKOS.prefLabel) == Literal(
        "Text adopted by Parliament, single reading", lang="en"
    )


def _actions_of(graph, addressee: URIRef) -> set[str]:
    demands = graph.subjects(URIRef(R + "addressee"), addressee)
    return {
        str(graph.value(a, RDFS.label))
        for d in demands
        for a in graph.objects(d, URIRef(R + "requestsAction"))
    }


def test_every_action_asked_of_the_eeas(graph):
    eeas = "id/org/eeas"
    assert len(ACTIONS_BY_ADDRESSEE[eeas]) == 7  # the hand-written table below
    assert _actions_of(graph, iri(eeas)) == ACTIONS_BY_ADDRESSEE[eeas]


def test_actions_asked_of_the_eu_delegation(graph):
    assert _actions_of(graph, iri("id/org/eu-delegation-kazakhstan")) == {
        "continue to play an active role in monitoring the situation",
        "raise the issue of freedom of expression in all relevant bilateral meetings",
    }


def test_articles_parliament_wants_amended(graph):
    amend = iri("id/action-type/amend")
    targets = {
        t
        for a in graph.subjects(URIRef(R + "actionType"), amend)
        for t in graph.objects(a, DCTERMS.references)
    }
    assert targets == {
        iri("id/law/kz-criminal-code/article-174"),
        iri("id/law/kz-criminal-code/article-274"),
    }
    code = iri("id/law/kz-criminal-code")
    for article, number in ((174, "174"), (274, "274")):
        node = iri(f"id/law/kz-criminal-code/article-{article}")
        assert graph.value(node, ELI.is_part_of) == code
        assert graph.value(node, ELI.number) == Literal(number)


def test_dated_events_in_date_order(graph):
    events = []
    for event in graph.subjects(RDF.type, URIRef(R + "Event")):
        date = graph.value(event, DCTERMS.date)
        if date is not None:
            events.append((str(date), event))
    assert [e for _, e in sorted(events)] == [
        iri("id/event/epca-signature"),  # 2015 (year only)
        iri("id/event/elections-2016"),  # 20 March 2016
        iri("id/event/dck-ban-2018"),  # 13 March 2018
    ]
    assert graph.value(iri("id/event/epca-signature"), DCTERMS.date) == Literal(
        "2015", datatype=XSD.gYear
    )
    assert graph.value(iri("id/event/dck-ban-2018"), DCTERMS.date) == Literal(
        "2018-03-13", datatype=XSD.date
    )
    assert graph.value(iri("id/event/zhanaozen-events"), DCTERMS.date) is None


def test_misspellings_lead_to_the_right_node(graph):
    def by_hidden_label(text: str) -> set:
        return set(graph.subjects(SKOS.hiddenLabel, Literal(text, lang="en")))

    assert by_hidden_label("EAAS") == {iri("id/org/eeas")}
    assert by_hidden_label("DVK") == {iri("id/org/dck")}
    assert by_hidden_label("Zhanaozhen") == {iri("id/place/zhanaozen")}
    assert by_hidden_label("Zhanaozhen events") == {iri("id/event/zhanaozen-events")}


def test_statement_counts_by_kind(graph):
    def count(cls: str) -> int:
        return len(set(graph.subjects(RDF.type, URIRef(R + cls))))

    assert count("Demand") == 16
    assert count("Observation") == 3  # "It noted ...", the 13 March 2018 ban, NGO legislation
    assert count("Welcome") == 1  # "welcoming the release of a number of political prisoners"
    assert count("Action") > 20


def test_addressees_of_the_demands(graph):
    addressees = set(graph.objects(None, URIRef(R + "addressee")))
    assert addressees == {
        iri("id/org/authorities-of-kazakhstan"),
        iri("id/org/government-of-kazakhstan"),
        iri("id/org/european-union"),
        iri("id/org/eeas"),
        iri("id/org/eu-delegation-kazakhstan"),
        iri("id/country/kazakhstan"),
    }


def test_state_is_kept_apart_from_government_and_people(graph):
    org = URIRef("http://www.w3.org/ns/org#Organization")
    formal = URIRef("http://www.w3.org/ns/org#FormalOrganization")
    group = URIRef("http://xmlns.com/foaf/0.1/Group")
    state = iri("id/country/kazakhstan")
    assert (state, RDF.type, URIRef("https://schema.org/Country")) in graph
    assert not {org, formal} & set(graph.objects(state, RDF.type))
    assert (iri("id/org/government-of-kazakhstan"), RDF.type, formal) in graph
    for people in ("political-prisoners", "journalists", "trade-union-leaders", "lgbti-community"):
        types = set(graph.objects(iri(f"id/group/{people}"), RDF.type))
        assert group in types and org not in types


def test_epca_is_an_agreement_between_eu_and_kazakhstan_signed_2015(graph):
    epca = iri("id/agreement/eu-kazakhstan-epca")
    assert (epca, RDF.type, URIRef(R + "Agreement")) in graph
    assert set(graph.objects(epca, URIRef(R + "party"))) == {
        iri("id/org/european-union"),
        iri("id/country/kazakhstan"),
    }
    assert graph.value(iri("id/event/epca-signature"), DCTERMS.subject) == epca


def test_every_statement_has_a_speech_act_from_our_scheme(graph):
    scheme = iri("id/scheme/speech-acts")
    statements = [
        s
        for cls in ("Demand", "Observation", "Welcome")
        for s in graph.subjects(RDF.type, URIRef(R + cls))
    ]
    acts = {graph.value(s, URIRef(R + "speechAct")) for s in statements}
    assert all((a, SKOS.inScheme, scheme) in graph for a in acts)
    assert {str(a).rsplit("/", 1)[1] for a in acts} == {
        "calls-on",
        "calls-for",
        "urges",
        "demands",
        "notes",
        "welcomes",
    }


def _annotations(graph):
    for ann in graph.subjects(RDF.type, OA.Annotation):
        target = graph.value(ann, OA.hasTarget)
        selectors = list(graph.objects(target, OA.hasSelector))
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        yield (
            ann,
            int(graph.value(pos, OA.start)),
            int(graph.value(pos, OA.end)),
            str(graph.value(quote, OA.exact)),
        )


def test_every_quote_matches_its_offsets(graph, source_text):
    checked = 0
    for ann, start, end, exact in _annotations(graph):
        assert source_text[start:end] == exact, ann
        checked += 1
    assert checked >= 60


def test_every_statement_and_action_is_anchored(graph):
    bodies = {
        b for ann in graph.subjects(RDF.type, OA.Annotation) for b in graph.objects(ann, OA.hasBody)
    }
    for cls in ("Demand", "Observation", "Welcome", "Action"):
        for node in graph.subjects(RDF.type, URIRef(R + cls)):
            assert node in bodies, node


def test_every_sentence_of_the_summary_is_represented(graph, source_text):
    """No word of the summary lies outside a statement, activity or list annotation."""
    covered = [False] * len(source_text)
    for ann, start, end, _ in _annotations(graph):
        if graph.value(ann, OA.motivatedBy) in (OA.describing, OA.linking):
            for i in range(start, end):
                covered[i] = True
    uncovered = [
        m.group() for m in re.finditer(r"\w+", source_text) if not all(covered[m.start() : m.end()])
    ]
    assert uncovered == []


def test_groups_of_people_affected_by_the_journalists_demand(graph):
    demand = iri("id/demand/2019-2610-RSP/9")  # the media bullet: "-review the amendments ..."
    assert str(graph.value(demand, RDFS.label)).startswith("Demand 9")
    assert iri("id/group/journalists") in set(graph.objects(demand, URIRef(R + "affects")))
    assert iri("id/law/kz-media-and-information-law-amendments") in set(
        graph.objects(demand, DCTERMS.references)
    )
    assert len(list(graph.objects(demand, URIRef(R + "requestsAction")))) == 6


def test_source_records_its_origin_and_reuse_notice(graph, source_text):
    src = iri("id/source/2019-2610-RSP")
    assert graph.value(src, DCTERMS.source) == URIRef(
        "https://oeil.europarl.europa.eu/oeil/en/document-summary?id=1578009"
    )
    assert "reproduction is authorised" in str(graph.value(src, DCTERMS.rights))
    assert str(graph.value(src, RDF.value)) == source_text


# Every action the summary asks for, by addressee, as the text words it (the quote of the
# action's anchor). Written by hand from source.txt; an action asked of two addressees (the EU
# and the EEAS) is listed under both.
ACTIONS_BY_ADDRESSEE = {
    "id/org/authorities-of-kazakhstan": {
        "put an end to human rights abuses and all forms of political repression",
        "avoid restricting the activity of independent candidates",
        "that citizens' electoral rights be respected",
    },
    "id/org/government-of-kazakhstan": {
        "the full rehabilitation",
        "immediate release of all activists and political prisoners currently in jail",
        "amend Article 174 of the Criminal Code on 'inciting social, national, clan, racial, "
        "class, or religious discord' by narrowing it to prevent arbitrary prosecutions that "
        "violate human rights norms",
        "as well as Article 274 of the Criminal Code, which broadly prohibits 'spreading "
        "information that is known to be false'",
        "release the activists, journalists and other critical individuals currently detained "
        "under those articles",
        "end the crackdown on independent trade unions",
        "lift restrictions on their activities",
        "cease politically motivated criminal prosecutions of trade union leaders",
        "allow them to resume their union activities without interference or harassment",
        "implement the recommendations of the UN Special Rapporteur on the rights of freedom of "
        "peaceful assembly and freedom of association",
        "review the Law on Public Association and the conditions for access to funding",
        "end all forms of arbitrary detention, reprisals and harassment against human rights "
        "activists, civil society organisations and political opposition movements, including "
        "against actual or perceived supporters of DVK",
        "review the amendments to the media and information law which entered into force this year",
        "place a moratorium on criminal libel",
        "take all necessary steps to repeal the relevant articles in the new Criminal Code "
        "relating to criminal libel",
        "establish a cap on civil defamation awards",
        "end the harassment and reprisals against journalists critical of the government",
        "cease blocking access to information both online and offline",
        "fulfil its pledges of zero tolerance for torture",
        "ensure that allegations of torture, including those made in the context of the "
        "Zhanaozhen events, are fully investigated",
        "combat all forms of violence against women",
        "take action to ensure effective and accessible reporting channels and protection "
        "measures that are sensitive to victims' needs and confidentiality",
        "put an end to impunity",
        "action to ensure appropriate criminal sanctions against perpetrators",
        "guarantee that the LGBTI community will not face any discrimination",
        "respect citizens' electoral rights",
        "avoid restricting the activity of independent candidates",
    },
    "id/org/european-union": {
        "monitor closely developments in Kazakhstan",
        "raise concerns with the Kazakh authorities where necessary",
        "offer assistance",
        "report regularly to Parliament",
    },
    "id/org/eeas": EEAS_ACTIONS,
    "id/org/eu-delegation-kazakhstan": {
        "continue to play an active role in monitoring the situation",
        "raise the issue of freedom of expression in all relevant bilateral meetings",
    },
    "id/country/kazakhstan": {
        "fully implement the recommendations of the OSCE/ODIHR international observation "
        "mission to the 20 March 2016 elections",
    },
}


def test_every_action_of_every_addressee_is_its_own_node(graph, source_text):
    quotes = {ann: exact for ann, _, _, exact in _annotations(graph)}
    quote_of = {}
    for ann, exact in quotes.items():
        for body in graph.objects(ann, OA.hasBody):
            if (body, RDF.type, URIRef(R + "Action")) in graph:
                quote_of[body] = exact
    got: dict[str, set[str]] = {}
    actions = set()
    for demand, addressee in graph.subject_objects(URIRef(R + "addressee")):
        for action in graph.objects(demand, URIRef(R + "requestsAction")):
            actions.add(action)
            got.setdefault(str(addressee).removeprefix(B), set()).add(quote_of[action])
    assert got == ACTIONS_BY_ADDRESSEE
    # 3 + 27 + 4 (EU and EEAS together) + 3 + 2 + 1 action nodes, each one its own node
    assert len(actions) == 40
    assert all(q in source_text for qs in ACTIONS_BY_ADDRESSEE.values() for q in qs)


# Nodes named, placed or related by facts the summary does not state; where each was read.
OUTSIDE_FACTS = {
    "id/org/osce": "https://www.osce.org/",  # "Organization for Security and Co-operation..."
    "id/org/odihr": "https://www.osce.org/odihr",  # "Office for Democratic Institutions ..."
    "id/place/zhanaozen": "https://en.wikipedia.org/wiki/Zhanaozen",  # the right spelling
    "id/org/ep-group/efdd": "https://en.wikipedia.org/wiki/Europe_of_Freedom_and_Direct_Democracy",
}


def test_outside_facts_are_marked_with_their_source(graph, source_text):
    """A name the summary does not give is marked with the page it was read from."""
    for node, page in OUTSIDE_FACTS.items():
        assert URIRef(page) in set(graph.objects(iri(node), DCTERMS.source)), node
    org = "http://www.w3.org/ns/org#"
    named = {
        URIRef(org + "Organization"),
        URIRef(org + "FormalOrganization"),
        URIRef(org + "OrganizationalUnit"),
        URIRef(org + "Post"),
        URIRef("https://schema.org/Country"),
        DCTERMS.Location,
    }
    summary = URIRef("https://oeil.europarl.europa.eu/oeil/en/document-summary?id=1578009")
    text = source_text.lower()
    unmarked = sorted(
        str(node)
        for cls in named
        for node in graph.subjects(RDF.type, cls)
        if str(graph.value(node, RDFS.label)).lower() not in text
        and not set(graph.objects(node, DCTERMS.source)) - {summary}
    )
    assert unmarked == []


def test_themes_are_a_concept_scheme_of_our_own_used_by_the_statements(graph):
    """The themes the issue names, as concepts of our scheme, each used by some statement."""
    scheme = iri("id/scheme/themes")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    expected = {
        "human rights": "human-rights",
        "political prisoners": "political-prisoners",
        "freedom of association": "freedom-of-association",
        "freedom of assembly": "freedom-of-assembly",
        "freedom of expression and of the media": "freedom-of-expression",
        "defamation": "defamation",
        "trade union rights": "trade-union-rights",
        "torture": "torture",
        "violence against women": "violence-against-women",
        "LGBTI rights": "lgbti-rights",
        "electoral rights": "electoral-rights",
        "right to a fair trial": "fair-trial",
        "civil society": "civil-society",
    }
    used = set(graph.objects(None, DCTERMS.subject))
    for label, slug in expected.items():
        theme = iri(f"id/theme/{slug}")
        assert graph.value(theme, SKOS.prefLabel) == Literal(label, lang="en")
        assert (theme, SKOS.inScheme, scheme) in graph
        assert theme in used, slug
    # the torture bullet, with the Zhanaozhen events
    assert set(graph.objects(iri("id/demand/2019-2610-RSP/10"), DCTERMS.subject)) == {
        iri("id/theme/torture")
    }
