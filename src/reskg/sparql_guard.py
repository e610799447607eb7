"""A guard for untrusted SPARQL queries: refuse what a read-only, offline endpoint must not run.

One call, :func:`check_query`, parses a query and returns a :class:`CheckedQuery` ready for
``graph.query(checked.query)``, or raises :class:`QueryRefused` with a one-line message and a
suggested HTTP status. It refuses, in this order:

- queries longer than ``max_length`` characters (413);
- nesting of ``( { [`` deeper than ``max_depth``, and chains of ``UNION``/``OPTIONAL``/``MINUS``
  longer than ``4 * max_depth`` (each makes the algebra one level deeper), found by an O(n)
  scan *before* parsing, so the recursive parser never meets them (400);
- updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``), told apart from syntax errors by parsing the text as an update (400);
- syntax errors, with line and column (400); any exception of the parser becomes one; so do
  the static rules of SPARQL 1.1 that rdflib does not check (variable scope, grouping, VALUES
  arity, surrogate code points: :mod:`reskg.sparql_static`);
- ``SERVICE`` unless ``allow_service`` (400); ``FROM``/``FROM NAMED`` unless ``allow_from`` (400);
- ``LIMIT``/``OFFSET`` above 10^12 (400).

Importing this module also sets two process-wide rdflib switches once (rdflib keeps them as
module state, so they are never toggled per query): ``SPARQL_LOAD_GRAPHS = False`` (a ``FROM``
IRI is never fetched) and a ``CUSTOM_EVALS`` hook that refuses ``SERVICE`` at evaluation time
unless :func:`permit_service` was called, a second layer behind :func:`check_query`.

Evaluation can recurse as deep as the parse; :func:`deep_call` runs a function in a thread
with a large stack and recursion limit, so that queries the scan lets through never end in
``RecursionError``.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import rdflib.plugins.sparql as rdflib_sparql
from rdflib.plugins.sparql.sparql import CompValue, Query

from reskg.errors import DataError
from reskg.sparql_static import StaticRuleError, prepare_query

DEFAULT_MAX_LENGTH = 1 << 20  # characters; the server's body cap is 1 MiB
DEFAULT_MAX_DEPTH = 64
MAX_SLICE = 10**12  # LIMIT / OFFSET above this are refused
CHAIN_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
HOOK_NAME = "reskg.sparql_guard.refuse_service"
_STACK_BYTES = 256 << 20  # virtual stack of a deep_call thread (committed only as used)
_RECURSION_LIMIT = 40_000

T = TypeVar("T")


class QueryRefused(DataError):
    """A query the guard will not run: ``status`` is the HTTP status to answer with and
    ``reason`` a short code (length, depth, update, syntax, service, from, slice)."""

    def __init__(self, message: str, *, status: int = 400, reason: str = "refused"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: ``query`` is rdflib's prepared query, ``form`` one of
    SELECT, ASK, CONSTRUCT, DESCRIBE."""

    text: str
    query: Query
    form: str


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


# --- the pre-scan ------------------------------------------------------------------------

_IRI_STOP = frozenset('<>"{}|^`\\ \t\r\n')
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:.")


def scan_depth(text: str, limit: int | None = None) -> tuple[int, int]:
    """(deepest nesting of ( { [, number of UNION/OPTIONAL/MINUS keywords), outside strings,
    IRIs and comments, in one pass over the text. With a limit, the scan stops as soon as the
    nesting or the keyword count is past it (a hostile text is refused without reading it all)."""
    depth = deepest = chains = 0
    stop_depth = limit
    stop_chains = None if limit is None else 4 * limit
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "({[":
            depth += 1
            deepest = max(deepest, depth)
            if stop_depth is not None and deepest > stop_depth:
                return deepest, chains
        elif c in ")}]":
            depth = max(depth - 1, 0)
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "'\"":
            i = _skip_string(text, i)
            continue
        elif c == "<":
            j = i + 1
            while j < n and text[j] not in _IRI_STOP:
                j += 1
            if j < n and text[j] == ">":
                i = j  # an IRI; otherwise '<' is the comparison operator
        elif c in "?$":
            j = i + 1
            while j < n and text[j] in _WORD:
                j += 1
            i = j
            continue
        elif c.isalpha():
            j = i + 1
            while j < n and text[j] in _WORD:
                j += 1
            if j - i <= 8 and text[i:j].upper() in CHAIN_WORDS:
                chains += 1
                if stop_chains is not None and chains > stop_chains:
                    return deepest, chains
            i = j
            continue
        i += 1
    return deepest, chains


def _skip_string(text: str, i: int) -> int:
    """The index just after the string literal starting at i (or the end of the text)."""
    quote = text[i]
    n = len(text)
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end > 0 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return n if end < 0 else end + 3
    j = i + 1
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote or c == "\n":
            return j + 1
        j += 1
    return n


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


# --- parsing -----------------------------------------------------------------------------


