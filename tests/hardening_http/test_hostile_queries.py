"""Rows Q1-Q19 of hostile-inputs.md section 4c against `/sparql` of a running server: each
gets its stated status, a short error body without a traceback, never a 500, within 2 s
(parse-time refusals) or the query time limit + 1 s (queries that run), and SERVICE/FROM
never reach the loopback canary."""

from __future__ import annotations

import time

import httpx
import pytest
from http_helpers import MAX_ROWS

BASE = "https://w3id.org/reskg/"
EEAS = f"<{BASE}id/org/eeas>"
JSON = "application/sparql-results+json"
FAST = 2.0


def ask(server, query: str, method: str = "GET", accept: str = JSON, **kw) -> httpx.Response:
    url = server.url + "/sparql"
    if method == "GET":
        return httpx.get(url, params={"query": query}, headers={"Accept": accept}, timeout=30)
    return httpx.post(url, data={"query": query}, headers={"Accept": accept}, timeout=30, **kw)


def timed(fn, *args, **kwargs) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    resp = fn(*args, **kwargs)
    return resp, time.monotonic() - start


def assert_clean_error(resp: httpx.Response, status: int) -> None:
    assert resp.status_code == status, resp.text
    assert "Traceback" not in resp.text and 'File "' not in resp.text
    assert len(resp.content) < 1000
    assert resp.headers["content-type"].startswith(("text/plain", "application/json"))


def test_canary_counts_requests(canary):
    """The canary works: a direct request is counted (so a zero count means something)."""
    before = len(canary.hits)
    assert httpx.get(canary.url + "/probe").status_code == 200
    assert len(canary.hits) == before + 1


@pytest.mark.parametrize(
    "query,words",
    [
        pytest.param("SELEC ?x WHERE { ?x ?y ?z }", "line 1, column 1", id="Q1"),
        pytest.param("SELECT * WHERE {\n  foo:p ?p ?o }", "foo", id="Q2"),
    ],
)
def test_syntax_errors_are_400_with_position(server, query, words):
    resp, took = timed(ask, server, query)
    assert_clean_error(resp, 400)
    assert "syntax error" in resp.text and words in resp.text
    assert took < FAST


def test_q2_unknown_prefix_names_line_and_column(server):
    resp = ask(server, "SELECT * WHERE {\n  foo:p ?p ?o }")
    assert "line 2, column 3" in resp.text


@pytest.mark.parametrize(
    "update",
    [
        pytest.param("INSERT DATA { <urn:a> <urn:b> <urn:c> }", id="Q3-insert"),
        pytest.param("DROP ALL", id="Q3-drop"),
        pytest.param("LOAD <file:///etc/passwd>", id="Q3-load-file"),
    ],
)
def test_q3_updates_are_refused(server, canary, update):
    hits = len(canary.hits)
    for method in ("GET", "POST"):
        resp, took = timed(ask, server, update, method)
        assert_clean_error(resp, 400)
        assert "updates are not accepted" in resp.text and took < FAST
    resp = ask(server, f"LOAD <{canary.url}/data.ttl>", "POST")
    assert_clean_error(resp, 400)
    assert len(canary.hits) == hits
    check = ask(server, "ASK { <urn:a> <urn:b> <urn:c> }")
    assert check.json()["boolean"] is False


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("http://169.254.169.254/latest/meta-data/", id="Q4"),
        pytest.param("file:///etc/passwd", id="Q5"),
        pytest.param("http://10.255.255.1:81/never-answers", id="Q6"),
        pytest.param("CANARY", id="Q4-canary"),
    ],
)
def test_service_is_refused_before_any_connection(server, canary, target):
    target = canary.url + "/sparql" if target == "CANARY" else target
    hits = len(canary.hits)
    for query in (
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }} }}",
    ):
        resp, took = timed(ask, server, query)
        assert_clean_error(resp, 400)
        assert "SERVICE" in resp.text and took < FAST
    assert len(canary.hits) == hits


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_q7_from_is_refused_and_never_fetched(server, canary, clause):
    hits = len(canary.hits)
    resp, took = timed(ask, server, f"SELECT * {clause} <{canary.url}/x.ttl> WHERE {{ ?s ?p ?o }}")
    assert_clean_error(resp, 400)
    assert "FROM" in resp.text and took < FAST
    assert len(canary.hits) == hits


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", id="Q8"),
        pytest.param(
            'SELECT ?o WHERE { BIND(CONCAT("' + "a" * 40 + '", "!") AS ?o) '
            'FILTER regex(?o, "^(a+)+$") }',
            id="Q9",
        ),
    ],
)
def test_runaway_queries_stop_at_the_time_limit(server, query):
    resp, took = timed(ask, server, query)
    assert_clean_error(resp, 503)
    assert "time limit" in resp.text
    assert server.time_limit - 0.5 < took < server.time_limit + 1
    ok = ask(
        server, f"SELECT ?l WHERE {{ {EEAS} <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    )
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(
            "SELECT * WHERE { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }", id="Q10-paren"
        ),
        pytest.param("SELECT * WHERE " + "{" * 70 + " ?s ?p ?o " + "}" * 70, id="Q10-groups"),
        pytest.param(
            "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 600) + " }", id="Q10-union"
        ),
    ],
)
def test_q10_deep_nesting_is_refused(server, query):
    resp, took = timed(ask, server, query, "POST")
    assert_clean_error(resp, 400)
    assert "nested too deeply" in resp.text and took < FAST


