"""`reskg links suggest`: candidates ranked with evidence; written only when accepted."""

from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, VOID
from support import ROOT

from reskg.links.client import SparqlClient
from reskg.links.suggest import suggest

WD = "http://www.wikidata.org/entity/"
ZHANAOZEN = URIRef("https://w3id.org/reskg/id/place/zhanaozen")
GOVERNMENT = URIRef("https://w3id.org/reskg/id/org/government-of-kazakhstan")


def _digest(folder) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_the_town_in_kazakhstan_ranks_first(endpoint, graph, settings):
    ranked = suggest(graph, settings, SparqlClient(endpoint.url, timeout=10))
    items = [str(c.item) for c in ranked[ZHANAOZEN]]
    # the town (label, town class, country Kazakhstan) before the namesake abroad and the event
    assert items == [WD + "Q900010", WD + "Q900011", WD + "Q900012"]
    best = ranked[ZHANAOZEN][0]
    assert best.description == "town in Mangystau Region, Kazakhstan"
    assert any("country" in line and WD + "Q232" in line for line in best.evidence)


def test_the_unlinked_actor_gets_the_organisation_first(endpoint, graph, settings):
    ranked = suggest(graph, settings, SparqlClient(endpoint.url, timeout=10))
    first, second = ranked[GOVERNMENT]
    # organisation: label (+3), class organisation (+2), country Kazakhstan (+1) = 6;
    # the category page: the same label (+3), nothing else = 3
    assert (str(first.item), first.score) == (WD + "Q900020", 6)
    assert (str(second.item), second.score) == (WD + "Q900021", 3)
    assert first.kind == "actor"
    assert f"class {WD}Q43229 fits an actor (+2)" in first.evidence
    assert f"country {WD}Q232 = our node's country (+1)" in first.evidence


def test_linked_nodes_get_no_suggestion(endpoint, graph, settings):
    ranked = suggest(graph, settings, SparqlClient(endpoint.url, timeout=10))
    assert URIRef("https://w3id.org/reskg/id/place/astana") not in ranked
    assert URIRef("https://w3id.org/reskg/id/org/dck") in ranked  # unlinked actor, no candidate
    assert ranked[URIRef("https://w3id.org/reskg/id/org/dck")] == []


def test_suggest_prints_evidence_and_changes_no_data(endpoint, run_cli):
    before = _digest(ROOT / "data")
    code, out, _ = run_cli("links", "suggest", "--endpoint", endpoint.url)
    assert code == 0
    assert "id/place/zhanaozen (place)" in out
    assert f"1. {WD}Q900010 score" in out
    assert "our label 'Zhanaozen' = their label" in out
    assert _digest(ROOT / "data") == before


def test_write_keeps_only_accepted_links(endpoint, tmp_path, run_cli, settings):
    target = tmp_path / "accepted.ttl"
    code, out, _ = run_cli("links", "suggest", "--endpoint", endpoint.url, "--write", str(target))
    assert code == 0 and "Wrote 2 accepted link(s)" in out
    written = Graph().parse(target, publicID=settings.base)
    links = set(written.subject_objects(OWL.sameAs))
    # the two unambiguous top candidates scoring 6 or more; not the runners-up
    assert links == {(ZHANAOZEN, URIRef(WD + "Q900010")), (GOVERNMENT, URIRef(WD + "Q900020"))}
    linkset = next(written.subjects(VOID.linkPredicate, OWL.sameAs))
    assert str(written.value(linkset, URIRef("http://purl.org/dc/terms/source"))) == endpoint.url


def test_explicit_accept_and_high_threshold(endpoint, tmp_path, run_cli, settings):
    target = tmp_path / "accepted.ttl"
    code, _, _ = run_cli(
        "links",
        "suggest",
        "--endpoint",
        endpoint.url,
        "--write",
        str(target),
        "--threshold",
        "99",
        "--accept",
        "id/event/zhanaozen-events=Q900012",
    )
    assert code == 0
    written = Graph().parse(target, publicID=settings.base)
    assert set(written.subject_objects(OWL.sameAs)) == {
        (URIRef(settings.base + "id/event/zhanaozen-events"), URIRef(WD + "Q900012"))
    }


def test_a_malformed_accept_is_refused(endpoint, run_cli):
    code, _, err = run_cli("links", "suggest", "--endpoint", endpoint.url, "--accept", "Q1")
    assert code == 2 and "NODE=ITEM" in err


def test_written_links_form_a_valid_sourced_linkset(endpoint, tmp_path, run_cli, graph, settings):
    from reskg.validate import load_shapes, validate_graph

    target = tmp_path / "accepted.ttl"
    run_cli("links", "suggest", "--endpoint", endpoint.url, "--write", str(target))
    written = Graph().parse(target, publicID=settings.base)
    linkset = URIRef(settings.base + "id/linkset/suggested")
    assert written.value(linkset, VOID.objectsTarget) == URIRef(
        settings.base + "id/external-dataset/wikidata"
    )
    report = validate_graph(Graph() + graph + written, load_shapes(settings))
    assert report.conforms, [v.message for v in report.violations]
