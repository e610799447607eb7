"""Run SPARQL queries on the local graph or on any SPARQL 1.1 endpoint, and format the answers.

The engine knows nothing of the command line:

* :func:`resolve_query` turns what the user typed (a file, a name from ``queries/`` or inline
  text) into query text; :func:`named_queries` lists ``queries/*.rq`` with their headers.
* :func:`prepare` checks the text with rdflib's SPARQL parser (syntax errors carry line and
  column), finds the query form, refuses updates and ``SERVICE`` (unless allowed), and injects
  ``--bind`` values as a ``VALUES`` block at the start of the query's WHERE pattern, and of
  each subquery's WHERE pattern that uses the variable (a bound variable is a parameter of the
  whole text: engines need not pass outer bindings into a subquery), written with rdflib's own
  term serialisation so that a value can never change the query's structure.
* :func:`run_local` runs on an rdflib Graph; :func:`run_remote` on an endpoint through
  SPARQLWrapper (form-encoded POST, a timeout, optional Basic or Digest authentication).
  Both return a :class:`QueryResult` of rdflib terms.
* :data:`FORMATS` is the registry of result formats: one registration per format, each saying
  which query forms it can show.

Queries in ``queries/`` declare ``BASE <https://w3id.org/reskg/>`` and relative prefixes such as
``PREFIX reskg: <ontology#>``; when the project runs under another base IRI, that one BASE line
is rewritten, so the files serve any base.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import urllib.error
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node
from rdflib.util import from_n3

from reskg.config import DEFAULT_BASE
from reskg.errors import DataError, InputError, ReskgError
from reskg.namespaces import LOCAL_PREFIXES, STANDARD_PREFIXES
from reskg.remote import AUTH_SCHEMES, EndpointError, unreachable
from reskg.sparql_guard import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_LENGTH,
    QueryRefused,
    check_query,
    deep_call,
    scan_depth,
    service_permitted,
)

QUERY_SUFFIX = ".rq"
SELECT, ASK, CONSTRUCT, DESCRIBE = "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"
GRAPH_FORMS = frozenset({CONSTRUCT, DESCRIBE})
_FORM_OF_PARSE = {
    "SelectQuery": SELECT,
    "AskQuery": ASK,
    "ConstructQuery": CONSTRUCT,
    "DescribeQuery": DESCRIBE,
}
DEFAULT_TIMEOUT = 10.0


# --------------------------------------------------------------------------------------------
# Named queries and their headers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedQuery:
    """One file of queries/: its name (file name without .rq) and its comment header."""

    name: str
    path: Path
    title: str
    description: str
    returns: str

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


_HEADER_LINE = re.compile(r"^#\s*(?P<key>[A-Za-z][\w-]*):\s?(?P<value>.*)$")


def read_header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines of a query's leading comment; indented ``#`` lines continue."""
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.match(stripped)
        if match:
            key = match["key"].lower()
            header[key] = match["value"].strip()
        elif key and stripped.lstrip("#").strip():
            header[key] = (header[key] + " " + stripped.lstrip("#").strip()).strip()
    return header


def named_queries(queries_dir: Path) -> list[NamedQuery]:
    """Every ``*.rq`` file of the queries folder and its subfolders, sorted by name; the name of
    ``queries/federated/x.rq`` is ``federated/x``."""
    found = []
    for path in sorted(queries_dir.rglob(f"*{QUERY_SUFFIX}")):
        header = read_header(path.read_text(encoding="utf-8"))
        found.append(
            NamedQuery(
                name=path.relative_to(queries_dir).with_suffix("").as_posix(),
                path=path,
                title=header.get("title", ""),
                description=header.get("description", ""),
                returns=header.get("returns", ""),
            )
        )
    return found


_LOOKS_LIKE_QUERY = re.compile(
    r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE|INSERT|DELETE|LOAD|CLEAR|DROP)\b|\{",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[\w.-]+(/[\w.-]+)*$")


