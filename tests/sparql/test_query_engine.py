"""Units of the query engine and of push: where bindings go, how values are read, which
Graph Store endpoint sits beside an update endpoint, how a graph is cut into batches."""

from __future__ import annotations

import http.server
import threading
import urllib.error
from urllib.parse import parse_qs

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql.parser import parseQuery

from reskg.errors import InputError
from reskg.push import (
    Response,
    StoreClient,
    batches_of,
    graph_batches,
    guess_gsp_url,
    ntriples_lines,
    push_graph,
)
from reskg.query import _mask, parse_binding, prepare, read_header, run_local, run_remote

EEAS = URIRef("https://w3id.org/reskg/id/org/eeas")


def test_mask_hides_comments_strings_and_iris_but_keeps_positions():
    text = "SELECT * { ?s <http://x/#a> \"a { b\" . # } comment\n ?s ?p '''c\n}''' }"
    masked = _mask(text)
    assert len(masked) == len(text)
    assert masked.count("{") == 1 and masked.count("}") == 1
    assert "#" not in masked


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?a WHERE { ?a ?p ?o }",
        "PREFIX x: <http://x/#a> SELECT ?a { ?a ?p 'w{' }",
        "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o } } } VALUES ?o { 1 }",
        "CONSTRUCT { ?a <urn:p> ?o } WHERE { ?a ?p ?o }",
        "ASK { ?a ?p ?o }",
        "DESCRIBE ?a WHERE { ?a ?p ?o }",
        "# a comment with { braces }\nSELECT ?a WHERE { ?a ?p ?o }",
    ],
)
def test_bindings_go_first_into_the_where_pattern(query):
    prepared = prepare(query, [("a", EEAS)])
    assert f"{{ VALUES ?a {{ <{EEAS}> }}" in prepared.text
    parseQuery(prepared.text)  # still one valid query
    if query.startswith("CONSTRUCT"):
        assert prepared.text.startswith("CONSTRUCT { ?a <urn:p> ?o } WHERE { VALUES ?a")


def test_bindings_also_fix_subqueries_that_use_the_variable():
    text = (
        "ASK { { SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o } } "
        '{ SELECT (COUNT(*) AS ?m) WHERE { ?s ?p "{ SELECT ?a" } } FILTER(?n > ?m) }'
    )
    prepared = prepare(text, [("a", EEAS)])
    values = f"VALUES ?a {{ <{EEAS}> }}"
    assert prepared.text.count(values) == 2  # the ASK's pattern and the subquery using ?a
    assert f"WHERE {{ {values} ?a ?p ?o }}" in prepared.text
    assert 'WHERE { ?s ?p "{ SELECT ?a" }' in prepared.text  # no ?a there (only in a string)
    parseQuery(prepared.text)


def test_names_like_select_are_not_subqueries():
    text = "SELECT ?select WHERE { ?a <urn:p> ?select OPTIONAL { ?a ex:select ?o } }"
    prepared = prepare(text.replace("ex:select", "<urn:select>"), [("a", EEAS)])
    assert prepared.text.count("VALUES") == 1  # at the start of the WHERE pattern only
    assert "OPTIONAL { ?a <urn:select> ?o }" in prepared.text


def test_a_bound_subquery_counts_only_its_value():
    graph = Graph()
    for s in ("urn:x:1", "urn:x:2"):
        graph.add((URIRef(s), URIRef("urn:p"), Literal(1)))
        graph.add((URIRef(s), URIRef("urn:q"), Literal(2)))
    text = "ASK { { SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o } } FILTER(?n = 2) }"
    assert run_local(prepare(text), graph).boolean is False  # 4 triples in all
    assert run_local(prepare(text, [("a", URIRef("urn:x:1"))]), graph).boolean is True


def test_literal_bindings_are_escaped():
    value = Literal('x" } } DROP ALL #\n')
    prepared = prepare("SELECT ?a WHERE { ?s ?p ?a }", [("a", value)])
    parsed = parseQuery(prepared.text)
    assert parsed[1].name == "SelectQuery"
    assert "DROP ALL" in prepared.text and prepared.text.count("VALUES") == 1


def test_short_construct_cannot_take_bindings():
    with pytest.raises(InputError, match="CONSTRUCT WHERE"):
        prepare("CONSTRUCT WHERE { ?a ?p ?o }", [("a", EEAS)])


