"""The static rules of SPARQL 1.1 that rdflib's parser does not check (reskg.sparql_static),
through the query guard: for each rule, queries that break it (refused, the message naming the
rule's section of the spec) and near misses that keep to it (accepted). Then the two ways in:
`/sparql` answers 400 and `reskg query` exits 1 with the message, as for any syntax error."""

from __future__ import annotations

import contextlib
import io

import httpx
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from reskg.sparql_guard import QueryRefused, check_query
from reskg.sparql_static import StaticRuleError, check_tree

P = "<urn:p>"
Q = "<urn:q>"


def refused(text: str) -> str:
    with pytest.raises(QueryRefused) as info:
        check_query(text)
    assert info.value.status == 400 and info.value.reason == "syntax"
    assert info.value.message.startswith("query syntax error: ")
    assert "\n" not in info.value.message
    return info.value.message


def rule_of(text: str) -> str:
    with pytest.raises(StaticRuleError) as info:
        check_tree(parseQuery(text))
    return info.value.rule


# --- BIND (expr AS ?v): ?v not in scope from the elements before it in its group ---------

BIND_REFUSED = [
    f"SELECT * {{ ?s {P} ?o BIND(1 AS ?o) }}",  # a triple before it
    f"SELECT * {{ {{ ?s {P} ?o }} BIND(1 AS ?o) }}",  # a nested group before it
    f"SELECT * {{ {{ ?s {P} ?a }} UNION {{ ?s {P} ?o }} BIND(1 AS ?o) }}",  # one UNION branch
    f"SELECT * {{ ?s {P} ?x OPTIONAL {{ ?s {Q} ?o }} BIND(1 AS ?o) }}",  # OPTIONAL
    "SELECT * { VALUES ?o { 1 } BIND(2 AS ?o) }",  # inline VALUES
    f"SELECT * {{ GRAPH ?o {{ ?s {P} ?x }} BIND(1 AS ?o) }}",  # the GRAPH variable
    "SELECT * { BIND(1 AS ?o) BIND(2 AS ?o) }",  # an earlier BIND
    f"SELECT * {{ {{ SELECT ?o {{ ?s {P} ?o }} }} BIND(1 AS ?o) }}",  # a projected variable
    f"ASK {{ ?s {P} ?x FILTER EXISTS {{ ?s {Q} ?o BIND(1 AS ?o) }} }}",  # inside EXISTS
]

BIND_ACCEPTED = [
    f"SELECT * {{ BIND(1 AS ?o) ?s {P} ?o }}",  # the triple comes after the BIND
    f"SELECT * {{ ?s {P} ?x FILTER(?o > 1) BIND(1 AS ?o) }}",  # FILTER: not in scope
    f"SELECT * {{ ?s {P} ?x MINUS {{ ?s {Q} ?o }} BIND(1 AS ?o) }}",  # MINUS: not in scope
    f"SELECT * {{ ?s {P} ?o {{ BIND(1 AS ?o) }} }}",  # a nested group is another scope
    f"SELECT * {{ {{ SELECT ?s {{ ?s {P} ?o }} }} BIND(1 AS ?o) }}",  # hidden by the projection
    f"SELECT * {{ ?s {P} ?o {{ SELECT (1 AS ?o) {{}} }} }}",  # a subquery's own scope
]


@pytest.mark.parametrize("text", BIND_REFUSED)
def test_bind_of_a_variable_in_scope_is_refused(text):
    assert "?o is already in scope" in refused(text)
    assert "18.2.1" in refused(text)
    assert rule_of(text) == "bind-scope"


@pytest.mark.parametrize("text", BIND_ACCEPTED)
def test_bind_near_misses_are_accepted(text):
    assert check_query(text).form == "SELECT"


# --- SELECT (expr AS ?v): ?v not in scope -------------------------------------------------

SELECT_REFUSED = [
    f"SELECT (1 AS ?x) {{ ?x {P} ?o }}",  # in the WHERE pattern
    "SELECT (1 AS ?x) (2 AS ?x) {}",  # an earlier SELECT expression
    "SELECT (1 AS ?x) { SELECT (2 AS ?x) {} }",  # projected by a subquery
    f"SELECT (COUNT(*) AS ?k) {{ ?s {P} ?o }} GROUP BY (STR(?s) AS ?k)",  # a GROUP BY name
]

SELECT_ACCEPTED = [
    f"SELECT (1 AS ?x) {{ SELECT ?y {{ ?y {P} ?x }} }}",  # hidden by the subquery
    f"SELECT (1 AS ?x) {{ ?s {P} ?o FILTER(?x != ?o) }}",  # FILTER: not in scope
    f"SELECT (1 AS ?x) {{ ?s {P} ?o MINUS {{ ?s {Q} ?x }} }}",  # MINUS: not in scope
    "SELECT (1 AS ?x) (?x + 1 AS ?y) {}",  # using an earlier name is fine
]


@pytest.mark.parametrize("text", SELECT_REFUSED)
def test_select_expression_naming_a_variable_in_scope_is_refused(text):
    message = refused(text)
    assert "is already in scope" in message and "18.2.1" in message
    assert rule_of(text) == "select-scope"


@pytest.mark.parametrize("text", SELECT_ACCEPTED)
def test_select_expression_near_misses_are_accepted(text):
    assert check_query(text).form == "SELECT"


# --- grouped queries: SELECT * and non-grouped variables -----------------------------------

