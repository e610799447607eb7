"""Run one read-only SPARQL query over a graph: parse, guard, evaluate, cap, serialise.

Pure and synchronous: the server runs it inside a worker process it can kill at the time limit.
Every failure becomes a Reply with a 4xx status and a one-line message, never a traceback.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rdflib import Graph
from rdflib.query import Result

from reskg.serve.conneg import negotiate
from reskg.serve.results import ASK_FORMATS, GRAPH_FORMATS, SELECT_FORMATS
from reskg.sparql_guard import CheckedQuery, QueryRefused, check_query, deep_call

HTML = "text/html"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None
    max_rows: int
    allow_service: bool = False
    html_ok: bool = False  # the caller can render SELECT results as an HTML table
    max_depth: int = 64


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes
    retry_after: int | None = None  # seconds, for a 503 the client may retry

    @classmethod
    def error(cls, status: int, message: str, retry_after: int | None = None) -> Reply:
        body = (message.rstrip() + "\n").encode("utf-8")
        return cls(status, "text/plain; charset=utf-8", body, retry_after)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def execute(graph: Graph, req: QueryRequest) -> Reply:
    """The reply to one query: results, or a clear 4xx error."""
    try:
        checked = check_query(req.query, allow_service=req.allow_service, max_depth=req.max_depth)
    except QueryRefused as refused:
        return Reply.error(refused.status, refused.message)
    try:
        return deep_call(_evaluate, graph, checked, req)
    except QueryRefused as refused:
        return Reply.error(refused.status, refused.message)
    except RecursionError:
        return Reply.error(400, "query nested too deeply")
    except Exception as exc:  # evaluation errors (type errors, bad arguments, ...)
        return Reply.error(400, f"query failed: {_first_line(exc)}")


def _evaluate(graph: Graph, checked: CheckedQuery, req: QueryRequest) -> Reply:
    algebra = checked.query.algebra
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
            406, "cannot give this result in the accepted types; available: " + ", ".join(offered)
        )
    result = graph.query(checked.query)
    if kind == "SelectQuery":
        if not _within_cap(result, req.max_rows):
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
    return Reply(200, media, out.serialize(format=GRAPH_FORMATS[media], encoding="utf-8"))


def _within_cap(result: Result, max_rows: int) -> bool:
    """Whether a SELECT result has at most max_rows rows, drawing at most max_rows + 1 of
    them from rdflib's lazy generator (a cartesian product is never materialised)."""
    pending = getattr(result, "_genbindings", None)
    if pending is not None:
        result._genbindings = None  # type: ignore[attr-defined]
        result._bindings = list(itertools.islice(pending, max_rows + 1))  # type: ignore[attr-defined]
    return len(result.bindings) <= max_rows
