"""`reskg links check` against a real SPARQL endpoint on loopback."""

from __future__ import annotations

import json

WD = "http://www.wikidata.org/entity/"
BASE = "https://w3id.org/reskg/"
ID = BASE + "id/"

WRONG_LINKS = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wd: <http://www.wikidata.org/entity/> .

<id/linkset/test-wrong> a void:Linkset ;
    rdfs:label "Deliberately wrong links (test only)"@en ;
    void:linkPredicate owl:sameAs ;
    void:subjectsTarget <dataset> ;
    void:objectsTarget <id/external-dataset/wikidata> ;
    dcterms:provenance <id/link-provenance/seen-with-label> ;
    dcterms:source <https://example.org/test> .

<id/org/eeas> owl:sameAs wd:Q42 .
<id/place/astana> owl:sameAs wd:Q900001 .
<id/org/odihr> owl:sameAs wd:Q999999999 .
<id/country/kazakhstan> owl:sameAs wd:Q1520 .
"""


def _by_pair(report: dict) -> dict[tuple[str, str], dict]:
    return {
        (link["subject"][len(ID) :], link["object"][len(WD) :]): link for link in report["links"]
    }


def test_project_links_pass_against_the_fixture(endpoint, run_cli):
    code, out, _ = run_cli("links", "check", "--endpoint", endpoint.url, "--json")
    report = json.loads(out)
    assert code == 0
    pairs = _by_pair(report)
    assert set(pairs) == {
        ("country/kazakhstan", "Q232"),
        ("place/astana", "Q1520"),
        ("org/european-parliament", "Q8889"),
        ("org/european-union", "Q458"),
        ("org/eeas", "Q672941"),
        ("org/osce", "Q81299"),
        ("org/united-nations", "Q1065"),
        ("event/elections-2016", "Q23014128"),
        ("org/ep-group/s-and-d", "Q507343"),
    }
    assert all(link["status"] in ("ok", "warning") for link in report["links"])
    # "Elections in Kazakhstan of 20 March 2016" is not a label of the item: a warning only.
    assert pairs[("event/elections-2016", "Q23014128")]["status"] == "warning"
    assert pairs[("country/kazakhstan", "Q232")]["status"] == "ok"


def test_strict_makes_label_disagreement_fail(endpoint, run_cli):
    code, out, err = run_cli("links", "check", "--endpoint", endpoint.url, "--strict")
    assert code == 1
    assert "labels disagree" in out and "links check failed" in err


def test_wrong_redirected_and_missing_links_fail(endpoint, data_copy, run_cli):
    (data_copy / "links" / "test-wrong.ttl").write_text(WRONG_LINKS, encoding="utf-8")
    code, out, _ = run_cli(
        "links", "check", "--endpoint", endpoint.url, "--json", "--data", str(data_copy)
    )
    assert code == 1
    pairs = _by_pair(json.loads(out))
    human = pairs[("org/eeas", "Q42")]
    assert human["status"] == "fail"
    assert any("type" in p and WD + "Q5" in p for p in human["problems"])
    assert any("labels disagree" in p for p in human["problems"])
    redirected = pairs[("place/astana", "Q900001")]
    assert redirected["status"] == "fail"
    assert redirected["problems"][0] == f"redirected to {WD}Q1520"
    missing = pairs[("org/odihr", "Q999999999")]
    assert missing["status"] == "fail" and missing["problems"][0].startswith("missing")
    assert pairs[("place/astana", "Q1520")]["status"] == "ok"
    city = pairs[("country/kazakhstan", "Q1520")]  # a country linked to its capital
    assert city["status"] == "fail"
    assert city["problems"][0] == (
        f"type: our country is linked to an instance of {WD}Q5119, {WD}Q515"
    )


def test_the_table_names_the_failing_links_and_the_unlinked(endpoint, data_copy, run_cli):
    (data_copy / "links" / "test-wrong.ttl").write_text(WRONG_LINKS, encoding="utf-8")
    code, out, _ = run_cli("links", "check", "--endpoint", endpoint.url, "--data", str(data_copy))
    assert code == 1
    failing = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert len(failing) == 4
    assert any("org/eeas" in line and "Q42" in line for line in failing)
    assert "Unlinked (" in out and "org/dck (actor)" in out


def test_all_links_are_checked_in_one_batched_query(endpoint, run_cli):
    run_cli("links", "check", "--endpoint", endpoint.url)
    assert len(endpoint.requests) == 1
    assert "VALUES ?item" in endpoint.requests[0]["query"]
    assert endpoint.requests[0]["agent"].startswith("reskg/")


def test_a_link_without_a_linkset_is_reported_as_unsourced(data_copy, run_cli):
    orphan = "<id/org/dck> <http://www.w3.org/2002/07/owl#sameAs> <http://example.org/dck> .\n"
    (data_copy / "common" / "orphan.ttl").write_text(orphan, encoding="utf-8")
    code, out, _ = run_cli("links", "check", "--offline", "--json", "--data", str(data_copy))
    assert code == 1
    assert json.loads(out)["unsourced"] == [
        [BASE + "id/org/dck", "http://www.w3.org/2002/07/owl#sameAs", "http://example.org/dck"]
    ]


def test_a_node_without_link_or_unlinked_entry_is_reported(data_copy, run_cli):
    unlinked = data_copy / "links" / "unlinked.ttl"
    text = unlinked.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("kgo:dck ")]
    unlinked.write_text("\n".join(kept) + "\n", encoding="utf-8")
    code, out, _ = run_cli("links", "check", "--offline", "--json", "--data", str(data_copy))
    assert code == 1
    assert json.loads(out)["uncovered"] == [{"node": BASE + "id/org/dck", "kind": "actor"}]