def resolve_query(spec: str, queries_dir: Path) -> tuple[str, str]:
    """(query text, where it came from) for a file path, a name from queries/, inline text, or
    ``-`` for standard input."""
    if spec == "-":
        return sys.stdin.read(), "<stdin>"
    path = Path(spec)
    if _NAME.match(spec) or spec.endswith(QUERY_SUFFIX):
        if path.is_file():
            return _read(path), str(path)
        named = queries_dir / f"{spec.removesuffix(QUERY_SUFFIX)}{QUERY_SUFFIX}"
        if named.is_file():
            return _read(named), str(named)
    elif "\n" not in spec and len(spec) < 4096 and _is_file(path):
        return _read(path), str(path)
    if _LOOKS_LIKE_QUERY.search(spec):
        return spec, "<inline query>"
    raise InputError(
        f"no query file or named query {spec!r} (see `reskg query --list` for the names in "
        f"{queries_dir})"
    )


def _is_file(path: Path) -> bool:
    """Whether a QUERY argument names a file (a long inline query is not a valid path)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query: {exc}", path=str(path)) from exc


# --------------------------------------------------------------------------------------------
# Lexical helpers: mask strings, IRIs and comments so that braces and variables can be found
# --------------------------------------------------------------------------------------------

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING_OPENERS = ('"""', "'''", '"', "'")


