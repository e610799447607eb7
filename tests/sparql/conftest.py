"""Fixtures of the SPARQL tests: a throwaway Virtuoso, the graph pushed into it, and helpers
to run the competency questions locally and through the command line."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from support import BASE, ROOT

from reskg import virtuoso as virtuoso_server
from reskg.query import QueryResult, parse_binding, prepare, run_local

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


@pytest.fixture(scope="session")
def reskg():
    return run_reskg


@pytest.fixture(scope="session")
def ask(graph: Graph):
    """Run a named competency question on the local graph: ask("demands", addressee="kgo:eeas")."""

    def run(name: str, on: Graph | None = None, **binds: str) -> QueryResult:
        path = QUERIES / f"{name}.rq"
        bindings = [parse_binding(f"{k}={v}") for k, v in binds.items()]
        prepared = prepare(path.read_text(encoding="utf-8"), bindings, origin=str(path))
        return run_local(prepared, on if on is not None else graph)

    return run


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


# --- Virtuoso ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def virtuoso():
    """A Virtuoso server on loopback with a throwaway database, stopped (its whole process
    group) after the session. Skipped only when the binary is not installed."""
    if virtuoso_server.binary() is None:
        pytest.skip(
            "virtuoso-t is not installed (apt-get install virtuoso-opensource-7-bin); "
            ".ci/run installs it"
        )
    server = virtuoso_server.Virtuoso().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pushed(virtuoso, settings, graph):
    """The project's graph pushed into Virtuoso's dataset graph through `reskg push`."""
    result = run_reskg(
        "push",
        "--endpoint",
        virtuoso.update_url,
        "--user",
        virtuoso.user,
        "--password",
        virtuoso.password,
        "--data",
        str(settings.data_dir),
    )
    assert result.code == 0, result.err
    return settings.dataset_iri