def test_q10_nesting_below_the_limit_still_runs(server):
    """30 nested parentheses broke rdflib's parser; below our limit of 64 they must work."""
    resp = ask(server, "ASK { FILTER(" + "(" * 30 + "true" + ")" * 30 + ") }")
    assert resp.status_code == 200 and resp.json()["boolean"] is True


@pytest.mark.parametrize("word", ["OFFSET", "LIMIT"])
def test_q11_huge_slices_are_refused(server, word):
    resp, took = timed(ask, server, f"SELECT * WHERE {{ ?s ?p ?o }} {word} 99999999999999999999999")
    assert_clean_error(resp, 400)
    assert "too large" in resp.text and took < FAST


def test_q12_negative_limit_is_a_syntax_error(server):
    resp = ask(server, "SELECT * WHERE { ?s ?p ?o } LIMIT -1")
    assert_clean_error(resp, 400)
    assert "syntax error" in resp.text


def test_q13_two_query_parameters(server):
    resp = httpx.get(server.url + "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert_clean_error(resp, 400)


@pytest.mark.parametrize(
    "content,ctype,status",
    [
        pytest.param(b"ASK {}", "text/plain", 415, id="Q14-text-plain"),
        pytest.param(b"query=ASK%20%7B%7D", None, 415, id="Q14-form-without-type"),
        pytest.param(
            "ASK {}".encode("utf-16"),
            "application/sparql-query; charset=UTF-16",
            415,
            id="Q14-utf16-declared",
        ),
        pytest.param("ASK {}".encode("utf-16"), "application/sparql-query", 400, id="Q14-utf16"),
    ],
)
def test_q14_bad_post_bodies(server, content, ctype, status):
    headers = {"Content-Type": ctype} if ctype else {}
    resp = httpx.post(server.url + "/sparql", content=content, headers=headers)
    assert_clean_error(resp, status)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_q15_other_methods_are_405_with_allow(server, method):
    resp = httpx.request(method, server.url + "/sparql", content=b"ASK {}")
    assert_clean_error(resp, 405)
    allow = {m.strip() for m in resp.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allow and method not in allow


def test_q16_query_over_the_size_cap_is_413_and_under_it_runs(server):
    big = 'ASK { FILTER("' + "x" * (1 << 20) + '" != "") }'
    resp, took = timed(
        httpx.post,
        server.url + "/sparql",
        content=big.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert_clean_error(resp, 413)
    assert took < FAST
    fits = 'ASK { FILTER("' + "x" * 500_000 + '" != "") }'
    resp = httpx.post(
        server.url + "/sparql",
        content=fits.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
        timeout=30,
    )
    assert resp.status_code == 200 and resp.json()["boolean"] is True


def test_q17_values_with_10000_rows(server):
    rows = " ".join(f"({i})" for i in range(10_000))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES (?x) {{ {rows} }} }}"
    resp, took = timed(
        httpx.post,
        server.url + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
        timeout=30,
    )
    assert took < server.time_limit + 1
    if resp.status_code == 200:
        assert resp.json()["results"]["bindings"][0]["n"]["value"] == "10000"
    else:
        assert_clean_error(resp, 503)


def test_q18_construct_everything_hits_the_triple_cap(server):
    resp, took = timed(
        ask, server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept="text/turtle"
    )
    assert_clean_error(resp, 400)
    assert f"more than {MAX_ROWS} triples" in resp.text
    assert took < server.time_limit + 1


def test_q19_describe_of_an_unknown_iri_is_an_empty_graph(server):
    resp = ask(server, "DESCRIBE <https://w3id.org/reskg/id/no-such-thing>", accept="text/turtle")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    from rdflib import Graph

    assert len(Graph().parse(data=resp.content, format="turtle")) == 0