def _mask(text: str) -> str:
    """The text with every comment, string and IRI replaced by spaces (same length and lines)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif ch == "<":
            match = _IRIREF.match(text, i)
            if match:
                blank(i + 1, match.end() - 1)
                i = match.end()
            else:
                i += 1
        elif ch in "\"'":
            opener = next(o for o in _STRING_OPENERS if text.startswith(o, i))
            j = i + len(opener)
            while j < n and not text.startswith(opener, j):
                j += 2 if text[j] == "\\" else 1
            end = min(n, j + len(opener))
            blank(i + 1, end - 1)
            i = end
        else:
            i += 1
    return "".join(out)


def _top_level_groups(masked: str) -> list[int]:
    """Positions of the ``{`` that open each top-level group of the query."""
    starts, depth = [], 0
    for i, ch in enumerate(masked):
        if ch == "{":
            if depth == 0:
                starts.append(i)
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
    return starts


def _uses_variable(masked: str, name: str) -> bool:
    return re.search(rf"[?$]{re.escape(name)}(?![\w\u00B7-])", masked) is not None


# --------------------------------------------------------------------------------------------
# Prefixes and bindings
# --------------------------------------------------------------------------------------------


def project_namespaces(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes the project binds: standard vocabularies and our own IRI spaces."""
    spaces = {prefix: str(ns) for prefix, ns in STANDARD_PREFIXES.items()}
    spaces.update({prefix: base + path for prefix, path in LOCAL_PREFIXES.items()})
    return spaces


def namespace_manager(base: str = DEFAULT_BASE) -> NamespaceManager:
    manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, iri in project_namespaces(base).items():
        manager.bind(prefix, URIRef(iri), override=True, replace=True)
    return manager


_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^[+-]?(\d+|\d*\.\d+|(\d+\.?\d*|\.\d+)[eE][+-]?\d+)$")
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s<>\"{}|^`\\]*)$")
_LITERAL = re.compile(
    r"""^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>\"{}|^`\\\x00-\x20]*>|[A-Za-z][\w.-]*:[\w.-]*))?$"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def parse_binding(spec: str, namespaces: Mapping[str, str] | None = None) -> tuple[str, Node]:
    """``name=value`` from the command line: value is <IRI>, prefix:name, "literal" (with
    @lang or ^^datatype), a number, or true/false. Raises InputError on anything else."""
    namespaces = namespaces if namespaces is not None else project_namespaces()
    name, sep, raw = spec.partition("=")
    name = name.strip().lstrip("?$")
    raw = raw.strip()
    if not sep or not _VAR_NAME.match(name):
        raise InputError(
            f"--bind {spec!r}: expected NAME=VALUE with a variable name such as resolution"
        )
    if not raw:
        raise InputError(f"--bind {spec!r}: the value is empty")
    try:
        value = _parse_value(raw, namespaces)
    except InputError as exc:
        raise InputError(f"--bind {spec!r}: {exc}") from None
    return name, value


def _parse_value(raw: str, namespaces: Mapping[str, str]) -> Node:
    if raw.startswith("<"):
        if not _IRIREF.fullmatch(raw) or raw == "<>":
            raise InputError('not a valid IRI (characters such as space, <, >, " are not allowed)')
        return URIRef(raw[1:-1])
    if raw[0] in "\"'":
        if not _LITERAL.match(raw):
            raise InputError('not a valid literal: write "text", "text"@en or "text"^^datatype')
        manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        for prefix, iri in namespaces.items():
            manager.bind(prefix, URIRef(iri))
        try:
            value = from_n3(raw, nsm=manager)
        except Exception as exc:  # rdflib raises several kinds on a malformed literal
            raise InputError(f"not a valid literal ({exc})") from None
        if not isinstance(value, Literal):
            raise InputError("not a valid literal")
        return value
    if _NUMBER.match(raw):
        return from_n3(raw)
    if raw in ("true", "false"):
        return Literal(raw == "true")
    match = _PREFIXED.match(raw)
    if match and (match["prefix"] or "") in namespaces:
        iri = namespaces[match["prefix"] or ""] + match["local"]
        return URIRef(iri)
    if _SCHEME.match(raw) and _IRIREF.fullmatch(f"<{raw}>"):
        return URIRef(raw)
    raise InputError(
        "write an IRI as <...> or prefix:name, a string in double quotes, a number or true/false"
    )


# --------------------------------------------------------------------------------------------
# Preparing a query
# --------------------------------------------------------------------------------------------


class QuerySyntaxError(DataError):
    """The query does not parse; carries line and column."""

    def __init__(
        self,
        message: str,
        *,
        origin: str,
        line: int | None,
        column: int | None,
        source_line: str | None = None,
    ):
        self.column = column
        where = ""
        if line is not None:
            where = f"line {line}, column {column}: "
        detail = f"{origin}: syntax error at {where}{message}"
        if source_line is not None and column is not None:
            detail += f"\n    {source_line}\n    {' ' * max(0, column - 1)}^"
        super().__init__(detail)
        self.line = line


@dataclass(frozen=True)
class PreparedQuery:
    """A checked query ready to run: the text to send, its form and where it came from."""

    text: str
    form: str
    origin: str = "<inline query>"
    allow_service: bool = False


def _walk(node) -> Iterable[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def _syntax_error(exc: Exception, text: str, origin: str) -> QuerySyntaxError:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    message = getattr(exc, "msg", None) or str(exc)
    found = ""
    loc = getattr(exc, "loc", None)
    if isinstance(loc, int) and 0 <= loc < len(text):
        token = re.match(r"\S+", text[loc:])
        found = f", found {token.group(0)[:30]!r}" if token else ""
    elif isinstance(loc, int):
        found = ", found the end of the query"
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else None
    return QuerySyntaxError(
        f"{message}{found}", origin=origin, line=line, column=column, source_line=source_line
    )


def _rewrite_base(text: str, masked: str, base: str) -> str:
    """Replace a ``BASE <DEFAULT_BASE>`` declaration by the configured base IRI."""
    if base == DEFAULT_BASE:
        return text
    pattern = re.compile(rf"\bBASE(\s*)<{re.escape(DEFAULT_BASE)}>", re.IGNORECASE)
    for match in pattern.finditer(text):
        if masked[match.start() : match.start() + 4].upper() == "BASE":  # not in a comment
            return text[: match.start()] + f"BASE{match[1]}<{base}>" + text[match.end() :]
    return text


def _missing_prefixes(masked: str, namespaces: Mapping[str, str]) -> str:
    """PREFIX lines for project prefixes that the query uses without declaring them."""
    lines = []
    for prefix, iri in namespaces.items():
        declared = re.search(rf"\bPREFIX\s+{re.escape(prefix)}:", masked, re.IGNORECASE)
        used = re.search(rf"(?<![\w:?$/#.-]){re.escape(prefix)}:", masked)
        if used and not declared:
            lines.append(f"PREFIX {prefix}: <{iri}>\n")
    return "".join(lines)


def prepare(
    text: str,
    bindings: Sequence[tuple[str, Node]] = (),
    *,
    base: str = DEFAULT_BASE,
    allow_service: bool = False,
    origin: str = "<inline query>",
) -> PreparedQuery:
    """Check a query and make the text to run (see the module doc). Raises QuerySyntaxError
    (exit 1) for a query that does not parse, InputError (exit 2) for a refused one."""
    namespaces = project_namespaces(base)
    _check_size(text, origin)
    masked = _mask(text)
    try:
        parsed = deep_call(parseQuery, text)
    except Exception as query_exc:
        try:
            deep_call(parseUpdate, text)
        except Exception:
            raise _syntax_error(query_exc, text, origin) from None
        raise InputError(
            f"{origin}: this is a SPARQL Update; `reskg query` only reads (use `reskg push` to "
            "write a graph into a store)"
        ) from None
    try:
        deep_call(translateQuery, parsed, base=base, initNs=namespaces)
    except Exception as exc:  # unknown prefix, bad aggregate use, ...
        raise DataError(f"{origin}: query error: {exc}") from None
    form = _FORM_OF_PARSE.get(parsed[1].name)
    if form is None:
        raise InputError(f"{origin}: unsupported query form {parsed[1].name}")
    if not allow_service and any(n.name == "ServiceGraphPattern" for n in _walk(parsed[1])):
        raise InputError(
            f"{origin}: the query calls a remote endpoint (SERVICE); pass --allow-service to "
            "let it do so"
        )

    text = _rewrite_base(text, masked, base)
    masked = _mask(text)
    if bindings:
        text = _inject_values(text, masked, bindings, form, origin)
        masked = _mask(text)
    declarations = _missing_prefixes(masked, namespaces)
    final = declarations + text
    try:  # the shared guard: huge LIMIT/OFFSET, and everything else it refuses
        check_query(final, allow_service=allow_service, allow_from=True)
    except QueryRefused as refused:
        raise DataError(f"{origin}: {refused.message}") from None
    return PreparedQuery(text=final, form=form, origin=origin, allow_service=allow_service)


def _check_size(text: str, origin: str) -> None:
    """Length and nesting bounds, checked before any parser can recurse (sparql_guard)."""
    if len(text) > DEFAULT_MAX_LENGTH:
        raise DataError(f"{origin}: query too long ({len(text)} characters)")
    deepest, chains = scan_depth(text, DEFAULT_MAX_DEPTH)
    if deepest > DEFAULT_MAX_DEPTH or chains > 4 * DEFAULT_MAX_DEPTH:
        raise DataError(f"{origin}: query nested too deeply (at most {DEFAULT_MAX_DEPTH} levels)")


def _inject_values(
    text: str, masked: str, bindings: Sequence[tuple[str, Node]], form: str, origin: str
) -> str:
    for name, _value in bindings:
        if not _uses_variable(masked, name):
            raise InputError(f"{origin}: --bind {name}=...: the query has no variable ?{name}")
    groups = _top_level_groups(masked)
    if form == CONSTRUCT and re.search(r"\bCONSTRUCT\s+(WHERE|FROM)\b", masked, re.IGNORECASE):
        raise InputError(f"{origin}: --bind does not work with the short form CONSTRUCT WHERE")
    index = 1 if form == CONSTRUCT else 0  # a CONSTRUCT's first group is its template
    if len(groups) <= index:
        raise InputError(f"{origin}: --bind needs a query with a WHERE {{ ... }} pattern")
    inserts = {groups[index] + 1: bindings}
    for start, end in _subselect_groups(masked):
        used = [b for b in bindings if _uses_variable(masked[start:end], b[0])]
        if used:
            inserts[start + 1] = used
    for at in sorted(inserts, reverse=True):  # from the end, so earlier offsets stay right
        values = "".join(f" VALUES ?{name} {{ {value.n3()} }}" for name, value in inserts[at])
        text = text[:at] + values + text[at:]
    return text


def _subselect_groups(masked: str) -> list[tuple[int, int]]:
    """(start, end) of the WHERE group of every subquery: the first ``{`` after a nested
    SELECT that is outside parentheses, and its matching ``}``."""
    groups = []
    # the keyword, not a variable (?select), a prefixed name (ex:select) or a prefix (select:x)
    for match in re.finditer(r"(?<![\w?$:.-])SELECT(?![\w:.-])", masked, re.IGNORECASE):
        if masked[: match.start()].count("{") <= masked[: match.start()].count("}"):
            continue  # the query's own SELECT, not a subquery
        parens, i = 0, match.end()
        while i < len(masked) and not (masked[i] == "{" and parens == 0):
            parens += {"(": 1, ")": -1}.get(masked[i], 0)
            i += 1
        depth = 0
        for j in range(i, len(masked)):
            depth += {"{": 1, "}": -1}.get(masked[j], 0)
            if depth == 0:
                groups.append((i, j))
                break
    return groups


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """What a query gave, as rdflib terms, whether it ran locally or on an endpoint."""

    form: str
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


def run_local(prepared: PreparedQuery, graph: Graph) -> QueryResult:
    """Run on an rdflib Graph (normally the union graph of the data folder).

    Evaluation runs in a deep-stack thread (rdflib recurses as deep as the query nests) and
    SERVICE is let through rdflib's evaluation hook only when the query was allowed it.
    """
    try:
        with service_permitted(prepared.allow_service):
            return deep_call(_run_local, prepared, graph)
    except ReskgError:
        raise
    except Exception as exc:
        raise DataError(f"{prepared.origin}: the query failed: {exc}") from exc


def _run_local(prepared: PreparedQuery, graph: Graph) -> QueryResult:
    result = graph.query(prepared.text)
    if prepared.form == ASK:
        return QueryResult(form=ASK, boolean=bool(result.askAnswer))
    if prepared.form in GRAPH_FORMS:
        out = Graph(bind_namespaces="none")
        for prefix, ns in graph.namespaces():
            out.bind(prefix, ns, override=True, replace=True)
        for triple in result.graph or ():
            out.add(triple)
        return QueryResult(form=prepared.form, graph=out)
    names = [str(v) for v in result.vars or []]
    rows = []
    for row in result:  # iterating (not .bindings) drops the empty row of an empty aggregate
        rows.append({k: v for k, v in row.asdict().items() if v is not None and k in names})
    return QueryResult(form=SELECT, vars=names, rows=rows)


def run_remote(
    prepared: PreparedQuery,
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    default_graphs: Sequence[str] = (),
) -> QueryResult:
    """Run on a SPARQL 1.1 endpoint through SPARQLWrapper (POST form, never a direct POST,
    which Virtuoso 7.2 never answers). ``auth`` is basic, digest or auto (Basic first, Digest
    when the server asks for it)."""
    if auth not in AUTH_SCHEMES:
        raise InputError(f"unknown authentication scheme {auth!r}: use {', '.join(AUTH_SCHEMES)}")
    schemes = ["basic", "digest"] if auth == "auto" else [auth]
    if not user:
        schemes = [None]
    last: Exception | None = None
    for scheme in schemes:
        try:
            return _run_remote_once(
                prepared, endpoint, timeout, user, password, scheme, default_graphs
            )
        except _Unauthorized as exc:
            last = exc
    if user:
        raise EndpointError(
            f"{endpoint}: the endpoint refused the credentials of user {user!r} (HTTP 401)"
        ) from last
    raise EndpointError(
        f"{endpoint}: the endpoint requires authentication (HTTP 401): give --user and --password"
    ) from last


class _Unauthorized(Exception):
    pass


def _run_remote_once(prepared, endpoint, timeout, user, password, scheme, default_graphs):
    from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        Unauthorized,
        URITooLong,
    )

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setTimeout(max(1, round(timeout)) if timeout else None)
    client.setQuery(prepared.text)
    # SPARQLWrapper guesses the form with a regex that takes ?addressee for ADD (an update,
    # sent as update=); the form is known from rdflib's parser.
    client.queryType = prepared.form
    for iri in default_graphs:
        client.addDefaultGraph(iri)
    if scheme:
        client.setHTTPAuth(BASIC if scheme == "basic" else DIGEST)
        client.setCredentials(user, password or "")
    client.setReturnFormat(TURTLE if prepared.form in GRAPH_FORMS else JSON)
    try:
        response = client.query().response
        body = response.read()
        content_type = response.headers.get("Content-Type", "") if response.headers else ""
    except Unauthorized as exc:
        raise _Unauthorized(str(exc)) from exc
    except (QueryBadFormed, EndPointInternalError) as exc:
        raise DataError(
            f"{endpoint}: the endpoint rejected the query: {_server_message(exc)}"
        ) from None
    except EndPointNotFound:
        raise EndpointError(f"{endpoint}: no SPARQL endpoint at this address (HTTP 404)") from None
    except URITooLong:
        raise EndpointError(f"{endpoint}: the endpoint refused the request as too long") from None
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise _Unauthorized(str(exc)) from exc
        raise EndpointError(f"{endpoint}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(unreachable(endpoint, exc, timeout)) from None
    return _parse_response(prepared, body, content_type, endpoint)


def _server_message(exc: Exception) -> str:
    text = str(exc)
    text = re.sub(r"^.*?Response:\s*", "", text, flags=re.DOTALL)
    if text.startswith(("b'", 'b"')):
        text = text[2:-1].encode().decode("unicode_escape", errors="replace")
    return " ".join(text.split())[:600]


def _parse_response(
    prepared: PreparedQuery, body: bytes, content_type: str, endpoint: str
) -> QueryResult:
    if prepared.form in GRAPH_FORMS:
        fmt = "json-ld" if "json" in content_type else "xml" if "xml" in content_type else "turtle"
        graph = Graph(bind_namespaces="none")
        try:
            graph.parse(data=body, format=fmt)
        except Exception as exc:
            raise EndpointError(
                f"{endpoint}: cannot read the endpoint's answer as {fmt}: {exc}"
            ) from None
        return QueryResult(form=prepared.form, graph=graph)
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise EndpointError(
            f"{endpoint}: the answer is not SPARQL JSON results "
            f"({content_type or 'no type'}): {exc}"
        ) from None
    if prepared.form == ASK:
        boolean = data.get("boolean")
        if isinstance(boolean, str):
            boolean = boolean.lower() in ("true", "1")
        return QueryResult(form=ASK, boolean=bool(boolean))
    names = list(data.get("head", {}).get("vars", []))
    rows = [
        {name: _json_term(value) for name, value in binding.items()}
        for binding in data.get("results", {}).get("bindings", [])
    ]
    return QueryResult(form=SELECT, vars=names, rows=rows)


def _json_term(value: Mapping[str, str]) -> Node:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text.removeprefix("nodeID://"))
    lang = value.get("xml:lang")
    datatype = value.get("datatype")
    if lang:
        return Literal(text, lang=lang)
    if datatype:  # "typed-literal" (SPARQL 1.0 style, Virtuoso) or "literal" with a datatype
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text)


# --------------------------------------------------------------------------------------------
# Formats: a registry, one entry per format
# --------------------------------------------------------------------------------------------

Renderer = Callable[[QueryResult, NamespaceManager], str]


@dataclass(frozen=True)
class ResultFormat:
    name: str
    forms: frozenset[str]
    render: Renderer
    description: str


FORMATS: dict[str, ResultFormat] = {}


def register_format(name: str, forms: Iterable[str], description: str):
    """Decorator: register a renderer under a format name for the given query forms."""

    def wrap(render: Renderer) -> Renderer:
        FORMATS[name] = ResultFormat(name, frozenset(forms), render, description)
        return render

    return wrap


def default_format(form: str) -> str:
    return "ttl" if form in GRAPH_FORMS else "table"


def render(
    result: QueryResult, fmt: str | None = None, manager: NamespaceManager | None = None
) -> str:
    """The result in the named format (default: table, or Turtle for a graph)."""
    name = fmt or default_format(result.form)
    spec = FORMATS.get(name)
    if spec is None:
        raise InputError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    if result.form not in spec.forms:
        usable = ", ".join(f.name for f in FORMATS.values() if result.form in f.forms)
        raise InputError(f"format {name!r} cannot show a {result.form} result: use {usable}")
    return spec.render(result, manager or namespace_manager())


def _short(term: Node | None, manager: NamespaceManager) -> str:
    """A readable cell: prefixed names for IRIs, the lexical form of literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            prefix, namespace, local = manager.compute_qname(str(term), generate=False)
        except Exception:
            return f"<{term}>"
        if local and re.fullmatch(r"[\w.-]*", local) and not local.endswith("."):
            return f"{prefix}:{local}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


@register_format("table", {SELECT, ASK}, "aligned columns for reading on a terminal")
def _render_table(result: QueryResult, manager: NamespaceManager) -> str:
    if result.form == ASK:
        return "true\n" if result.boolean else "false\n"
    cells = [
        [_short(row.get(v), manager).replace("\n", " ") for v in result.vars] for row in result.rows
    ]
    widths = [len(v) for v in result.vars]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(result.vars), "-+-".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    count = len(result.rows)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


@register_format("csv", {SELECT, ASK}, "SPARQL 1.1 CSV results")
def _render_csv(result: QueryResult, manager: NamespaceManager) -> str:
    if result.form == ASK:
        return "true\n" if result.boolean else "false\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_csv_cell(row.get(v)) for v in result.vars])
    return buffer.getvalue()


def _csv_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


_BARE_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}
_BARE = re.compile(r"^([+-]?(\d+|\d*\.\d+|(\d+\.?\d*|\.\d+)[eE][+-]?\d+)|true|false)$")


