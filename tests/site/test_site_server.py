"""`reskg serve` over HTTP: dereferencing with content negotiation, status codes, traversal,
the read-only SPARQL endpoint with its limits, and SPARQLWrapper as a real client."""

from __future__ import annotations

import html
import http.client
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, VOID
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from reskg.serve.launch import start_serve

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/reskg/"
EEAS = URIRef(BASE + "id/org/eeas")
SH = Namespace("http://www.w3.org/ns/shacl#")
EEAS_LABEL = Literal("European External Action Service", lang="en")
LABEL_QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    f"SELECT ?label WHERE {{ <{EEAS}> rdfs:label ?label }}"
)
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def raw_get(server: str, path: str) -> tuple[int, bytes]:
    """A GET with the path sent byte for byte (no client-side normalisation of '..')."""
    parts = urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


@pytest.mark.parametrize("media,fmt", sorted(RDF_TYPES.items()))
def test_resource_iri_answers_303_to_a_document_that_parses(server, media, fmt):
    resp = httpx.get(server + "/id/org/eeas", headers={"Accept": media})
    assert resp.status_code == 303
    assert "Accept" in resp.headers["vary"]
    location = resp.headers["location"]
    assert location.startswith("/id/org/eeas.")
    doc = httpx.get(server + location)
    assert doc.status_code == 200
    assert doc.headers["content-type"].startswith(media)
    graph = Graph().parse(data=doc.content, format=fmt)
    assert (EEAS, RDFS.label, EEAS_LABEL) in graph


def test_resource_iri_with_html_accept_leads_to_its_page(server):
    resp = httpx.get(
        server + "/id/org/eeas", headers={"Accept": "text/html,*/*;q=0.8"}, follow_redirects=True
    )
    assert resp.status_code == 200
    assert resp.history[0].status_code == 303
    assert resp.headers["content-type"].startswith("text/html")
    assert "<h1>European External Action Service</h1>" in resp.text


def test_turtle_preferred_by_q_value(server):
    resp = httpx.get(
        server + "/id/resolution/2019-2610-RSP", headers={"Accept": "text/html;q=0.5, text/turtle"}
    )
    assert resp.headers["location"] == "/id/resolution/2019-2610-RSP.ttl"


def test_unsupported_type_is_406(server):
    resp = httpx.get(server + "/id/org/eeas", headers={"Accept": "application/x-nonsense"})
    assert resp.status_code == 406


def test_malformed_accept_is_not_a_server_error(server):
    resp = httpx.get(server + "/id/org/eeas", headers={"Accept": "text/turtle;q=abc, */*;q=1.5"})
    assert resp.status_code == 303


def test_unknown_iri_is_404(server):
    assert httpx.get(server + "/id/org/no-such-org").status_code == 404
    assert httpx.get(server + "/id/org/no-such-org.ttl").status_code == 404


def test_the_ontology_version_iri_dereferences(server):
    resp = httpx.get(server + "/ontology/0.1.0", headers={"Accept": "text/turtle"})
    assert resp.status_code == 303 and resp.headers["location"] == "/ontology/0.1.0.ttl"
    graph = Graph().parse(data=httpx.get(server + resp.headers["location"]).content, format="ttl")
    assert (URIRef(BASE + "ontology"), None, None) in graph


def test_the_shapes_iri_dereferences_to_the_main_shapes_and_its_parts(server):
    resp = httpx.get(server + "/shapes", headers={"Accept": "text/turtle"})
    assert resp.status_code == 303 and resp.headers["location"] == "/shapes.ttl"
    graph = Graph().parse(data=httpx.get(server + "/shapes.ttl").content, format="ttl")
    shapes = URIRef(BASE + "shapes")
    assert (shapes, OWL.imports, URIRef(BASE + "shapes/hardening")) in graph
    demand = URIRef(BASE + "shapes#Demand")
    assert (demand, SH.targetClass, URIRef(BASE + "ontology#Demand")) in graph


