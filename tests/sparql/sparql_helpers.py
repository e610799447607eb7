"""Helpers of the SPARQL tests (a module of its own: every test folder has a conftest.py, and
`import conftest` would reach whichever was imported last)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from support import BASE, ROOT

from reskg.query import QueryResult

QUERIES = ROOT / "queries"


def competency_questions() -> list[Path]:
    """The files of the top folder of queries/ (subfolders hold opt-in federated queries)."""
    return sorted(QUERIES.glob("*.rq"))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_reskg(*args: str) -> CliResult:
    """Run `reskg ARGS...` in this process through reskg.cli.main, catching its exit."""
    from reskg.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return CliResult(code, out.getvalue(), err.getvalue())


def short(term):
    """A compact, readable value for comparisons: IRIs of ours without the base, numbers as
    int, other literals as their lexical form."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(BASE + "id/"):
            return text[len(BASE + "id/") :]
        if text.startswith(BASE + "ontology#"):
            return "reskg:" + text[len(BASE + "ontology#") :]
        return text
    if isinstance(term, Literal) and isinstance(term.toPython(), int):
        return term.toPython()
    return str(term)


def table(result: QueryResult) -> list[dict]:
    """The rows with every variable of the head (None where unbound), values made short."""
    return [{v: short(row.get(v)) for v in result.vars} for row in result.rows]
