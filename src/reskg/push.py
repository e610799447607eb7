"""Push a graph into a SPARQL 1.1 store, replacing one named graph and nothing else.

The new triples go first into a temporary graph (``urn:uuid:...``), in batches: through the
SPARQL 1.1 Graph Store HTTP Protocol when the store has it (a PUT for the first batch, a POST
for each next one), otherwise through SPARQL Update ``INSERT DATA``. Only when every batch is
in does one ``MOVE <temporary> TO <graph>`` replace the target graph; if anything fails before,
the temporary graph is dropped (best effort) and the target graph is left as it was. Pushing
twice leaves exactly one copy, since MOVE replaces the target. Each request is a blank-node
scope of its own, so the triples that share a blank node go in one batch.

The store is reached by plain HTTP (urllib) with HTTP Basic or Digest authentication; ``auto``
answers whichever challenge the server sends. Failures map to reskg errors with exit code 2:
unreachable, timed out, credentials refused, or a request the store would not take.
"""

from __future__ import annotations

import base64
import contextlib
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph

from reskg.errors import InputError
from reskg.export import ntriples_lines
from reskg.progress import Progress, silent
from reskg.remote import AUTH_SCHEMES, EndpointError, unreachable

DEFAULT_BATCH_SIZE = 2000  # triples per request; Virtuoso's INSERT DATA fails near 4,900
DEFAULT_TIMEOUT = 60.0  # per request: a store may take long to answer a large batch
CONNECT_TIMEOUT = 10.0  # a store that is down or unreachable is known within this
METHODS = ("auto", "gsp", "update")
_GSP_UNAVAILABLE = {404, 405, 406, 415, 501}


class PushError(EndpointError):
    """The store cannot be reached or would not take a request (exit 2)."""


class AuthError(PushError):
    """The store refused the credentials, or needs some (exit 2)."""


class GraphStoreUnavailable(Exception):
    """The Graph Store endpoint does not exist or does not take PUT/POST: fall back."""


# --------------------------------------------------------------------------------------------
# Endpoints
# --------------------------------------------------------------------------------------------

# (pattern of the update endpoint's path, replacement giving the Graph Store endpoint's path)
_GSP_PATTERNS: list[tuple[str, str]] = [
    (r"^/sparql-auth/?$", "/sparql-graph-crud-auth"),  # Virtuoso, Digest
    (r"^/sparql/?$", "/sparql-graph-crud"),  # Virtuoso, anonymous with SPARQL_UPDATE grant
    (
        r"/repositories/([^/]+)/statements/?$",
        r"/repositories/\1/rdf-graphs/service",
    ),  # GraphDB, RDF4J
    (r"^/update/?$", "/store"),  # Oxigraph server
    (r"^/([^/]+)/(?:update|sparql|query)/?$", r"/\1/data"),  # Fuseki: /ds/update -> /ds/data
]


def guess_gsp_url(update_url: str) -> str | None:
    """The Graph Store endpoint that usually sits beside an update endpoint, if known."""
    parts = urllib.parse.urlsplit(update_url)
    for pattern, replacement in _GSP_PATTERNS:
        path, count = re.subn(pattern, replacement, parts.path)
        if count:
            return urllib.parse.urlunsplit(parts._replace(path=path))
    return None


# --------------------------------------------------------------------------------------------
# HTTP with Basic or Digest authentication
# --------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes


