"""The query guard on its own: each refusal, its status and reason, the O(n) depth scan, and
the process-wide rdflib switches it sets at import."""

from __future__ import annotations

import time

import pytest
import rdflib.plugins.sparql as rdflib_sparql
from rdflib import Graph

from reskg import sparql_guard
from reskg.errors import DataError
from reskg.sparql_guard import QueryRefused, check_query, deep_call


def refusal(text: str, **kw) -> QueryRefused:
    with pytest.raises(QueryRefused) as info:
        check_query(text, **kw)
    return info.value


def test_import_sets_the_process_wide_switches():
    assert rdflib_sparql.SPARQL_LOAD_GRAPHS is False
    assert rdflib_sparql.CUSTOM_EVALS[sparql_guard.HOOK_NAME] is sparql_guard._refuse_service


def test_the_eval_hook_refuses_service_even_without_check_query(canary):
    from rdflib.plugins.sparql import prepareQuery

    query = prepareQuery(f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}")
    hits = len(canary.hits)
    with pytest.raises(QueryRefused):
        list(Graph().query(query))
    assert len(canary.hits) == hits


def test_from_allowed_is_a_graph_name_never_fetched(canary):
    checked = check_query(f"ASK FROM <{canary.url}/x.ttl> {{ ?s ?p ?o }}", allow_from=True)
    hits = len(canary.hits)
    assert Graph().query(checked.query).askAnswer is False
    assert len(canary.hits) == hits


@pytest.mark.parametrize(
    "text,reason,status",
    [
        ("SELEC ?x {}", "syntax", 400),
        ("SELECT * { foo:a ?p ?o }", "syntax", 400),
        ("", "syntax", 400),
        ("PREFIX a: <urn:a>", "syntax", 400),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update", 400),
        ("DELETE WHERE { ?s ?p ?o }", "update", 400),
        ("LOAD <file:///etc/passwd>", "update", 400),
        ("CLEAR ALL", "update", 400),
        ("DROP GRAPH <urn:g>", "update", 400),
        ("CREATE GRAPH <urn:g>", "update", 400),
        ("ADD <urn:a> TO <urn:b>", "update", 400),
        ("MOVE <urn:a> TO <urn:b>", "update", 400),
        ("COPY <urn:a> TO <urn:b>", "update", 400),
        ("SELECT * { SERVICE <http://x.example/> { ?s ?p ?o } }", "service", 400),
        ("SELECT * FROM <http://x.example/g> { ?s ?p ?o }", "from", 400),
        ("SELECT * FROM NAMED <http://x.example/g> { ?s ?p ?o }", "from", 400),
        ("SELECT * {} LIMIT 1000000000001", "slice", 400),
        ("SELECT * {} OFFSET 99999999999999999999999", "slice", 400),
    ],
)
def test_refusals(text, reason, status):
    refused = refusal(text)
    assert (refused.reason, refused.status) == (reason, status)
    assert isinstance(refused, DataError) and refused.exit_code == 1
    assert "\n" not in refused.message and len(refused.message) < 300


def test_syntax_errors_carry_line_and_column():
    assert "line 3, column 5" in refusal("SELECT *\nWHERE {\n    ?s ?p\n}").message
    assert "line 2, column 3" in refusal("SELECT * {\n  foo:x ?p ?o }").message


def test_length_cap_is_413():
    refused = refusal("ASK {}" + " " * 100, max_length=100)
    assert refused.status == 413 and refused.reason == "length"


def test_service_allowed_when_asked():
    checked = check_query(
        "SELECT * { SERVICE <http://x.example/> { ?s ?p ?o } }", allow_service=True
    )
    assert checked.form == "SELECT"


@pytest.mark.parametrize("opener,closer", [("(", ")"), ("{", "}"), ("[", "]")])
def test_nesting_over_the_limit_is_refused_fast(opener, closer):
    text = "SELECT * WHERE { ?s ?p " + opener * 100_000 + closer * 100_000 + " }"
    start = time.monotonic()
    assert refusal(text, max_length=1 << 20).reason == "depth"
    assert time.monotonic() - start < 0.1


def test_brackets_inside_strings_iris_and_comments_do_not_count():
    text = (
        'SELECT * WHERE { ?s ?p "' + "(" * 100 + '" . ?s ?p """' + "{" * 100 + '""" . '
        "?s ?p <urn:x" + "" + "> # " + "[" * 100 + "\n}"
    )
    assert check_query(text).form == "SELECT"


def test_nesting_at_the_limit_parses_and_evaluates():
    """64 levels in all: rdflib alone fails at about 30 nested parentheses."""
    expr = "(" * 62 + "true" + ")" * 62
    checked = check_query("ASK { FILTER(" + expr + ") }")
    assert deep_call(lambda: Graph().query(checked.query).askAnswer) is True
    groups = "SELECT * WHERE " + "{" * 64 + " ?s ?p ?o " + "}" * 64
    checked = check_query(groups)
    assert deep_call(lambda: list(Graph().query(checked.query))) == []


def test_long_union_chains_are_refused_and_shorter_ones_run():
    many = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 600) + " }"
    assert refusal(many).reason == "depth"
    some = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 250) + " }"
    checked = check_query(some)
    assert deep_call(lambda: list(Graph().query(checked.query))) == []


def test_competency_queries_pass(settings):
    for path in sorted(settings.queries_dir.glob("*.rq")):
        assert check_query(path.read_text(encoding="utf-8")).form in {
            "SELECT",
            "ASK",
            "CONSTRUCT",
            "DESCRIBE",
        }, path.name
