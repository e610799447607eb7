"""`reskg links check` against a real SPARQL endpoint on loopback."""

from __future__ import annotations

import json

WD = "http://www.wikidata.org/entity/"
DBR = "http://dbpedia.org/resource/"
DBO = "http://dbpedia.org/ontology/"
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


WRONG_DBPEDIA_LINKS = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dbr: <http://dbpedia.org/resource/> .

<id/linkset/test-wrong-dbpedia> a void:Linkset ;
    rdfs:label "Deliberately wrong DBpedia links (test only)"@en ;
    void:linkPredicate owl:sameAs ;
    void:subjectsTarget <dataset> ;
    void:objectsTarget <id/external-dataset/dbpedia> ;
    dcterms:provenance <id/link-provenance/seen-with-label> ;
    dcterms:source <https://example.org/test> .

<id/org/eeas> owl:sameAs dbr:Invented_Person_900001 .
<id/org/odihr> owl:sameAs dbr:ODIHR .
<id/country/kazakhstan> owl:sameAs dbr:Astana .
<id/place/astana> owl:sameAs dbr:Only_Same_As_900002 .
"""


def _short(iri: str) -> str:
    for prefix in (ID, WD, DBR):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def _by_pair(report: dict) -> dict[tuple[str, str], dict]:
    return {(_short(link["subject"]), _short(link["object"])): link for link in report["links"]}


def _check(endpoint, dbpedia_endpoint, run_cli, *args: str) -> tuple[int, str, str]:
    return run_cli(
        "links",
        "check",
        "--endpoint",
        endpoint.url,
        "--target",
        f"dbpedia={dbpedia_endpoint.url}",
        *args,
    )


def test_project_links_pass_against_the_fixture(endpoint, dbpedia_endpoint, run_cli):
    code, out, _ = _check(endpoint, dbpedia_endpoint, run_cli, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["targets"] == {"dbpedia": dbpedia_endpoint.url, "wikidata": endpoint.url}
    pairs = _by_pair(report)
    assert {pair: link["target"] for pair, link in pairs.items()} == {
        ("country/kazakhstan", "Q232"): "wikidata",
        ("place/astana", "Q1520"): "wikidata",
        ("org/european-parliament", "Q8889"): "wikidata",
        ("org/european-union", "Q458"): "wikidata",
        ("org/eeas", "Q672941"): "wikidata",
        ("org/osce", "Q81299"): "wikidata",
        ("org/united-nations", "Q1065"): "wikidata",
        ("event/elections-2016", "Q23014128"): "wikidata",
        ("org/ep-group/s-and-d", "Q507343"): "wikidata",
        ("org/ep-group/efdd", "Europe_of_Freedom_and_Direct_Democracy"): "dbpedia",
        ("country/kazakhstan", "Kazakhstan"): "dbpedia",
        ("org/european-parliament", "European_Parliament"): "dbpedia",
        ("org/odihr", "Office_for_Democratic_Institutions_and_Human_Rights"): "dbpedia",
        ("place/zhanaozen", "Zhanaozen"): "dbpedia",
    }
    assert set(pairs) >= {
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
    # DBpedia: dbr:Kazakhstan has owl:sameAs to Wikidata and other DBpedias; not a redirect.
    kazakhstan = pairs[("country/kazakhstan", "Kazakhstan")]
    assert (kazakhstan["status"], kazakhstan["problems"]) == ("ok", [])
    for pair in [
        ("org/european-parliament", "European_Parliament"),
        ("org/odihr", "Office_for_Democratic_Institutions_and_Human_Rights"),
        ("place/zhanaozen", "Zhanaozen"),
    ]:
        assert (pairs[pair]["status"], pairs[pair]["problems"]) == ("ok", [])
    # DBpedia's label lacks our "Group" and is not "EFDD": a warning only.
    efdd = pairs[("org/ep-group/efdd", "Europe_of_Freedom_and_Direct_Democracy")]
    assert efdd["status"] == "warning"
    assert efdd["problems"][0].startswith("labels disagree")


def test_strict_makes_label_disagreement_fail(endpoint, dbpedia_endpoint, run_cli):
    code, out, err = _check(endpoint, dbpedia_endpoint, run_cli, "--strict")
    assert code == 1
    assert "labels disagree" in out and "links check failed" in err


def test_wrong_redirected_and_missing_links_fail(endpoint, dbpedia_endpoint, data_copy, run_cli):
    (data_copy / "links" / "test-wrong.ttl").write_text(WRONG_LINKS, encoding="utf-8")
    code, out, _ = _check(endpoint, dbpedia_endpoint, run_cli, "--json", "--data", str(data_copy))
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


def test_wrong_redirected_and_missing_dbpedia_links_fail(
    endpoint, dbpedia_endpoint, data_copy, run_cli
):
    (data_copy / "links" / "test-wrong-dbpedia.ttl").write_text(
        WRONG_DBPEDIA_LINKS, encoding="utf-8"
    )
    code, out, _ = _check(endpoint, dbpedia_endpoint, run_cli, "--json", "--data", str(data_copy))
    assert code == 1
    pairs = _by_pair(json.loads(out))
    person = pairs[("org/eeas", "Invented_Person_900001")]
    assert (person["status"], person["target"]) == ("fail", "dbpedia")
    assert person["problems"][0] == f"type: our actor is linked to an instance of {DBO}Person"
    redirected = pairs[("org/odihr", "ODIHR")]
    assert redirected["status"] == "fail"
    assert redirected["problems"][0] == (
        f"redirected to {DBR}Office_for_Democratic_Institutions_and_Human_Rights"
    )
    city = pairs[("country/kazakhstan", "Astana")]
    assert city["status"] == "fail"
    assert city["problems"][0] == (
        f"type: our country is linked to an instance of {DBO}City, {DBO}Settlement"
    )
    # Only owl:sameAs in DBpedia: missing, never "redirected".
    same_as_only = pairs[("place/astana", "Only_Same_As_900002")]
    assert same_as_only["status"] == "fail"
    assert same_as_only["problems"] == ["missing: the target has no label, class or redirect"]
    # The project's own DBpedia links still pass.
    assert (
        pairs[("org/odihr", "Office_for_Democratic_Institutions_and_Human_Rights")]["status"]
        == "ok"
    )


def test_the_table_names_the_failing_links_and_the_unlinked(
    endpoint, dbpedia_endpoint, data_copy, run_cli
):
    (data_copy / "links" / "test-wrong.ttl").write_text(WRONG_LINKS, encoding="utf-8")
    (data_copy / "links" / "test-wrong-dbpedia.ttl").write_text(
        WRONG_DBPEDIA_LINKS, encoding="utf-8"
    )
    code, out, _ = _check(endpoint, dbpedia_endpoint, run_cli, "--data", str(data_copy))
    assert code == 1
    assert out.splitlines()[1].split() == ["status", "dataset", "our", "node", "target", "problems"]
    failing = [line.split() for line in out.splitlines() if line.startswith("FAIL")]
    assert len(failing) == 8
    assert ["FAIL", "wikidata", "id/org/eeas", WD + "Q42"] in [row[:4] for row in failing]
    assert ["FAIL", "dbpedia", "id/org/odihr", DBR + "ODIHR"] in [row[:4] for row in failing]
    assert "Unlinked (" in out and "org/dck (actor)" in out


def test_each_target_is_checked_in_one_batched_query_of_its_own(
    endpoint, dbpedia_endpoint, run_cli
):
    _check(endpoint, dbpedia_endpoint, run_cli)
    assert len(endpoint.requests) == 1 and len(dbpedia_endpoint.requests) == 1
    wikidata, dbpedia = endpoint.requests[0], dbpedia_endpoint.requests[0]
    assert "VALUES ?item" in wikidata["query"] and "wdt:P31" in wikidata["query"]
    assert "VALUES ?item" in dbpedia["query"] and "dbo:wikiPageRedirects" in dbpedia["query"]
    assert "wdt:P31" not in dbpedia["query"]
    assert "{ ?item owl:sameAs" not in dbpedia["query"]
    assert wikidata["agent"].startswith("reskg/") and dbpedia["agent"] == wikidata["agent"]


def test_target_option_alone_points_wikidata_too(endpoint, dbpedia_endpoint, run_cli):
    code, _, _ = run_cli(
        "links",
        "check",
        "--target",
        f"wikidata={endpoint.url}",
        "--target",
        f"dbpedia={dbpedia_endpoint.url}",
    )
    assert code == 0
    assert len(endpoint.requests) == 1 and len(dbpedia_endpoint.requests) == 1


def test_an_unknown_target_is_refused_with_the_known_ones(endpoint, run_cli):
    code, out, err = run_cli("links", "check", "--target", f"dbpedai={endpoint.url}")
    assert code == 2 and out == ""
    assert "no target dataset named dbpedai" in err and "dbpedia" in err and "wikidata" in err
    assert endpoint.requests == []


def test_endpoint_and_target_wikidata_must_agree(endpoint, closed_port, run_cli):
    code, _, err = run_cli(
        "links", "check", "--endpoint", endpoint.url, "--target", f"wikidata={closed_port}"
    )
    assert code == 2 and "disagree" in err


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


def test_a_target_without_a_query_of_its_own_gets_the_generic_one(
    endpoint, dbpedia_endpoint, run_cli
):
    # GeoNames declares no endpoint; given one, it is asked for labels and rdf:type only.
    code, out, _ = _check(
        endpoint, dbpedia_endpoint, run_cli, "--json", "--target", f"geonames={endpoint.url}"
    )
    assert code == 1
    geonames = [link for link in json.loads(out)["links"] if link["target"] == "geonames"]
    assert {link["object"] for link in geonames} == {
        "http://sws.geonames.org/1522867/",
        "http://sws.geonames.org/1526273/",
    }
    assert all(link["problems"][0].startswith("missing") for link in geonames)
    asked = [r["query"] for r in endpoint.requests if "sws.geonames.org" in r["query"]]
    assert len(asked) == 1 and "skos:prefLabel" in asked[0] and "wdt:P31" not in asked[0]