class StoreClient:
    """Sends requests to one store with the given credentials and timeout."""

    def __init__(
        self,
        user: str | None = None,
        password: str | None = None,
        auth: str = "auto",
        timeout: float = DEFAULT_TIMEOUT,
    ):
        if auth not in AUTH_SCHEMES:
            raise InputError(
                f"unknown authentication scheme {auth!r}: use {', '.join(AUTH_SCHEMES)}"
            )
        self.user = user
        self.password = password or ""
        self.scheme = auth if user else None  # None: anonymous; "auto" until the server says
        self.timeout = timeout
        self._digest_opener: urllib.request.OpenerDirector | None = None
        self._reached: set[str] = set()

    def _opener(self, url: str) -> urllib.request.OpenerDirector:
        if self.scheme == "digest":
            if self._digest_opener is None:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                parts = urllib.parse.urlsplit(url)  # every path of the server, not just this one
                manager.add_password(
                    None, f"{parts.scheme}://{parts.netloc}/", self.user, self.password
                )
                self._digest_opener = urllib.request.build_opener(
                    urllib.request.HTTPDigestAuthHandler(manager)
                )
            return self._digest_opener
        return urllib.request.build_opener()

    def send(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One request; raises AuthError, PushError or urllib's HTTPError for other statuses."""
        self._connect_first(url)
        try:
            return self._send(method, url, body, headers or {})
        except urllib.error.HTTPError as exc:
            if exc.code == 401 and self.scheme == "auto":
                challenge = (exc.headers.get("WWW-Authenticate") or "").split(" ", 1)[0].lower()
                self.scheme = "digest" if challenge == "digest" else "basic"
                try:
                    return self._send(method, url, body, headers or {})
                except urllib.error.HTTPError as again:
                    exc = again
            if exc.code == 401:
                raise self._auth_error(url) from None
            raise
        except urllib.error.URLError as exc:
            raise PushError(unreachable(url, exc, self.timeout, noun="store")) from None
        except (TimeoutError, OSError) as exc:
            raise PushError(unreachable(url, exc, self.timeout, noun="store")) from None

    def reached(self, url: str) -> bool:
        """Whether a connection to the server of ``url`` has been made (or a proxy carries it)."""
        parts = urllib.parse.urlsplit(url)
        return parts.netloc in self._reached or _proxied(parts)

    def _connect_first(self, url: str) -> None:
        """Open (and close) one connection to the server of ``url``, waiting CONNECT_TIMEOUT at
        most: a store that is down fails here fast, whatever the (longer) request timeout.
        Skipped when a proxy carries the request."""
        if self.reached(url):
            return
        parts = urllib.parse.urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        wait = min(self.timeout, CONNECT_TIMEOUT)
        try:
            with socket.create_connection((parts.hostname or "", port), timeout=wait):
                pass
        except TimeoutError as exc:
            raise PushError(
                f"{url}: cannot reach the store: no connection within {wait:g} s ({exc})"
            ) from None
        except OSError as exc:
            raise PushError(unreachable(url, exc, wait, noun="store")) from None
        self._reached.add(parts.netloc)

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
        request.add_header("User-Agent", "reskg-push")
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        try:
            with self._opener(url).open(request, timeout=self.timeout) as response:
                return Response(response.status, response.read())
        except ValueError as exc:  # urllib's auth handlers on a scheme they do not know
            raise PushError(f"{url}: cannot authenticate: {exc}") from None

    def _auth_error(self, url: str) -> AuthError:
        if self.user:
            return AuthError(
                f"{url}: the store refused the credentials of user {self.user!r} (HTTP 401): "
                "wrong user or password"
            )
        return AuthError(
            f"{url}: the store requires authentication (HTTP 401): give --user and --password"
        )

    def update(self, url: str, update: str) -> Response:
        """A SPARQL Update request (form-encoded POST, which every store takes)."""
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        try:
            return self.send(
                "POST",
                url,
                body,
                {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
            )
        except urllib.error.HTTPError as exc:
            raise PushError(
                f"{url}: the store refused the update (HTTP {exc.code}): {_message(exc)}"
            ) from None


def _proxied(parts: urllib.parse.SplitResult) -> bool:
    """Whether urllib sends requests for this URL through a proxy (http_proxy and friends)."""
    return parts.scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(
        parts.hostname or ""
    )


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", errors="replace")
    except Exception:  # the body may be gone already
        text = ""
    return " ".join(text.split())[:500] or str(exc.reason)


# --------------------------------------------------------------------------------------------
# Pushing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushReport:
    graph: str
    triples: int
    batches: int
    method: str
    seconds: float


def batches_of(lines: Sequence[str], size: int) -> list[list[str]]:
    if size < 1:
        raise InputError("--batch-size must be at least 1")
    return [list(lines[i : i + size]) for i in range(0, len(lines), size)]


def graph_batches(graph: Graph, size: int) -> list[list[str]]:
    """The graph as N-Triples lines in batches of ``size``. Each request is a blank-node scope
    of its own (a GSP document, an INSERT DATA), so the triples that share a blank node stay
    in one batch, which may then exceed ``size``; a graph without blank nodes is cut exactly
    as :func:`batches_of` cuts its sorted lines."""
    if size < 1:
        raise InputError("--batch-size must be at least 1")
    components = _blank_node_components(graph)
    if not components:
        return batches_of(ntriples_lines(graph), size)
    ground = Graph()
    for triple in graph:
        if not isinstance(triple[0], BNode) and not isinstance(triple[2], BNode):
            ground.add(triple)
    units = [[line] for line in ntriples_lines(ground)]
    units += [ntriples_lines(part) for part in components]
    chunks: list[list[str]] = []
    for unit in units:
        if chunks and len(chunks[-1]) + len(unit) <= size:
            chunks[-1].extend(unit)
        else:
            chunks.append(list(unit))
    return chunks


def _blank_node_components(graph: Graph) -> list[Graph]:
    """The triples with a blank node, grouped by the blank nodes they connect (union-find)."""
    parent: dict[BNode, BNode] = {}

    def root(node: BNode) -> BNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    linked = []
    for s, p, o in graph:
        blanks = [t for t in (s, o) if isinstance(t, BNode)]
        if blanks:
            linked.append((s, p, o))
            if len(blanks) == 2:
                parent[root(blanks[0])] = root(blanks[1])
    parts: dict[BNode, Graph] = {}
    for s, p, o in linked:
        key = root(s if isinstance(s, BNode) else o)
        parts.setdefault(key, Graph()).add((s, p, o))
    return list(parts.values())


def push_graph(
    graph: Graph,
    update_url: str,
    *,
    target: str,
    gsp_url: str | None = None,
    method: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress = silent,
    client: StoreClient | None = None,
) -> PushReport:
    """Replace the named graph ``target`` in the store by ``graph`` (see the module doc)."""
    if method not in METHODS:
        raise InputError(f"unknown push method {method!r}: use {', '.join(METHODS)}")
    _check_iri(target, "--graph")
    if not len(graph):
        raise InputError("nothing to push: the graph is empty")
    chunks = graph_batches(graph, batch_size)
    client = client or StoreClient(user, password, auth, timeout)
    temporary = f"urn:uuid:{uuid.uuid4()}"
    started = time.monotonic()

    gsp = gsp_url or (guess_gsp_url(update_url) if method != "update" else None)
    if method == "gsp" and not gsp:
        raise InputError(f"no Graph Store endpoint known for {update_url}: give --gsp URL")
    used = "update"
    try:
        if gsp and method != "update":
            try:
                _load_gsp(client, gsp, temporary, chunks, progress)
                used = "gsp"
            except GraphStoreUnavailable as exc:
                if method == "gsp":
                    raise PushError(
                        f"{gsp}: the Graph Store endpoint is not available ({exc})"
                    ) from None
        if used == "update":
            _load_update(client, update_url, temporary, chunks, progress)
        client.update(update_url, f"MOVE <{temporary}> TO <{target}>")
    except BaseException:
        _drop_quietly(client, update_url, temporary)
        raise
    return PushReport(
        graph=target,
        triples=sum(map(len, chunks)),
        batches=len(chunks),
        method=used,
        seconds=time.monotonic() - started,
    )


def _load_gsp(
    client: StoreClient, gsp: str, temporary: str, chunks: list[list[str]], progress: Progress
) -> None:
    url = gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": temporary})
    for number, chunk in enumerate(chunks):
        body = ("\n".join(chunk) + "\n").encode("utf-8")
        try:
            client.send(
                "PUT" if number == 0 else "POST",
                url,
                body,
                {"Content-Type": "application/n-triples; charset=UTF-8"},
            )
        except urllib.error.HTTPError as exc:
            if number == 0 and exc.code in _GSP_UNAVAILABLE:
                raise GraphStoreUnavailable(f"HTTP {exc.code}") from None
            raise PushError(
                f"{gsp}: the store refused batch {number + 1} of {len(chunks)} "
                f"(HTTP {exc.code}): {_message(exc)}"
            ) from None
        progress("push (GSP)", number + 1, len(chunks))


def _load_update(
    client: StoreClient,
    update_url: str,
    temporary: str,
    chunks: list[list[str]],
    progress: Progress,
) -> None:
    client.update(update_url, f"DROP SILENT GRAPH <{temporary}>")
    for number, chunk in enumerate(chunks):
        body = "\n".join(chunk)
        client.update(update_url, insert_update(temporary, body))
        progress("push (update)", number + 1, len(chunks))


def insert_update(graph_iri: str, ntriples: str) -> str:
    """The SPARQL Update that adds N-Triples to a graph: INSERT DATA, or, when they hold blank
    nodes, the equivalent ``INSERT {...} WHERE {}`` (Virtuoso refuses blank nodes in INSERT
    DATA; in a template over the one empty solution each label is one new node)."""
    if "_:" in ntriples:  # also when a literal merely contains "_:": both forms are correct
        return f"INSERT {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}"


def _drop_quietly(client: StoreClient, update_url: str, temporary: str) -> None:
    """Remove the temporary graph after a failure; never hides the original error. The store
    may be gone: the old graph is intact either way, so this waits 10 s at most."""
    if not client.reached(update_url):
        return  # nothing was written: the store could not even be connected to
    client.timeout = min(client.timeout, 10.0)
    with contextlib.suppress(Exception):
        client.update(update_url, f"DROP SILENT GRAPH <{temporary}>")


_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*$')


def _check_iri(iri: str, what: str) -> None:
    if not _IRI.match(iri):
        raise InputError(f"{what} {iri!r} is not an absolute IRI")


def describe(report: PushReport, endpoint: str) -> str:
    how = "Graph Store protocol" if report.method == "gsp" else "SPARQL Update"
    plural = "es" if report.batches != 1 else ""
    return (
        f"Pushed {report.triples} triples into <{report.graph}> at {endpoint} "
        f"({how}, {report.batches} batch{plural}, {report.seconds:.2f} s)"
    )
