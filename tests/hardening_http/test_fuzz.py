"""Property tests: the query guard and the HTTP routes never crash, never answer 500, never
leak a traceback, never hang, whatever text, path, query string, Accept header or body.

8,000 examples per run: 4,000 arbitrary or SPARQL-like texts and 600 mutated competency queries
through the guard, 3,400 requests against the ASGI app in process (with its real query worker)."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from support import ROOT

from reskg.config import Settings
from reskg.serve import ServerConfig, create_app
from reskg.sparql_guard import QueryRefused, check_query


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )


TOKENS = list("{}()[]<>?$:.;,#\"'\\ \n01*+-/|^!=aeSx") + [
    "SELECT",
    "WHERE",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "SERVICE",
    "FROM",
    "NAMED",
    "UNION",
    "OPTIONAL",
    "MINUS",
    "FILTER",
    "BIND",
    "VALUES",
    "LIMIT",
    "OFFSET",
    "INSERT",
    "DATA",
    "LOAD",
    "DROP",
    "PREFIX",
    "<urn:x>",
    "?s",
    "?o",
    '"""',
    "'''",
    "regex",
    " AS ",
]
SPARQLISH = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


def guarded(text: str) -> None:
    start = time.monotonic()
    try:
        check_query(text)
    except QueryRefused as refused:
        assert refused.status in (400, 413) and "\n" not in refused.message
    assert time.monotonic() - start < 2


@fuzz(2000)
@given(st.text(max_size=300))
def test_guard_on_arbitrary_text(text):
    guarded(text)


@fuzz(2000)
@given(SPARQLISH)
def test_guard_on_sparql_like_text(text):
    guarded(text)


def competency_queries() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]


MUTATION = st.tuples(
    st.sampled_from(["delete", "insert", "duplicate", "swap"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.text(alphabet=st.sampled_from(list("{}()[]<>\"'#?:.;\\ \nSERVICEFROMINSERT")), max_size=8),
)


@fuzz(600)
@given(st.sampled_from(competency_queries()), st.lists(MUTATION, min_size=1, max_size=3))
def test_guard_on_mutated_competency_queries(query, mutations):
    for kind, a, b, text in mutations:
        i, j = sorted((int(a * len(query)), int(b * len(query))))
        if kind == "delete":
            query = query[:i] + query[j:]
        elif kind == "insert":
            query = query[:i] + text + query[i:]
        elif kind == "duplicate":
            query = query[:j] + query[i:j] + query[j:]
        else:
            query = query[:i] + query[j:] + query[i:j]
    guarded(query)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings_ = Settings(base="https://w3id.org/reskg/", data_dir=ROOT / "data")
    config = ServerConfig(data_dir=ROOT / "data", workers=1, time_limit=2.0, max_rows=200)
    with TestClient(create_app(settings_, config), raise_server_exceptions=False) as c:
        yield c


SEGMENTS = st.sampled_from(
    [
        "id",
        "org",
        "eeas",
        "eeas.ttl",
        "..",
        "%2e%2e",
        "%2f",
        "%5c",
        "%00",
        "%ff",
        "static",
        "style.css",
        "sparql",
        ".well-known",
        "void",
        "a",
        "resolution",
        "%252e",
        "ontology",
    ]
)
ACCEPTS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "text/turtle",
            "*/*",
            "text/html",
            "application/json",
            "text/csv",
            "application/sparql-results+xml",
            "text/turtle;q=abc",
            "x/y;q=-1",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
)


def assert_sane(resp) -> None:
    assert resp.status_code < 500 or resp.status_code == 503, (resp.status_code, resp.text)
    assert "Traceback" not in resp.text and 'File "' not in resp.text


@fuzz(1500)
@given(st.lists(SEGMENTS, max_size=6), ACCEPTS, st.sampled_from(["GET", "HEAD", "OPTIONS"]))
def test_routes_on_arbitrary_paths(client, segments, accept, method):
    headers = {"Accept": accept} if accept is not None else {}
    assert_sane(client.request(method, "/" + "/".join(segments), headers=headers))


@fuzz(1400)
@given(st.one_of(SPARQLISH, st.text(max_size=100)), ACCEPTS, st.booleans())
def test_sparql_on_arbitrary_queries(client, query, accept, as_post):
    headers = {"Accept": accept} if accept is not None else {}
    if as_post:
        resp = client.post("/sparql", data={"query": query}, headers=headers)
    else:
        resp = client.get("/sparql?query=" + quote(query, safe=""), headers=headers)
    assert_sane(resp)


@fuzz(500)
@given(
    st.binary(max_size=300),
    st.sampled_from(
        [
            "application/sparql-query",
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/sparql-update",
            "",
            "multipart/form-data",
            "application/sparql-query; charset=latin-1",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=30),
)
def test_sparql_on_arbitrary_bodies(client, body, ctype, query_string):
    headers = {"Content-Type": ctype} if ctype else {}
    resp = client.post("/sparql?" + quote(query_string, safe="=&"), content=body, headers=headers)
    assert_sane(resp)
