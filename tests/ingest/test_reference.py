"""Ingesting the reference summary gives the same answers as the curated graph. Expected values
are read by hand from data/2019-2610-RSP/source.txt."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from reskg.ingest.scoring import graph_facts
from reskg.namespaces import ELI, ELI_DL

BASE = "https://w3id.org/reskg/"
SLUG = "2019-2610-RSP"


def iri(relative: str) -> URIRef:
    return URIRef(BASE + relative)


def test_the_ingested_reference_passes_the_shapes(
    reference_result, reference_text, validate_ingested
):
    report, _ = validate_ingested([(reference_result, reference_text)])
    assert report.conforms, report.as_text()


def test_the_seven_tabling_groups_resolve_to_the_ep_group_nodes(reference_result):
    g = reference_result.graph
    groups = set(g.objects(iri(f"id/activity/{SLUG}/tabling"), PROV.wasAssociatedWith))
    assert groups == {
        iri(f"id/org/ep-group/{x}")
        for x in ("epp", "s-and-d", "ecr", "alde", "greens-efa", "gue-ngl", "efdd")
    }


def test_header_gives_procedure_date_and_stage(reference_result):
    g = reference_result.graph
    assert (iri(f"id/procedure/{SLUG}"), DCTERMS.identifier, Literal("2019/2610(RSP)")) in g
    assert (
        iri(f"id/resolution/{SLUG}"),
        ELI.date_document,
        Literal("2019-03-14", datatype=XSD.date),
    ) in g
    assert (
        iri(f"id/procedure/{SLUG}"),
        ELI_DL.current_stage,
        iri("id/stage/text-adopted-single-reading"),
    ) in g
    assert (iri(f"id/resolution/{SLUG}"), DCTERMS.spatial, iri("id/country/kazakhstan")) in g


def test_addressees_of_the_demands_are_those_of_the_text(reference_result, knowledge):
    facts = graph_facts(reference_result.graph + knowledge.graph, BASE, SLUG)
    text = reference_result.extraction.text
    by_opening = {
        text[s.start : s.start + 30]: a for s, kind, a in facts.statements if kind == "Demand"
    }
    assert by_opening["Parliament called on the Kazak"] == {"id/org/authorities-of-kazakhstan"}
    assert by_opening["Members called for the full re"] == {"id/org/government-of-kazakhstan"}
    assert by_opening["Parliament called for the EU, "] == {"id/org/european-union", "id/org/eeas"}
    assert by_opening["EEAS was particularly urged to"] == {"id/org/eeas"}
    assert by_opening["The EU Delegation in Astana mu"] == {"id/org/eu-delegation-kazakhstan"}
    assert by_opening["-guarantee that the LGBTI comm"] == {"id/org/government-of-kazakhstan"}
    assert by_opening["Lastly, Parliament called on K"] == {"id/country/kazakhstan"}
    assert by_opening["urges the Kazakh authorities t"] == {"id/org/authorities-of-kazakhstan"}
    assert len(by_opening) == 16


def test_statement_counts_by_class(reference_result):
    g = reference_result.graph
    count = lambda cls: len(set(g.subjects(RDF.type, iri(f"ontology#{cls}"))))  # noqa: E731
    assert (count("Demand"), count("Observation"), count("Welcome")) == (16, 3, 1)


def test_dated_events_and_provisions(reference_result, knowledge):
    facts = graph_facts(reference_result.graph + knowledge.graph, BASE, SLUG)
    assert facts.dated_events == {"2018-03-13", "2016-03-20", "2015"}
    assert facts.provisions == {
        "id/agreement/eu-kazakhstan-epca",
        "id/law/kz-criminal-code/article-174",
        "id/law/kz-criminal-code/article-274",
        "id/law/kz-criminal-code/criminal-libel-articles",
        "id/law/kz-law-on-public-association",
        "id/law/kz-media-and-information-law-amendments",
        "id/law/kz-ngo-legislation",
    }


def test_the_eight_bullets_are_linked_to_their_lead_in(reference_result):
    from reskg.namespaces import OA

    g = reference_result.graph
    lead_in = iri(f"id/annotation/{SLUG}/list-lead-in")
    bodies = set(g.objects(lead_in, OA.hasBody))
    assert bodies == {iri(f"id/demand/{SLUG}/{n}") for n in range(6, 14)}


def test_the_list_bullet_splits_into_its_actions(reference_result):
    from rdflib.namespace import RDFS

    g = reference_result.graph
    actions = sorted(g.objects(iri(f"id/demand/{SLUG}/9"), iri("ontology#requestsAction")))
    labels = [str(g.value(a, RDFS.label)) for a in actions]
    assert len(labels) == 6
    assert labels[1] == "place a moratorium on criminal libel"
    types = {str(g.value(a, iri("ontology#actionType"))).rsplit("/", 1)[-1] for a in actions}
    assert types == {"review", "place-moratorium", "repeal", "establish", "end", "cease"}
