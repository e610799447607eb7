"""The round trip through a real store: `reskg push` into a throwaway Virtuoso, every competency
question run locally and on Virtuoso with the same answers, and the failure modes of push and
query (credentials, unreachable or silent endpoints, a push that fails midway)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from collections import Counter
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from sparql_helpers import QUERIES, competency_questions, run_reskg
from support import BASE

from reskg import push as push_module
from reskg.errors import InputError
from reskg.push import PushError, StoreClient, push_graph
from reskg.query import GRAPH_FORMS, QueryResult, parse_binding, prepare, run_local, run_remote
from reskg.virtuoso import free_port

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    URIRef(XSD_NS + name)
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "decimal",
        "double",
        "float",
    )
}
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
BOOLEAN, STRING = URIRef(XSD_NS + "boolean"), URIRef(XSD_NS + "string")


def normalise(term):
    """One term, with what stores legitimately rewrite made equal: numeric datatypes and
    canonical forms, language-tag case, xsd:string versus a simple literal, booleans as 1/0,
    blank-node labels."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    if term.language:
        return ("lang", str(term), term.language.lower())
    if term.datatype in NUMERIC:
        return ("number", Decimal(str(term)))
    if term.datatype == BOOLEAN:
        return ("boolean", str(term).lower() in ("true", "1"))
    if term.datatype in (None, STRING):
        return ("string", str(term))
    return ("typed", str(term), str(term.datatype))


def answers(result: QueryResult):
    """The answer as a multiset, independent of order."""
    if result.form == "ASK":
        return result.boolean
    if result.form in GRAPH_FORMS:
        return Counter(tuple(normalise(t) for t in triple) for triple in result.graph)
    return Counter(tuple((v, normalise(row.get(v))) for v in result.vars) for row in result.rows)


def count_triples(server, graph_iri: str) -> int:
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    result = run_remote(prepare(text), server.query_url)
    return int(result.rows[0]["n"])


def temporary_graphs(server) -> list[str]:
    text = (
        'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:uuid:")) }'
    )
    return [str(r["g"]) for r in run_remote(prepare(text), server.query_url).rows]


# --- Every competency question, locally and on Virtuoso ---------------------------------------


@pytest.mark.parametrize("path", competency_questions(), ids=lambda p: p.stem)
def test_same_answers_locally_and_on_virtuoso(path, graph, virtuoso, pushed):
    prepared = prepare(path.read_text(encoding="utf-8"), origin=str(path))
    local = run_local(prepared, graph)
    remote = run_remote(prepared, virtuoso.query_url, default_graphs=[pushed])
    assert local.form == remote.form
    if local.form == "SELECT":
        assert local.vars == remote.vars
        assert local.rows, f"{path.stem} answers nothing locally: the comparison would be empty"
    assert answers(local) == answers(remote)


@pytest.mark.parametrize(
    "name, bind",
    [
        ("demands", "addressee=kgo:eeas"),
        ("statement-types", "resolution=res:2019-2610-RSP"),
        ("statement-types", "resolution=res:no-such-resolution"),
        ("demands-by-addressee", "addressee=kgo:nobody"),
        ("asked-of-state-authorities", "country=kgc:kazakhstan"),
        ("resolution-summary", "resolution=res:2019-2610-RSP"),
        ("sanity-check", "resolution=res:2019-2610-RSP"),
        ("external-links", "link=owl:sameAs"),
    ],
)
def test_same_answers_with_bindings(name, bind, graph, virtuoso, pushed):
    path = QUERIES / f"{name}.rq"
    prepared = prepare(path.read_text(encoding="utf-8"), [parse_binding(bind)], origin=str(path))
    local = run_local(prepared, graph)
    remote = run_remote(prepared, virtuoso.query_url, default_graphs=[pushed])
    assert answers(local) == answers(remote)