GROUP_REFUSED = [
    (f"SELECT * {{ ?s {P} ?o }} GROUP BY ?s", "group-star", "SELECT * is not allowed"),
    (f"SELECT * {{ ?s {P} ?o }} HAVING (COUNT(*) > 1)", "group-star", "SELECT *"),
    (f"SELECT ?o {{ ?s {P} ?o }} GROUP BY ?s", "group-projection", "?o is projected"),
    (f"SELECT ?s (COUNT(*) AS ?n) {{ ?s {P} ?o }}", "group-projection", "?s is projected"),
    (f"SELECT (?o + 1 AS ?x) {{ ?s {P} ?o }} GROUP BY ?s", "group-projection", "?o is"),
    (
        f"SELECT * {{ {{ SELECT ?o {{ ?s {P} ?o }} GROUP BY ?s }} }}",
        "group-projection",
        "?o is projected",
    ),  # the rule holds in a subquery too
]

GROUP_ACCEPTED = [
    f"SELECT ?s {{ ?s {P} ?o }} GROUP BY ?s",
    f"SELECT ?s (COUNT(?o) AS ?n) (?n * 2 AS ?m) {{ ?s {P} ?o }} GROUP BY ?s",
    f"SELECT ?k (SAMPLE(?o) AS ?any) {{ ?s {P} ?o }} GROUP BY (STR(?s) AS ?k)",
    f"SELECT (COUNT(?o) AS ?n) (MAX(?s) AS ?top) {{ ?s {P} ?o }}",  # implicit single group
    f"SELECT ?s ?v (COUNT(*) AS ?n) {{ ?s {P} ?o }} GROUP BY ?s VALUES ?v {{ 1 }}",
    f"SELECT * {{ {{ SELECT ?s (COUNT(*) AS ?n) {{ ?s {P} ?o }} GROUP BY ?s }} }}",  # outer: *
    f"SELECT ?s ?o {{ ?s {P} ?o {{ SELECT (COUNT(*) AS ?c) {{}} }} }}",  # only the inner groups
]


@pytest.mark.parametrize("text,rule,phrase", GROUP_REFUSED)
def test_grouped_query_projecting_what_is_not_grouped_is_refused(text, rule, phrase):
    message = refused(text)
    assert phrase in message and "11.4" in message
    assert rule_of(text) == rule


@pytest.mark.parametrize("text", GROUP_ACCEPTED)
def test_grouped_query_near_misses_are_accepted(text):
    assert check_query(text).form == "SELECT"


# --- VALUES: one value (or UNDEF) per variable in every row ---------------------------------


@pytest.mark.parametrize(
    "text,phrase",
    [
        ("SELECT * { VALUES (?a ?b) { (1 2) (1) } }", "row 2 has 1 value(s) for 2"),
        ("SELECT * { VALUES (?a ?b) { (1 2 3) } }", "row 1 has 3 value(s) for 2"),
        ("SELECT * {} VALUES (?a ?b) { (UNDEF) }", "row 1 has 1 value(s) for 2"),  # trailing
        ("SELECT * { VALUES () { (1) } }", "row 1 has 1 value(s) for 0"),
    ],
)
def test_values_rows_of_the_wrong_length_are_refused(text, phrase):
    message = refused(text)
    assert phrase in message and "10.2" in message
    assert rule_of(text) == "values-arity"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { VALUES (?a ?b) { (1 2) (UNDEF 3) (4 UNDEF) } }",
        "SELECT * { VALUES ?a { 1 2 3 } }",
        "SELECT * { VALUES () { () () } }",
        "SELECT * {} VALUES (?a ?b) { (1 2) }",
    ],
)
def test_values_near_misses_are_accepted(text):
    assert check_query(text).form == "SELECT"


# --- code points: an escape must not give a UTF-16 surrogate ------------------------------


@pytest.mark.parametrize(
    "escape,code",
    [("\\uD800", "U+D800"), ("\\udfff", "U+DFFF"), ("\\U0000DC00", "U+DC00")],
)
def test_surrogate_escapes_are_refused(escape, code):
    message = refused(f"SELECT * {{ ?s {P} '{escape}' }}")
    assert code in message and "surrogate" in message and "19.2" in message


@pytest.mark.parametrize("escape", ["\\u00E9", "\\uD7FF", "\\uE000", "\\U0001F600"])
def test_escapes_of_real_characters_are_accepted(escape):
    assert check_query(f"SELECT * {{ ?s {P} '{escape}' }}").form == "SELECT"


# --- the two ways in ----------------------------------------------------------------------


def test_the_endpoint_answers_400_naming_the_rule(server):
    resp = httpx.post(
        server.url + "/sparql",
        content=f"SELECT * {{ ?s {P} ?o BIND(1 AS ?o) }}".encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        timeout=30,
    )
    assert resp.status_code == 400
    assert "BIND (... AS ?o): ?o is already in scope" in resp.json()["error"]


def test_reskg_query_exits_1_naming_the_rule(settings):
    from reskg.cli import main

    err = io.StringIO()
    args = ["query", "SELECT ?o { ?s ?p ?o } GROUP BY ?s", "--data", str(settings.data_dir)]
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as info,
    ):
        main(args)
    assert info.value.code == 1  # a wrong query, like a syntax error (design: CLI contract)
    assert "?o is projected but not grouped" in err.getvalue()
    assert "Traceback" not in err.getvalue()
