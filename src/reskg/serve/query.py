"""Run one read-only SPARQL query over a graph: parse, guard, evaluate, cap, serialise.

Pure and synchronous: the server runs it inside a worker process it can kill at the time limit.
Every failure becomes a Reply with a 4xx status and a one-line message, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import CompValue

from reskg.serve.conneg import negotiate
from reskg.serve.results import ASK_FORMATS, GRAPH_FORMATS, SELECT_FORMATS

HTML = "text/html"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None
    max_rows: int
    allow_service: bool = False
    html_ok: bool = False  # the caller can render SELECT results as an HTML table


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _contains(node: object, name: str, depth: int = 0) -> bool:
    """Whether an algebra tree holds a node of the given name (e.g. ServiceGraphPattern)."""
    if depth > 500:
        return True
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(v, name, depth + 1) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_contains(v, name, depth + 1) for v in node)
    return False


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:  # anything that does not parse as an update is simply not one
        return False
    return True


def execute(graph: Graph, req: QueryRequest) -> Reply:
    """The reply to one query: results, or a clear 4xx error."""
    try:
        parsed = parseQuery(req.query)
        query = translateQuery(parsed)
    except RecursionError:
        return Reply.error(400, "query nested too deeply")
    except Exception as exc:  # rdflib raises ParseException and bare Exceptions
        if _is_update(req.query):
            return Reply.error(400, "updates are not accepted: this endpoint is read-only")
        return Reply.error(400, f"query syntax error: {_first_line(exc)}")
    algebra = query.algebra
    if algebra.get("datasetClause"):
        return Reply.error(
            400,
            "FROM and FROM NAMED are not supported: the endpoint queries the union of all graphs",
        )
    if not req.allow_service and _contains(algebra, "ServiceGraphPattern"):
        return Reply.error(
            400,
            "SERVICE is disabled on this endpoint (start the server "
            "with --allow-service to enable federated queries)",
        )
    kind = algebra.name
    if kind == "SelectQuery":
        offered = list(SELECT_FORMATS) + ([HTML] if req.html_ok else [])
    elif kind == "AskQuery":
        offered = list(ASK_FORMATS)
    else:
        offered = list(GRAPH_FORMATS)
    media = negotiate(req.accept, offered)
    if media is None:
        return Reply.error(
            406, f"cannot give this result as {req.accept}; available: " + ", ".join(offered)
        )
    try:
        result = graph.query(query)
        if kind == "SelectQuery":
            if len(result.bindings) > req.max_rows:
                return Reply.error(
                    400,
                    f"result too large: more than {req.max_rows} rows (the "
                    "result cap); add a LIMIT or narrow the query",
                )
            if media == HTML:
                return Reply(200, HTML, SELECT_FORMATS["application/sparql-results+json"](result))
            return Reply(200, media, SELECT_FORMATS[media](result))
        if kind == "AskQuery":
            return Reply(200, media, SELECT_FORMATS[media](result))
        out = result.graph
        if out is None:
            return Reply.error(400, "query gave no graph")
        if len(out) > req.max_rows:
            return Reply.error(
                400, f"result too large: more than {req.max_rows} triples (the result cap)"
            )
        data = out.serialize(format=GRAPH_FORMATS[media], encoding="utf-8")
        return Reply(200, media, data)
    except RecursionError:
        return Reply.error(400, "query nested too deeply")
    except Exception as exc:  # evaluation errors (unknown prefix, bad OFFSET, ...)
        return Reply.error(400, f"query failed: {_first_line(exc)}")
