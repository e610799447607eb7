"""Unreachable, silent, busy and malformed endpoints: clear errors, exit 2, nothing written."""

from __future__ import annotations

import time

import pytest

from reskg.links.client import EndpointError, MalformedAnswer, SparqlClient, parse_results


def _time_to_fail(url: str, timeout: float) -> tuple[float, str]:
    client = SparqlClient(url, timeout=timeout, backoff=0.25)
    start = time.monotonic()
    with pytest.raises(EndpointError) as failure:
        client.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    return time.monotonic() - start, str(failure.value)


def test_closed_port_fails_within_the_timeout(closed_port):
    elapsed, message = _time_to_fail(closed_port, 2.0)
    assert elapsed < 2.0 + 0.5
    assert "unreachable" in message and closed_port in message


def test_silent_endpoint_fails_at_the_timeout(blackhole):
    elapsed, message = _time_to_fail(blackhole, 1.5)
    assert 1.0 <= elapsed < 1.5 + 0.5
    assert "unreachable" in message and "timed out" in message


@pytest.mark.parametrize("fixture", ["closed_port", "blackhole"])
@pytest.mark.parametrize("down,up", [("wikidata", "dbpedia"), ("dbpedia", "wikidata")])
def test_unreachable_endpoint_exits_2_naming_the_target(
    fixture, down, up, request, endpoint, dbpedia_endpoint, run_cli
):
    url = request.getfixturevalue(fixture)
    healthy = {"wikidata": endpoint, "dbpedia": dbpedia_endpoint}[up]
    start = time.monotonic()
    code, out, err = run_cli(
        "links",
        "check",
        "--target",
        f"{down}={url}",
        "--target",
        f"{up}={healthy.url}",
        "--timeout",
        "1",
    )
    assert time.monotonic() - start < 1 + 1.0
    assert code == 2
    assert err.startswith(f"reskg: error: SPARQL endpoint {url} ") and "unreachable" in err
    assert f"(target {down}: " in err and f"--target {down}=URL" in err
    assert out == ""


def test_busy_endpoint_is_retried_with_back_off(endpoint):
    endpoint.mode = "busy-once"
    waits: list[float] = []
    client = SparqlClient(endpoint.url, timeout=10, backoff=0.25, sleep=waits.append)
    rows = client.select(
        "SELECT ?l WHERE { <http://www.wikidata.org/entity/Q232> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    assert len(endpoint.requests) == 2
    assert waits == [0.25]
    assert {str(r["l"]) for r in rows} >= {"Kazakhstan", "Казахстан"}


def test_html_answer_to_cache_is_an_error_and_writes_nothing(endpoint, data_copy, run_cli):
    endpoint.mode = "html"
    code, _, err = run_cli("links", "cache", "--endpoint", endpoint.url, "--data", str(data_copy))
    assert code == 2
    assert "malformed answer" in err and "text/html" in err
    assert not (data_copy / "links" / "cache").exists()
    assert len(endpoint.requests) == 1  # a malformed answer is not retried


def test_html_answer_to_suggest_writes_nothing(endpoint, tmp_path, run_cli):
    endpoint.mode = "html"
    target = tmp_path / "accepted.ttl"
    code, _, err = run_cli("links", "suggest", "--endpoint", endpoint.url, "--write", str(target))
    assert code == 2 and "malformed answer" in err
    assert not target.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b'{"head": {}}',
        b'{"results": {"bindings": {}}}',
        b'{"results": {"bindings": [{"x": {"value": "no type"}}]}}',
    ],
)
def test_answers_that_are_not_sparql_json_results_are_refused(body):
    with pytest.raises(MalformedAnswer):
        parse_results(body, "application/json", "http://test")


def test_malformed_answer_is_an_endpoint_error_with_exit_2():
    assert issubclass(MalformedAnswer, EndpointError)
    assert MalformedAnswer("x").exit_code == 2
