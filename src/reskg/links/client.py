"""A polite SPARQL 1.1 client for public endpoints, on top of SPARQLWrapper.

Polite: a User-Agent naming the project, queries batched with VALUES (see ``batched``), retries
with exponential back-off on transient failures, and one overall time budget per query so that an
unreachable endpoint fails within the timeout. Strict: an answer that is not a SPARQL JSON result
raises ``MalformedAnswer`` rather than being half-used.
"""

from __future__ import annotations

import json
import time
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from reskg import __version__
from reskg.errors import InputError

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = (
    f"reskg/{__version__} (https://w3id.org/reskg/; linked-data links checker) SPARQLWrapper/2"
)
RETRY_HTTP_CODES = {429, 502, 503, 504}
Row = dict[str, Node]
T = TypeVar("T")


class EndpointError(InputError):
    """The endpoint cannot be used: unreachable, timed out, or refusing (exit 2)."""


class MalformedAnswer(EndpointError):
    """The endpoint answered, but not with a SPARQL JSON result (exit 2, nothing written)."""


def load_query(name: str) -> str:
    """The text of one query template shipped in ``reskg/links/sparql/``."""
    return resources.files("reskg.links").joinpath("sparql", f"{name}.rq").read_text("utf-8")


def fill(template: str, **parts: str) -> str:
    """Replace each ``{{name}}`` of a template by its text."""
    for name, text in parts.items():
        template = template.replace("{{" + name + "}}", text)
    return template


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sparql_terms(terms: Iterable[Node]) -> str:
    """Terms written as SPARQL, for a VALUES block."""
    return " ".join(term.n3() for term in terms)


class SparqlClient:
    """SELECT queries against one endpoint, each within ``timeout`` seconds in total."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.queries_sent = 0

    def select(self, query: str) -> list[Row]:
        """The rows of a SELECT query, as rdflib terms; raises EndpointError/MalformedAnswer."""
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            try:
                body, content_type = self._send(query, max(remaining, 0.05))
            except _Transient as exc:
                attempt += 1
                remaining = deadline - time.monotonic()
                wait = exc.retry_after or self.backoff * 2 ** (attempt - 1)
                if attempt > self.retries or remaining <= 0 or wait >= remaining:
                    raise EndpointError(
                        f"SPARQL endpoint {self.endpoint} unreachable after {attempt} attempt(s) "
                        f"within {self.timeout:g}s: {exc}"
                    ) from None
                self._sleep(wait)
                continue
            return parse_results(body, content_type, self.endpoint)

    def _send(self, query: str, timeout: float) -> tuple[bytes, str]:
        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setQuery(query)
        wrapper.timeout = timeout  # setTimeout() rounds down to whole seconds; urllib takes floats
        self.queries_sent += 1
        try:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if exc.code in RETRY_HTTP_CODES:
                raise _Transient(f"HTTP {exc.code}", _retry_after(exc)) from None
            raise EndpointError(
                f"SPARQL endpoint {self.endpoint} answered HTTP {exc.code}"
            ) from None
        except EndPointInternalError:
            raise _Transient("HTTP 500") from None
        except SPARQLWrapperException as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EndpointError(
                f"SPARQL endpoint {self.endpoint} refused the query: {first}"
            ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Transient(str(reason) or type(exc).__name__) from None


class _Transient(Exception):
    """A failure worth retrying."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def parse_results(body: bytes, content_type: str, endpoint: str) -> list[Row]:
    """Rows of a SPARQL 1.1 JSON result; anything else is a MalformedAnswer."""

    def bad(why: str) -> MalformedAnswer:
        snippet = body[:80].decode("utf-8", "replace").replace("\n", " ")
        return MalformedAnswer(
            f"SPARQL endpoint {endpoint} sent a malformed answer ({why}; "
            f"Content-Type {content_type or 'missing'!r}; starts with {snippet!r})"
        )

    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise bad("not a SPARQL JSON result") from None
    bindings = data.get("results", {}).get("bindings") if isinstance(data, dict) else None
    if not isinstance(bindings, list):
        raise bad("no results.bindings list")
    rows = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise bad("a binding is not an object")
        rows.append({name: _term(value, bad) for name, value in binding.items()})
    return rows


def _term(value: object, bad: Callable[[str], MalformedAnswer]) -> Node:
    if not isinstance(value, dict) or "value" not in value or "type" not in value:
        raise bad("a bound value lacks type or value")
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        return Literal(text, lang=lang) if lang else Literal(text, datatype=value.get("datatype"))
    raise bad(f"unknown term type {kind!r}")
