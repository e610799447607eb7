"""Fixtures of the SPARQL tests: a throwaway Virtuoso, the graph pushed into it, and running
the competency questions on the local graph (helpers live in sparql_helpers.py)."""

from __future__ import annotations

import os

import pytest
from rdflib import Graph
from sparql_helpers import QUERIES, run_reskg

from reskg import virtuoso as virtuoso_server
from reskg.query import QueryResult, parse_binding, prepare, run_local, run_remote


@pytest.fixture(scope="session", params=["local", "virtuoso"])
def ask(request, graph: Graph):
    """Run a named competency question, ask("demands", addressee="kgo:eeas"): on the local graph,
    then (second parameter) on the graph pushed into Virtuoso, so that every hand-written
    expectation is checked on both. ``on=GRAPH`` runs on that (local) graph instead."""
    remote = None
    if request.param == "virtuoso":
        remote = (request.getfixturevalue("virtuoso"), request.getfixturevalue("pushed"))

    def run(name: str, on: Graph | None = None, **binds: str) -> QueryResult:
        path = QUERIES / f"{name}.rq"
        bindings = [parse_binding(f"{k}={v}") for k, v in binds.items()]
        prepared = prepare(path.read_text(encoding="utf-8"), bindings, origin=str(path))
        if on is not None or remote is None:
            return run_local(prepared, on if on is not None else graph)
        server, dataset = remote
        return run_remote(prepared, server.query_url, default_graphs=[dataset])

    run.backend = request.param
    return run


# --- Virtuoso ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def virtuoso():
    """A Virtuoso server on loopback with a throwaway database, stopped (its whole process
    group) after the session. Skipped when the binary is not installed, except in CI."""
    if virtuoso_server.binary() is None:
        message = (
            "virtuoso-t is not installed (apt-get install virtuoso-opensource-7-bin); "
            ".ci/run installs it"
        )
        if os.environ.get("RESKG_REQUIRE_VIRTUOSO"):  # set by .ci/run: never skipped in CI
            pytest.fail(message)
        pytest.skip(message)
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