FLAWED = "http://example.org/test/flawed"  # the graph, demand 5 without its addressee, and
# a second, sound resolution: one demand with an addressee, an action and a describing annotation
SOUND_RESOLUTION = """
@prefix reskg: <https://w3id.org/reskg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
<urn:x:demand> a reskg:Demand ; dcterms:isPartOf <urn:x:sound> ; reskg:addressee <urn:x:someone> ;
    reskg:requestsAction <urn:x:act> .
<urn:x:annotation> oa:hasBody <urn:x:demand> ; oa:motivatedBy oa:describing .
"""


@pytest.fixture(scope="module")
def flawed(virtuoso, graph) -> Graph:
    flawed = Graph()
    flawed += graph
    flawed.remove(
        (URIRef(BASE + "id/demand/2019-2610-RSP/5"), URIRef(BASE + "ontology#addressee"), None)
    )
    flawed.parse(data=SOUND_RESOLUTION, format="turtle")
    push_graph(flawed, virtuoso.update_url, target=FLAWED, user="dba", password="dba")
    return flawed


@pytest.mark.parametrize(
    "bind, expected",
    [
        (None, False),  # one resolution is flawed: the graph is not sound
        ("resolution=<urn:x:sound>", True),  # the sound one alone is
        ("resolution=res:2019-2610-RSP", False),  # demand 5 has no addressee
        ("resolution=res:no-such-resolution", False),  # no demands at all
    ],
)
def test_sanity_check_finds_a_flaw_on_virtuoso(bind, expected, flawed, virtuoso):
    path = QUERIES / "sanity-check.rq"
    bindings = [parse_binding(bind)] if bind else []
    prepared = prepare(path.read_text(encoding="utf-8"), bindings, origin=str(path))
    assert run_local(prepared, flawed).boolean is expected
    assert run_remote(prepared, virtuoso.query_url, default_graphs=[FLAWED]).boolean is expected