def test_a_shape_iris_document_dereferences_with_its_shapes(server):
    resp = httpx.get(server + "/shapes/hardening", headers={"Accept": "text/turtle"})
    assert resp.status_code == 303 and resp.headers["location"] == "/shapes/hardening.ttl"
    doc = httpx.get(server + "/shapes/hardening.ttl")
    assert doc.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=doc.content, format="ttl")
    eli_dl = "http://data.europa.eu/eli/eli-draft-legislation-ontology#"
    procedure = URIRef(BASE + "shapes/hardening#ProcedureType")
    assert (procedure, SH.targetClass, URIRef(eli_dl + "Process")) in graph
    page = httpx.get(server + "/shapes/hardening", follow_redirects=True)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<section class="shape" id="ProcedureType">' in page.text
    assert "names no known procedure type" in page.text


def test_a_shapes_document_without_rdf_xml_answers_406_for_it(server):
    """shapes/hardening's patterns hold U+0000, which XML 1.0 cannot carry: no .rdf."""
    resp = httpx.get(server + "/shapes/hardening", headers={"Accept": "application/rdf+xml"})
    assert resp.status_code == 406
    assert "text/turtle" in resp.text and "application/rdf+xml" not in resp.text
    assert httpx.get(server + "/shapes/hardening.rdf").status_code == 404
    links = httpx.get(server + "/shapes/links", headers={"Accept": "application/rdf+xml"})
    assert links.status_code == 303 and links.headers["location"] == "/shapes/links.rdf"
    graph = Graph().parse(data=httpx.get(server + "/shapes/links.rdf").content, format="xml")
    assert (URIRef(BASE + "shapes/links#Linkset"), RDF.type, SH.NodeShape) in graph


def test_resources_of_the_dataset_description_dereference(server):
    resp = httpx.get(server + "/id/agent/reskg-project", headers={"Accept": "text/turtle"})
    assert resp.status_code == 303 and resp.headers["location"] == "/id/agent/reskg-project.ttl"
    graph = Graph().parse(
        data=httpx.get(server + resp.headers["location"]).content, format="turtle"
    )
    assert (URIRef(BASE + "id/agent/reskg-project"), None, None) in graph
    assert httpx.get(server + "/dataset", headers={"Accept": "text/html"}).status_code == 303


def test_ontology_terms_dereference(server):
    resp = httpx.get(server + "/ontology", headers={"Accept": "text/turtle"})
    assert resp.status_code == 303
    graph = Graph().parse(
        data=httpx.get(server + resp.headers["location"]).content, format="turtle"
    )
    assert (URIRef(BASE + "ontology#Demand"), RDFS.label, Literal("Demand", lang="en")) in graph


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/.%2e/.%2e/.%2e/.%2e/etc/passwd",
        "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/static/..%5c..%5c..%5cetc%5cpasswd",
        "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/id/..%2f..%2f..%2fpyproject.toml",
        "/id/org/..%2f..%2f..%2f..%2fpyproject.toml",
        "//etc/passwd",
        "/static/style.css%00.txt",
        "/id/%ff%fe",
    ],
)
def test_traversal_never_leaves_the_site(server, path):
    status, body = raw_get(server, path)
    assert status in (400, 404)
    assert b"root:" not in body and b"[build-system]" not in body


