"""The federated competency query: runs against a loopback SERVICE; refused without opt-in."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from support import ROOT

QUERY = ROOT / "queries" / "federated" / "wikidata-labels.rq"
WIKIDATA = "https://query.wikidata.org/sparql"


def test_query_has_its_header_and_calls_wikidata():
    text = QUERY.read_text(encoding="utf-8")
    for key in ("# title:", "# description:", "# returns:"):
        assert key in text
    assert f"SERVICE <{WIKIDATA}>" in text


def test_federated_labels_through_a_loopback_service(graph, endpoint):
    from reskg.sparql_guard import service_permitted

    text = QUERY.read_text(encoding="utf-8").replace(WIKIDATA, endpoint.url)
    with service_permitted():  # rdflib's SERVICE is refused process-wide unless opted in
        rows = list(graph.query(text))
    kz = [r for r in rows if r.entity == URIRef("https://w3id.org/reskg/id/country/kazakhstan")]
    assert {(str(r.lang), str(r.wikidataLabel)) for r in kz} == {
        ("ru", "Казахстан"),
        ("kk", "Қазақстан"),
        ("de", "Kasachstan"),
        ("fr", "Kazakhstan"),
    }
    assert {str(r.description) for r in kz} == {"country in Central Asia"}


def test_reskg_query_refuses_service_without_opt_in(run_cli):
    pytest.importorskip("reskg.query", reason="the query command (issue 3) is not installed")
    code, _, err = run_cli("query", str(QUERY))
    assert code != 0
    assert "SERVICE" in err and "--allow-service" in err


def test_reskg_query_runs_service_with_opt_in_quietly(endpoint, tmp_path, run_cli, caplog):
    pytest.importorskip("reskg.query", reason="the query command (issue 3) is not installed")
    local = tmp_path / "wikidata-labels.rq"
    local.write_text(QUERY.read_text(encoding="utf-8").replace(WIKIDATA, endpoint.url), "utf-8")
    code, out, err = run_cli("query", str(local), "--allow-service", "--format", "csv")
    assert code == 0, err
    astana = "https://w3id.org/reskg/id/place/astana,Astana,http://www.wikidata.org/entity/Q1520"
    assert f"{astana},ru,Астана,capital city of Kazakhstan" in out.splitlines()
    assert endpoint.requests  # the remote part went to the loopback endpoint
    # rdflib logs one warning per SERVICE call when the query has a BASE: none here
    assert "does not look like a valid URI" not in err + caplog.text