def _by_resolution():
    return [p for p in competency_questions() if "?resolution" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", _by_resolution(), ids=lambda p: p.stem)
def test_each_question_fixed_to_one_resolution(path, graph, virtuoso, pushed):
    # The graph holds one resolution: fixed to it, a question answers as unbound; fixed to a
    # resolution the graph lacks, it answers nothing. The same on both, so the store honours the
    # VALUES that --bind adds.
    text = path.read_text(encoding="utf-8")
    unbound = answers(run_local(prepare(text, origin=str(path)), graph))
    for iri, expected in [("res:2019-2610-RSP", unbound), ("res:no-such-resolution", None)]:
        prepared = prepare(text, [parse_binding(f"resolution={iri}")], origin=str(path))
        local = answers(run_local(prepared, graph))
        remote = answers(run_remote(prepared, virtuoso.query_url, default_graphs=[pushed]))
        if expected is None:
            assert local in (False, Counter())
        else:
            assert local == expected
        assert remote == local, iri


def test_bound_query_on_virtuoso_through_the_command_line(virtuoso, pushed):
    result = run_reskg(
        "query",
        "demands",
        "--endpoint",
        virtuoso.query_url,
        "--graph",
        pushed,
        "--bind",
        "addressee=kgo:eeas",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    rows = json.loads(result.out)["results"]["bindings"]
    assert len({r["action"]["value"] for r in rows}) == 7  # the EEAS is asked seven actions


def test_describe_on_virtuoso_gives_a_graph(virtuoso, pushed):
    result = run_reskg(
        "query", "DESCRIBE kgo:eeas", "--endpoint", virtuoso.query_url, "--graph", pushed
    )
    assert result.code == 0, result.err
    described = Graph().parse(data=result.out, format="turtle")
    eeas = URIRef(BASE + "id/org/eeas")
    labels = {str(o) for o in described.objects(eeas, URIRef(RDFS + "label"))}
    assert labels == {"European External Action Service"}


def test_ask_on_virtuoso_sets_the_exit_code(virtuoso, pushed):
    ok = run_reskg("query", "sanity-check", "--endpoint", virtuoso.query_url, "--graph", pushed)
    assert (ok.code, ok.out) == (0, "true\n")
    no = run_reskg(
        "query", "ASK { ?s a <urn:x:Nothing> }", "--endpoint", virtuoso.query_url, "--graph", pushed
    )
    assert (no.code, no.out) == (1, "false\n")


# --- Push ---------------------------------------------------------------------------------------


def test_push_twice_leaves_exactly_one_copy(virtuoso, pushed, graph, settings):
    again = run_reskg(
        "push",
        "--endpoint",
        virtuoso.update_url,
        "--user",
        "dba",
        "--password",
        "dba",
        "--data",
        str(settings.data_dir),
    )
    assert again.code == 0, again.err
    assert "Graph Store protocol" in again.out
    assert count_triples(virtuoso, pushed) == len(graph)
    assert temporary_graphs(virtuoso) == []


def test_push_replaces_the_old_graph(virtuoso, graph, settings):
    target = "http://example.org/test/replaced"
    stale = Graph()
    stale.add((URIRef("http://example.org/stale"), URIRef("http://example.org/p"), Literal("old")))
    push_graph(stale, virtuoso.update_url, target=target, user="dba", password="dba")
    assert count_triples(virtuoso, target) == 1
    result = run_reskg(
        "push",
        "--endpoint",
        virtuoso.update_url,
        "--graph",
        target,
        "--user",
        "dba",
        "--password",
        "dba",
        "--data",
        str(settings.data_dir),
        "--batch-size",
        "700",
    )
    assert result.code == 0, result.err
    assert count_triples(virtuoso, target) == len(graph)
    stale_left = run_remote(
        prepare(f"ASK {{ GRAPH <{target}> {{ <http://example.org/stale> ?p ?o }} }}"),
        virtuoso.query_url,
    )
    assert stale_left.boolean is False


def test_push_with_basic_auth_falls_back_to_sparql_update(virtuoso, graph, settings):
    # Virtuoso's own auth endpoints take Digest only; this adds a Basic twin of /sparql,
    # which has no Graph Store endpoint beside it, so push goes through INSERT DATA batches.
    virtuoso.isql(
        "DB.DBA.VHOST_DEFINE(lpath=>'/sparql-basic', ppath=>'/!sparql/', is_dav=>1, "
        "vsp_user=>'dba', sec=>'basic', realm=>'SPARQL', auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', "
        "opts=>vector('noinherit', 1));"
    )
    target = "http://example.org/test/basic"
    endpoint = virtuoso.base + "/sparql-basic"
    result = run_reskg(
        "push",
        "--endpoint",
        endpoint,
        "--graph",
        target,
        "--auth",
        "basic",
        "--user",
        "dba",
        "--password",
        "dba",
        "--data",
        str(settings.data_dir),
        "--batch-size",
        "1000",
    )
    assert result.code == 0, result.err
    assert f"SPARQL Update, {-(-len(graph) // 1000)} batches" in result.out  # ceil(n / 1000)
    assert count_triples(virtuoso, target) == len(graph)
    wrong = run_reskg(
        "push",
        "--endpoint",
        endpoint,
        "--graph",
        target,
        "--auth",
        "basic",
        "--user",
        "dba",
        "--password",
        "wrong",
        "--data",
        str(settings.data_dir),
    )
    assert wrong.code == 2
    assert "refused the credentials" in wrong.err
    assert count_triples(virtuoso, target) == len(graph)


def test_wrong_password_is_refused_with_exit_2(virtuoso, pushed, graph, settings):
    for auth in ("auto", "digest"):
        result = run_reskg(
            "push",
            "--endpoint",
            virtuoso.update_url,
            "--user",
            "dba",
            "--password",
            "not-the-password",
            "--auth",
            auth,
            "--data",
            str(settings.data_dir),
        )
        assert result.code == 2
        assert "refused the credentials of user 'dba'" in result.err
        assert "wrong user or password" in result.err
    anonymous = run_reskg(
        "push", "--endpoint", virtuoso.update_url, "--data", str(settings.data_dir)
    )
    assert anonymous.code == 2
    assert "requires authentication" in anonymous.err
    query = run_reskg(
        "query",
        "statement-types",
        "--endpoint",
        virtuoso.update_url,
        "--user",
        "dba",
        "--password",
        "nope",
    )
    assert query.code == 2
    assert "refused the credentials" in query.err
    assert count_triples(virtuoso, pushed) == len(graph)


BLANK_NODES = """
@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "1" ] .
ex:b ex:p [ ex:q "2" ; ex:r [ ex:s "3" ; ex:t "4" ] ] .
ex:c ex:p ex:d , ex:e , ex:f .
"""


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_blank_nodes_survive_small_batches(virtuoso, method):
    target = f"http://example.org/test/blank-nodes-{method}"
    graph = Graph().parse(data=BLANK_NODES, format="turtle")
    report = push_graph(
        graph,
        virtuoso.update_url,
        target=target,
        method=method,
        batch_size=2,
        user="dba",
        password="dba",
    )
    assert (report.method, report.triples) == (method, 10)
    blanks = run_remote(
        prepare(
            f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{target}> {{ ?x ?p ?o }} "
            "FILTER(isBlank(?x)) }"
        ),
        virtuoso.query_url,
    )
    assert int(blanks.rows[0]["n"]) == 3
    whole = run_remote(
        prepare(
            "PREFIX ex: <http://example.org/>\n"
            f"ASK {{ GRAPH <{target}> {{ ex:a ex:p [ ex:q '1' ] . "
            "ex:b ex:p [ ex:q '2' ; ex:r [ ex:s '3' ; ex:t '4' ] ] } }"
        ),
        virtuoso.query_url,
    )
    assert whole.boolean is True
    assert count_triples(virtuoso, target) == 10


class FailingClient(StoreClient):
    """Fails the n-th write request, as a store that breaks or a network that drops would."""

    def __init__(self, fail_at: int, **kwargs):
        super().__init__(**kwargs)
        self.fail_at = fail_at
        self.writes = 0

    def send(self, method, url, body=None, headers=None):
        is_write = method == "PUT" or (method == "POST" and b"DROP+SILENT" not in (body or b""))
        if is_write:
            self.writes += 1
            if self.writes == self.fail_at:
                raise PushError(f"{url}: connection reset (simulated)")
        return super().send(method, url, body, headers)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_a_push_failing_midway_leaves_the_old_graph_intact(virtuoso, pushed, graph, method):
    before = count_triples(virtuoso, pushed)
    other = Graph()
    for i in range(1200):
        other.add(
            (URIRef(f"http://example.org/new/{i}"), URIRef("http://example.org/p"), Literal(i))
        )
    client = FailingClient(fail_at=2, user="dba", password="dba")
    with pytest.raises(PushError, match="simulated"):
        push_graph(
            other, virtuoso.update_url, target=pushed, method=method, batch_size=500, client=client
        )
    assert client.writes == 2
    assert count_triples(virtuoso, pushed) == before == len(graph)
    assert temporary_graphs(virtuoso) == []  # the partial temporary graph was dropped


def test_an_interrupted_push_leaves_the_old_graph_intact(virtuoso, pushed, graph):
    other = Graph()
    for i in range(1500):
        other.add(
            (URIRef(f"http://example.org/new/{i}"), URIRef("http://example.org/p"), Literal(i))
        )

    def interrupt(step, done, total):
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        push_graph(
            other,
            virtuoso.update_url,
            target=pushed,
            batch_size=500,
            user="dba",
            password="dba",
            progress=interrupt,
        )
    assert count_triples(virtuoso, pushed) == len(graph)
    assert temporary_graphs(virtuoso) == []


# --- Endpoints that are down or silent --------------------------------------------------------


def test_unreachable_endpoint_exits_2_fast(settings):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    started = time.monotonic()
    query = run_reskg("query", "statement-types", "--endpoint", url)
    push = run_reskg("push", "--endpoint", url, "--data", str(settings.data_dir))
    assert time.monotonic() - started < 10
    assert query.code == 2 and "cannot reach the endpoint" in query.err
    assert push.code == 2 and "cannot reach the store" in push.err


def test_push_of_data_that_does_not_conform_sends_nothing_and_exits_1(settings, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data)
    statements = data / "2019-2610-RSP" / "statements.ttl"
    line = "    reskg:addressee <id/org/authorities-of-kazakhstan> ;\n"
    text = statements.read_text(encoding="utf-8")
    assert line in text  # the first is demand 1's, its only addressee
    statements.write_text(text.replace(line, "", 1), encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens: any request would fail
    checked = run_reskg("push", "--endpoint", url, "--data", str(data))
    assert checked.code == 1
    assert "A demand needs at least one addressee" in checked.err
    assert "nothing pushed" in checked.err and "cannot reach" not in checked.err
    unchecked = run_reskg("push", "--no-validate", "--endpoint", url, "--data", str(data))
    assert unchecked.code == 2 and "cannot reach the store" in unchecked.err


def test_silent_endpoint_times_out_with_exit_2():
    with socket.socket() as listener:  # accepts connections (backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        started = time.monotonic()
        result = run_reskg("query", "statement-types", "--endpoint", url, "--timeout", "2")
        elapsed = time.monotonic() - started
    assert result.code == 2
    assert "timed out" in result.err
    assert elapsed < 8


def test_default_timeout_is_ten_seconds():
    from reskg.commands.query import command

    timeout = next(p for p in command.params if p.name == "timeout")
    assert timeout.default == 10
    assert push_module.CONNECT_TIMEOUT == 10  # push: its requests may take longer, not connecting


def test_push_to_a_host_that_takes_no_connection_exits_2_within_the_connect_timeout(
    settings, monkeypatch
):
    # A listening socket whose one-place queue is full: the kernel drops further SYNs, as for
    # a machine that is off or a firewall that drops packets. --timeout stays at its 60 s.
    monkeypatch.setattr(push_module, "CONNECT_TIMEOUT", 1.5)
    with socket.socket() as listener, socket.socket() as first:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        first.connect(("127.0.0.1", port))  # fills the queue; never accepted
        started = time.monotonic()
        result = run_reskg(
            "push",
            "--endpoint",
            f"http://127.0.0.1:{port}/sparql-auth",
            "--data",
            str(settings.data_dir),
        )
        elapsed = time.monotonic() - started
    assert result.code == 2
    assert "cannot reach the store: no connection within 1.5 s" in result.err
    assert elapsed < 5  # one wait, not a second one to drop the temporary graph


def test_endpoint_rejecting_a_query_exits_1(virtuoso):
    # rdflib accepts it; Virtuoso's compiler does not (BNODE() is missing there)
    result = run_reskg("query", "SELECT (BNODE() AS ?b) WHERE {}", "--endpoint", virtuoso.query_url)
    assert result.code == 1
    assert "rejected the query" in result.err


def test_push_refuses_a_bad_graph_iri(virtuoso):
    with pytest.raises(InputError, match="not an absolute IRI"):
        push_graph(Graph(), virtuoso.update_url, target="not an iri")


def test_a_throwaway_server_answers_on_loopback_then_stops_and_leaves_nothing(virtuoso):
    from reskg.virtuoso import Virtuoso

    with Virtuoso() as server:  # a second one beside the session's: other ports, other folder
        assert {server.sql_port, server.http_port}.isdisjoint(
            {virtuoso.sql_port, virtuoso.http_port}
        )
        assert server.base.startswith("http://127.0.0.1:")
        assert run_remote(prepare("ASK {}"), server.query_url).boolean is True
        group, folder = server.proc.pid, server.dbdir
        assert (folder / "virtuoso.db").exists()
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)  # the whole process group is gone
    assert not folder.exists()