def test_static_files_and_index_are_served(server):
    assert httpx.get(server + "/").status_code == 200
    css = httpx.get(server + "/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert httpx.get(server + "/robots.txt").status_code == 200


def test_cors_on_reads(server):
    resp = httpx.get(server + "/id/org/eeas.ttl", headers={"Origin": "https://example.org"})
    assert resp.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(
        server + "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == "*"


def test_well_known_void_describes_the_dataset(server):
    resp = httpx.get(server + "/.well-known/void", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    graph = Graph().parse(data=resp.content, format="turtle")
    assert (URIRef(BASE + "dataset"), RDF.type, VOID.Dataset) in graph


# --- SPARQL ------------------------------------------------------------------------------


def test_sparql_get_json(server):
    resp = httpx.get(
        server + "/sparql",
        params={"query": LABEL_QUERY},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert resp.status_code == 200
    rows = resp.json()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["European External Action Service"]


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("text/csv", "label\r\nEuropean External Action Service\r\n"),
        ("text/tab-separated-values", '?label\n"European External Action Service"@en\n'),
    ],
)
def test_sparql_post_urlencoded_csv_and_tsv(server, accept, expected):
    resp = httpx.post(server + "/sparql", data={"query": LABEL_QUERY}, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.text == expected


def test_sparql_post_direct_xml(server):
    resp = httpx.post(
        server + "/sparql",
        content=LABEL_QUERY.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+xml",
        },
    )
    assert resp.status_code == 200
    assert '<literal xml:lang="en">European External Action Service</literal>' in resp.text


def test_sparql_construct_gives_turtle(server):
    query = f"CONSTRUCT {{ <{EEAS}> ?p ?o }} WHERE {{ <{EEAS}> ?p ?o }}"
    resp = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    assert (EEAS, RDFS.label, EEAS_LABEL) in Graph().parse(data=resp.content, format="turtle")


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"data": {"query": "DROP ALL"}},
        {
            "content": b"LOAD <file:///etc/passwd>",
            "headers": {"Content-Type": "application/sparql-update"},
        },
    ],
)
def test_update_is_refused(server, request_kwargs):
    resp = httpx.post(server + "/sparql", **request_kwargs)
    assert resp.status_code == 400
    assert "read-only" in resp.text
    check = httpx.get(
        server + "/sparql",
        params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert check.json()["boolean"] is False


def test_service_is_refused(server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    resp = httpx.get(server + "/sparql", params={"query": query})
    assert resp.status_code == 400 and "SERVICE (federated query) is disabled" in resp.text


def test_service_runs_when_the_server_is_told_to_allow_it(server, site_dir, tmp_path):
    """`--allow-service`: a second server answers a query through SERVICE to the first."""
    served = start_serve(
        tmp_path / "federating.log",
        "--allow-service",
        "--workers",
        "1",
        "--site",
        str(site_dir),
        data=ROOT / "data",
        cwd=ROOT,
        env={"RESKG_BASE": BASE},
    )
    try:
        remote = f"SERVICE <{server}/sparql> {{ <{EEAS}> <{RDFS.label}> ?label }}"
        resp = httpx.post(
            served.url + "/sparql",
            data={"query": f"SELECT ?label WHERE {{ {remote} }}"},
            headers={"Accept": "text/csv"},
            timeout=30,
        )
    finally:
        served.stop()
    assert resp.status_code == 200, resp.text
    assert resp.text == "label\r\nEuropean External Action Service\r\n"


def test_syntax_error_is_400_without_traceback(server):
    resp = httpx.get(server + "/sparql", params={"query": "SELEC ?x WHERE { ?x ?y ?z }"})
    assert resp.status_code == 400
    assert "syntax error" in resp.text and "Traceback" not in resp.text


def test_result_cap_is_a_clear_error(server):
    resp = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert resp.status_code == 400 and "result cap" in resp.text


def test_two_query_parameters_are_refused(server):
    resp = httpx.get(server + "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert resp.status_code == 400


def test_unsupported_methods_and_bodies(server):
    assert httpx.put(server + "/sparql", content=b"x").status_code == 405
    resp = httpx.post(server + "/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415
    big = b"ASK {} #" + b"x" * (1 << 20)
    resp = httpx.post(
        server + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"}
    )
    assert resp.status_code == 413


def test_slow_query_is_stopped_while_others_are_answered(server, time_limit):
    slow: dict[str, httpx.Response] = {}

    def run_slow() -> None:
        slow["resp"] = httpx.get(server + "/sparql", params={"query": SLOW_QUERY}, timeout=60)

    started = time.monotonic()
    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    other = httpx.get(
        server + "/sparql",
        params={"query": LABEL_QUERY},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert other.status_code == 200
    assert other.json()["results"]["bindings"][0]["label"]["value"] == EEAS_LABEL.value
    assert httpx.get(server + "/id/org/eeas.ttl").status_code == 200
    thread.join(60)
    elapsed = time.monotonic() - started
    assert slow["resp"].status_code == 503
    assert "time limit" in slow["resp"].text
    assert elapsed < time_limit + 5
    # the server goes on answering after the stopped query (a new worker replaces it)
    again = httpx.get(server + "/sparql", params={"query": LABEL_QUERY}, timeout=60)
    assert again.status_code == 200


def test_query_page_for_browsers(server):
    resp = httpx.get(server + "/sparql", headers={"Accept": "text/html"})
    assert resp.status_code == 200
    assert '<form class="query"' in resp.text
    assert '<script src="static/sparql.js" defer></script>' in resp.text
    assert httpx.get(server + "/static/sparql.js").status_code == 200


def test_query_page_without_script_renders_results_as_a_table(server):
    resp = httpx.get(
        server + "/sparql", params={"query": LABEL_QUERY}, headers={"Accept": "text/html"}
    )
    assert resp.status_code == 200
    assert "<td>European External Action Service</td>" in resp.text


def test_query_page_escapes_the_query(server):
    query = 'SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}'
    resp = httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "text/html"})
    assert "<script>alert(1)" not in resp.text


def test_service_description_for_rdf_clients(server):
    resp = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=resp.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, RDF.type, URIRef(sd + "Service")) in graph


def test_sparqlwrapper_is_a_real_client(server):
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(LABEL_QUERY)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert rows[0]["label"]["value"] == "European External Action Service"
    client.setMethod(POST)
    client.setQuery(
        "PREFIX eli-dl: <http://data.europa.eu/eli/eli-draft-legislation-ontology#> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?g WHERE { "
        f"<{BASE}id/activity/2019-2610-RSP/tabling> prov:wasAssociatedWith ?g }}"
    )
    groups = {
        r["g"]["value"].rsplit("/", 1)[-1] for r in client.query().convert()["results"]["bindings"]
    }
    assert groups == {"epp", "s-and-d", "ecr", "alde", "greens-efa", "gue-ngl", "efdd"}
    client.setReturnFormat(CSV)
    client.setQuery(LABEL_QUERY)
    assert client.query().convert().decode().splitlines()[1] == "European External Action Service"


def test_no_traceback_in_error_bodies(server):
    for resp in [
        httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { foo:x ?p ?o }"}),
        httpx.get(
            server + "/sparql", params={"query": "SELECT * {} OFFSET 99999999999999999999999"}
        ),
    ]:
        assert resp.status_code == 400
        assert "Traceback" not in resp.text and 'File "' not in resp.text
    assert json.dumps(resp.text)


def test_query_page_offers_every_competency_question(server, settings):
    titles = []
    for path in sorted(settings.queries_dir.glob("*.rq")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().lower().startswith("# title:"):
                titles.append(line.split(":", 1)[1].strip())
                break
    page = httpx.get(server + "/sparql", headers={"Accept": "text/html"}).text
    for title in titles:
        assert f">{html.escape(title, quote=False)}</a>" in page.replace("&#39;", "'"), title


def test_head_gives_the_headers_of_get_without_a_body(server):
    resp = httpx.head(server + "/id/org/eeas.ttl")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    assert resp.content == b""
    assert httpx.head(server + "/id/org/eeas", headers={"Accept": "text/turtle"}).status_code == 303


def test_over_long_url_is_414(server):
    resp = httpx.get(server + "/sparql", params={"query": "ASK {} #" + "x" * 20_000})
    assert resp.status_code == 414


def test_forged_host_never_reaches_the_location(server):
    resp = httpx.get(
        server + "/id/org/eeas", headers={"Host": "evil.example", "Accept": "text/turtle"}
    )
    assert resp.status_code == 303
    assert "evil" not in resp.headers["location"]


def test_requests_are_logged(server, server_log):
    httpx.get(server + "/id/org/dck", headers={"Accept": "text/turtle"})
    time.sleep(0.5)
    assert '"GET /id/org/dck HTTP/1.1" 303' in server_log.read_text(errors="replace")


def test_query_and_results_pages_are_valid_html(server):
    form = httpx.get(server + "/sparql", headers={"Accept": "text/html"})
    results = httpx.get(
        server + "/sparql", params={"query": LABEL_QUERY}, headers={"Accept": "text/html"}
    )
    for resp in (form, results):
        html5lib.HTMLParser(strict=True).parse(resp.content)