@pytest.mark.parametrize(
    "spec, value",
    [
        ("r=<https://w3id.org/reskg/id/org/eeas>", EEAS),
        ("r=kgo:eeas", EEAS),
        ("?r=kgo:eeas", EEAS),
        ('r="text"', Literal("text")),
        ('r="texte"@fr', Literal("texte", lang="fr")),
        ('r="5"^^xsd:int', Literal("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#int"))),
        ("r=42", Literal(42)),
        ("r=-4.5", Literal("-4.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
        ("r=true", Literal(True)),
        ("r=https://example.org/x?y=1", URIRef("https://example.org/x?y=1")),
    ],
)
def test_binding_values(spec, value):
    name, got = parse_binding(spec)
    assert name == "r"
    assert got == value and type(got) is type(value)


def test_header_lines_continue():
    header = read_header("# title: T\n# description: first\n#   second\n# returns: a, b\nSELECT")
    assert header == {"title": "T", "description": "first second", "returns": "a, b"}


@pytest.mark.parametrize(
    "update, gsp",
    [
        ("http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        ("http://h:3030/ds/update", "http://h:3030/ds/data"),
        ("http://h:3030/ds/sparql", "http://h:3030/ds/data"),
        (
            "http://h:7200/repositories/kg/statements",
            "http://h:7200/repositories/kg/rdf-graphs/service",
        ),
        ("http://h:7878/update", "http://h:7878/store"),
        ("http://h/some/other/endpoint", None),
    ],
)
def test_graph_store_endpoint_beside_an_update_endpoint(update, gsp):
    assert guess_gsp_url(update) == gsp


def test_batches_cover_the_graph_once_in_a_stable_order():
    graph = Graph()
    for i in range(25):
        graph.add((URIRef(f"urn:s:{i}"), URIRef("urn:p"), Literal(f'line\n"{i}"')))
    lines = ntriples_lines(graph)
    chunks = batches_of(lines, 10)
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert sum(chunks, []) == lines == sorted(lines)
    back = Graph().parse(data="\n".join(lines), format="nt")
    assert len(back) == 25
    with pytest.raises(InputError):
        batches_of(lines, 0)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A loopback SPARQL endpoint that records each request and answers ASK true."""

    seen: list[dict] = []

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self.seen.append(
            {
                "type": self.headers.get("Content-Type"),
                "form": parse_qs(body),
                "accept": self.headers.get("Accept"),
            }
        )
        answer = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def test_remote_queries_are_form_posts_of_query_with_the_default_graph():
    # SPARQLWrapper alone strips every other comment line and takes "addressee" for the update
    # keyword ADD, and would send update=.
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        text = "# title: t\n# who is the addressee\nASK { ?d <urn:p> ?o }"
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        result = run_remote(prepare(text), url, default_graphs=["urn:g"], timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert result.boolean is True
    request = _Recorder.seen[-1]
    assert request["type"].startswith("application/x-www-form-urlencoded")
    assert request["form"]["query"] == [text]
    assert "update" not in request["form"]
    assert request["form"]["default-graph-uri"] == ["urn:g"]
    assert "application/sparql-results+json" in request["accept"]


def test_triples_sharing_a_blank_node_stay_in_one_batch():
    # Each request is a blank-node scope of its own: split over two batches, one blank node
    # would become two in the store.
    graph = Graph().parse(
        data="""
        @prefix ex: <http://example.org/> .
        ex:a ex:p [ ex:q "1" ] .
        ex:b ex:p [ ex:q "2" ; ex:r [ ex:s "3" ; ex:t "4" ] ] .
        ex:c ex:p ex:d , ex:e , ex:f .
        """,
        format="turtle",
    )
    chunks = graph_batches(graph, 2)
    # ex:c's three triples cut 2 + 1, then ex:a with its blank node (2) and ex:b with its two
    # (5, over the size), in either order
    assert [len(c) for c in chunks[:2]] == [2, 1]
    assert sorted(len(c) for c in chunks[2:]) == [2, 5]
    for chunk in chunks:
        labels = {t for line in chunk for t in line.split() if t.startswith("_:")}
        others = [line for c in chunks if c is not chunk for line in c]
        assert not any(label in line for label in labels for line in others)
    back = Graph()
    for chunk in chunks:
        back += Graph().parse(data="\n".join(chunk), format="nt")
    assert len(back) == len(graph) == 10
    assert isomorphic(back, graph)
    ground = Graph()
    for i in range(25):
        ground.add((URIRef(f"urn:s:{i}"), URIRef("urn:p"), Literal(i)))
    assert graph_batches(ground, 10) == batches_of(ntriples_lines(ground), 10)


class _RecordingStore(StoreClient):
    """Records each request instead of sending it; the Graph Store endpoint may be missing."""

    def __init__(self, gsp_status: int = 200):
        super().__init__()
        self.gsp_status = gsp_status
        self.requests: list[tuple[str, str]] = []

    def send(self, method, url, body=None, headers=None):
        if method in ("PUT", "POST") and "/store" in url:
            if self.gsp_status != 200:
                raise urllib.error.HTTPError(url, self.gsp_status, "missing", None, None)
            self.requests.append((method, "gsp"))
        else:
            update = parse_qs(body.decode())["update"][0]
            self.requests.append((method, update.split(" {")[0].split(" <")[0]))
        return Response(200, b"")


def _numbered(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(f"urn:s:{i}"), URIRef("urn:p"), Literal(i)))
    return graph


def test_push_loads_a_temporary_graph_in_batches_with_progress_then_moves_it():
    store, seen = _RecordingStore(), []
    report = push_graph(
        _numbered(25),
        "http://h:7878/update",
        target="urn:g",
        batch_size=10,
        client=store,
        progress=lambda step, done, total: seen.append((done, total)),
    )
    assert store.requests == [("PUT", "gsp"), ("POST", "gsp"), ("POST", "gsp"), ("POST", "MOVE")]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert (report.method, report.triples, report.batches) == ("gsp", 25, 3)


def test_push_falls_back_to_sparql_update_without_a_graph_store():
    store = _RecordingStore(gsp_status=404)
    report = push_graph(
        _numbered(25), "http://h:7878/update", target="urn:g", batch_size=10, client=store
    )
    assert store.requests == [
        ("POST", "DROP SILENT GRAPH"),
        ("POST", "INSERT DATA"),
        ("POST", "INSERT DATA"),
        ("POST", "INSERT DATA"),
        ("POST", "MOVE"),
    ]
    assert report.method == "update"