def _position(text: str, exc: BaseException) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    if not (isinstance(line, int) and isinstance(col, int)):
        match = _UNKNOWN_PREFIX.search(str(exc))
        at = text.find(match.group(1) + ":") if match else -1
        if at < 0:
            return ""
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
    return f" at line {line}, column {col}"


_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix : (\S*)")


def _first_line(exc: BaseException) -> str:
    msg = getattr(exc, "msg", None) or str(exc)
    lines = str(msg).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:  # not an update either: the caller reports the query's syntax error
        return False
    return "request" in parsed and bool(parsed["request"])


def _walk(node: object) -> list[CompValue]:
    """Every CompValue in an algebra or parse tree, iteratively (no recursion)."""
    found: list[CompValue] = []
    stack: list[object] = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return found


def _refuse_slices(nodes: list[CompValue]) -> None:
    for node in nodes:
        if node.name != "Slice":
            continue
        for key in ("start", "length"):
            value = node.get(key)
            if isinstance(value, int) and value > MAX_SLICE:
                word = "OFFSET" if key == "start" else "LIMIT"
                raise QueryRefused(
                    f"{word} {value} is too large (at most {MAX_SLICE})", reason="slice"
                )


def check_query(
    text: str,
    *,
    allow_service: bool = False,
    allow_from: bool = False,
    max_length: int = DEFAULT_MAX_LENGTH,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> CheckedQuery:
    """Parse an untrusted SPARQL query, or raise :class:`QueryRefused` saying why not."""
    if len(text) > max_length:
        raise QueryRefused(
            f"query too long: {len(text)} characters (at most {max_length})",
            status=413,
            reason="length",
        )
    if not text.strip():
        raise QueryRefused("query syntax error: the query is empty", reason="syntax")
    deepest, chains = scan_depth(text, max_depth)
    if deepest > max_depth or chains > 4 * max_depth:
        raise QueryRefused(
            f"query nested too deeply (nesting {deepest}, {chains} UNION/OPTIONAL/MINUS; "
            f"at most {max_depth} and {4 * max_depth})",
            reason="depth",
        )
    try:
        query = deep_call(prepare_query, text)
    except RecursionError:
        raise QueryRefused("query nested too deeply", reason="depth") from None
    except StaticRuleError as exc:
        raise QueryRefused(f"query syntax error: {exc}", reason="syntax") from None
    except Exception as exc:  # pyparsing errors and rdflib's bare Exceptions alike
        if _is_update(text):
            raise QueryRefused(
                "updates are not accepted: this endpoint is read-only", reason="update"
            ) from None
        raise QueryRefused(
            f"query syntax error{_position(text, exc)}: {_first_line(exc)}", reason="syntax"
        ) from None
    algebra = query.algebra
    if not allow_from and algebra.get("datasetClause"):
        raise QueryRefused(
            "FROM and FROM NAMED are not accepted: the query runs over the whole dataset",
            reason="from",
        )
    nodes = _walk(algebra)
    if not allow_service and any(n.name == "ServiceGraphPattern" for n in nodes):
        raise QueryRefused("SERVICE (federated query) is disabled", reason="service")
    _refuse_slices(nodes)
    return CheckedQuery(text, query, _FORMS.get(algebra.name, algebra.name))


# --- deep calls --------------------------------------------------------------------------

_deep_lock = threading.Lock()
_THREAD_NAME = "reskg-deep-call"


def deep_call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a thread with a large stack and recursion limit, so the
    recursive rdflib parser and evaluator reach the nesting the scan allows."""
    if threading.current_thread().name == _THREAD_NAME:
        return fn(*args, **kwargs)  # already deep
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    with _deep_lock:  # the stack size and the recursion limit are process-wide
        old_stack, old_limit = threading.stack_size(), sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
        threading.stack_size(_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name=_THREAD_NAME, daemon=True)
            thread.start()
        finally:
            threading.stack_size(old_stack)
        try:
            thread.join()
        finally:
            sys.setrecursionlimit(old_limit)
    if "error" in box:
        raise box["error"]
    return box["value"]


# --- process-wide switches ---------------------------------------------------------------

_service_permitted = False


def permit_service() -> None:
    """Let SERVICE through the evaluation hook in this process (``--allow-service``)."""
    global _service_permitted
    _service_permitted = True


@contextmanager
def service_permitted(allowed: bool = True) -> Iterator[None]:
    """Let SERVICE through the evaluation hook while the block runs (one `reskg query`)."""
    global _service_permitted
    previous = _service_permitted
    _service_permitted = previous or allowed
    try:
        yield
    finally:
        _service_permitted = previous


def _refuse_service(ctx: object, part: CompValue) -> object:
    if part.name == "ServiceGraphPattern" and not _service_permitted:
        raise QueryRefused("SERVICE (federated query) is disabled", reason="service")
    raise NotImplementedError  # rdflib then evaluates the part itself


def install() -> None:
    """Set rdflib's process-wide switches (done once, at import)."""
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    rdflib_sparql.CUSTOM_EVALS[HOOK_NAME] = _refuse_service


install()
