"""`reskg query` on the local graph: QUERY as a name, a file or inline text, --list, --bind,
the result formats, ASK's exit code, and the errors (syntax, updates, SERVICE, bad input)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from sparql_helpers import QUERIES, run_reskg

from reskg.query import FORMATS, named_queries


@pytest.fixture(scope="module")
def query(settings):
    def run(*args: str):
        return run_reskg("query", *args, "--data", str(settings.data_dir))

    return run


def test_list_shows_every_named_query_with_its_title():
    result = run_reskg("query", "--list")
    assert result.code == 0
    for named in named_queries(QUERIES):
        line = next(x for x in result.out.splitlines() if x.split()[0] == named.name)
        assert named.title in line
    assert "federated/wikidata-labels" in result.out


def test_query_by_name_by_file_and_inline_give_the_same_answer(query):
    by_name = query("statement-types", "--format", "csv")
    by_file = query(str(QUERIES / "statement-types.rq"), "--format", "csv")
    inline = query((QUERIES / "statement-types.rq").read_text(encoding="utf-8"), "--format", "csv")
    assert by_name.code == by_file.code == inline.code == 0
    assert by_name.out == by_file.out == inline.out


def test_table_is_aligned_and_counts_rows(query):
    result = query("statement-types")
    lines = result.out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "resolution"
    assert set(lines[1]) <= {"-", "+"}
    assert len({line.index("|") for line in lines[2:5]} | {lines[0].index("|")}) == 1
    assert "res:2019-2610-RSP" in lines[2] and "reskg:Demand" in lines[2]
    assert lines[-1] == "(3 rows)"


def test_csv_tsv_and_json_results(query):
    rows = list(csv.DictReader(io.StringIO(query("statement-types", "--format", "csv").out)))
    assert {r["type"].rsplit("#", 1)[1]: r["statements"] for r in rows} == {
        "Demand": "16",
        "Observation": "3",
        "Welcome": "1",
    }

    tsv = query("statement-types", "--format", "tsv").out.splitlines()
    assert tsv[0] == "?resolution\t?type\t?statements"
    assert tsv[1].split("\t")[1] == "<https://w3id.org/reskg/ontology#Demand>"
    assert tsv[1].split("\t")[2] == "16"

    data = json.loads(query("demands-by-addressee", "--format", "json").out)
    assert data["head"]["vars"] == [
        "resolution",
        "addressee",
        "addresseeLabel",
        "demands",
        "actions",
    ]
    first = data["results"]["bindings"][0]
    assert first["addressee"] == {
        "type": "uri",
        "value": "https://w3id.org/reskg/id/org/government-of-kazakhstan",
    }
    assert first["addresseeLabel"] == {
        "type": "literal",
        "value": "Government of Kazakhstan",
        "xml:lang": "en",
    }
    assert first["demands"]["value"] == "9"
    assert first["demands"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_construct_gives_turtle_or_json_ld(query):
    turtle = query("resolution-summary")
    assert turtle.code == 0
    graph = Graph().parse(data=turtle.out, format="turtle")
    jsonld = query("resolution-summary", "--format", "jsonld")
    assert jsonld.code == 0
    assert len(Graph().parse(data=jsonld.out, format="json-ld")) == len(graph) == 199
    assert "@context" in json.loads(jsonld.out)


def test_a_format_that_does_not_fit_the_query_form_exits_2(query):
    result = query("statement-types", "--format", "ttl")
    assert result.code == 2
    assert "cannot show a SELECT result" in result.err
    assert query("resolution-summary", "--format", "csv").code == 2


def test_every_format_is_a_registry_entry():
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "ttl", "jsonld"}


def test_ask_prints_true_or_false_and_sets_the_exit_code(query):
    yes = query("sanity-check")
    assert (yes.code, yes.out) == (0, "true\n")
    no = query("ASK { ?s a <urn:x:Nothing> }")
    assert (no.code, no.out) == (1, "false\n")
    no_json = query("ASK { ?s a <urn:x:Nothing> }", "--format", "json")
    assert no_json.code == 1 and json.loads(no_json.out)["boolean"] is False


def test_bind_fixes_a_variable_in_every_form(query):
    eeas = query("demands-by-addressee", "--bind", "addressee=kgo:eeas", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(eeas.out)))
    assert [(r["demands"], r["actions"]) for r in rows] == [("2", "7")]
    full_iri = query(
        "demands-by-addressee",
        "--format",
        "csv",
        "--bind",
        "addressee=<https://w3id.org/reskg/id/org/eeas>",
    )
    assert full_iri.out == eeas.out
    literal = query(
        "SELECT ?s WHERE { ?s ?p ?label }",
        "--format",
        "csv",
        "--bind",
        'label="European External Action Service"@en',
    )
    assert literal.out.splitlines()[1:] == ["https://w3id.org/reskg/id/org/eeas"]
    number = query(
        "SELECT ?p WHERE { ?p <http://data.europa.eu/eli/ontology#number> ?n }",
        "--bind",
        'n="174"',
        "--format",
        "csv",
    )
    assert number.out.splitlines()[1:] == [
        "https://w3id.org/reskg/id/law/kz-criminal-code/article-174"
    ]
    one = query("resolution-summary", "--bind", "resolution=res:no-such-resolution")
    assert one.code == 0 and Graph().parse(data=one.out, format="turtle").__len__() == 0


def test_bound_values_cannot_change_the_query(query):
    hostile = r'label="x\" } } ; DROP ALL ; SELECT * { ?s ?p ?o # "'
    result = query("SELECT ?s WHERE { ?s ?p ?label }", "--bind", hostile, "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["s"]  # one literal that matches nothing, nothing else
    trailing = query("demands", "--bind", 'addressee="x" } } ; DROP ALL')
    assert trailing.code == 2 and "not a valid literal" in trailing.err


@pytest.mark.parametrize(
    "spec, message",
    [
        ("addressee", "expected NAME=VALUE"),
        ("9x=<urn:a>", "expected NAME=VALUE"),
        ("addressee=", "the value is empty"),
        ("addressee=<not an iri>", "not a valid IRI"),
        ("addressee=bareword", "write an IRI as <...>"),
        ('addressee="unterminated', "not a valid literal"),
        ("nosuchvariable=<urn:a>", "the query has no variable ?nosuchvariable"),
    ],
)
def test_bad_bindings_exit_2(query, spec, message):
    result = query("demands", "--bind", spec)
    assert result.code == 2
    assert message in result.err


def test_syntax_error_exits_1_with_line_and_column(query, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "PREFIX ex: <http://example.org/>\nSELECT ?s\nWHERE { ?s ex:p ?o .\n  FILTER(?o > ) }\n",
        encoding="utf-8",
    )
    result = query(str(bad))
    assert result.code == 1
    assert str(bad) in result.err
    assert "syntax error at line 4, column" in result.err
    assert "FILTER(?o > ) }" in result.err  # the offending line, with a caret under the column


def test_unknown_prefix_exits_1(query):
    result = query("SELECT * WHERE { ?s nope:p ?o }")
    assert result.code == 1
    assert "nope" in result.err


def test_updates_are_refused(query):
    result = query("DROP ALL")
    assert result.code == 2
    assert "SPARQL Update" in result.err
    assert query("INSERT DATA { <urn:a> <urn:b> <urn:c> }").code == 2


def test_service_is_refused_unless_allowed(query, tmp_path):
    result = query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert result.code == 2
    assert "SERVICE" in result.err and "--allow-service" in result.err
    federated = query("federated/wikidata-labels")
    assert federated.code == 2 and "--allow-service" in federated.err


def test_unknown_query_name_exits_2(query):
    result = query("no-such-question")
    assert result.code == 2
    assert "reskg query --list" in result.err


def test_queries_follow_another_base_iri(settings):
    # The data's relative IRIs resolve against --base; the queries' BASE line follows it.
    result = run_reskg(
        "--base",
        "https://example.org/kg/",
        "query",
        "statement-types",
        "--format",
        "csv",
        "--data",
        str(settings.data_dir),
    )
    assert result.code == 0, result.err
    assert "https://example.org/kg/ontology#Demand,16" in result.out


def test_prefixes_of_the_project_need_no_declaration(query):
    result = query("SELECT (COUNT(?d) AS ?n) WHERE { ?d a reskg:Demand }", "--format", "csv")
    assert result.out.splitlines()[1:] == ["16"]


def test_the_queries_the_docs_name_exist():
    # README.md once showed `reskg query demands-with-addressees`, which never existed.
    from support import ROOT

    names = set()
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        names |= set(re.findall(r"reskg query ([a-z][\w/.-]*)", doc.read_text(encoding="utf-8")))
    assert "demands" in names and "sanity-check" in names
    known = {q.name for q in named_queries(QUERIES)}
    for name in names:
        assert name in known or (ROOT / name).is_file(), name


def test_describe_gives_turtle_or_json_ld(query):
    eeas = URIRef("https://w3id.org/reskg/id/org/eeas")
    label = Literal("European External Action Service", lang="en")  # "European External
    # Action Service (EAAS)" in the source text
    turtle = query("DESCRIBE kgo:eeas")
    assert turtle.code == 0, turtle.err
    assert (eeas, RDFS.label, label) in Graph().parse(data=turtle.out, format="turtle")
    jsonld = query("DESCRIBE kgo:eeas", "--format", "jsonld")
    assert jsonld.code == 0, jsonld.err
    assert (eeas, RDFS.label, label) in Graph().parse(data=jsonld.out, format="json-ld")


def test_query_from_standard_input(settings, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { ?d a reskg:Demand }"))
    result = run_reskg("query", "-", "--data", str(settings.data_dir))
    assert (result.code, result.out) == (0, "true\n")