@register_format("tsv", {SELECT, ASK}, "SPARQL 1.1 TSV results (terms in Turtle syntax)")
def _render_tsv(result: QueryResult, manager: NamespaceManager) -> str:
    if result.form == ASK:
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join(_tsv_cell(row.get(v)) for v in result.vars))
    return "\n".join(lines) + "\n"


def _tsv_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in _BARE_NUMBERS and _BARE.match(str(term)):
        return str(term)
    return term.n3().replace("\t", "\\t").replace("\n", "\\n")


@register_format("json", {SELECT, ASK}, "SPARQL 1.1 JSON results")
def _render_json(result: QueryResult, manager: NamespaceManager) -> str:
    if result.form == ASK:
        data: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        data = {
            "head": {"vars": result.vars},
            "results": {
                "bindings": [
                    {k: _json_value(v) for k, v in row.items() if k in result.vars}
                    for row in result.rows
                ]
            },
        }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _json_value(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        value["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def _bound_graph(result: QueryResult, manager: NamespaceManager) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in manager.namespaces():
        graph.bind(prefix, ns, override=True, replace=True)
    for triple in result.graph or ():
        graph.add(triple)
    return graph


@register_format("ttl", GRAPH_FORMS, "Turtle")
def _render_turtle(result: QueryResult, manager: NamespaceManager) -> str:
    return _bound_graph(result, manager).serialize(format="turtle")


@register_format("jsonld", GRAPH_FORMS, "JSON-LD, compacted with the project's context")
def _render_jsonld(result: QueryResult, manager: NamespaceManager) -> str:
    from reskg.config import Settings

    context = None
    context_file = Settings().context_file
    if context_file.is_file():
        context = json.loads(context_file.read_text(encoding="utf-8")).get("@context")
    graph = _bound_graph(result, manager)
    if context is not None:
        return graph.serialize(format="json-ld", context=context, indent=2) + "\n"
    return graph.serialize(format="json-ld", auto_compact=True, indent=2) + "\n"
