"""The input gate: the one way every RDF file the project reads gets parsed.

It bounds size, line length and nesting before parsing; decodes UTF-8 strictly; parses with
Oxigraph's strict W3C parsers (no network or file access: JSON-LD contexts only from our own
bundled context, RDF/XML without DOCTYPE or entities); and turns every failure into an
InputError naming the file and line. The triples come out as rdflib terms.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from reskg.errors import InputError
from reskg.shacl_sparql import from_ox

MiB = 1024 * 1024

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}
_NESTING = {"turtle", "trig", "nt", "nquads"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


@dataclass(frozen=True)
class Limits:
    """Bounds checked before any parsing (defaults documented in the README)."""

    max_bytes: int = _env_int("RESKG_MAX_INPUT_BYTES", 64 * MiB)
    max_line: int = _env_int("RESKG_MAX_LINE_BYTES", 1 * MiB)
    max_depth: int = _env_int("RESKG_MAX_NESTING", 64)


Quad = tuple[Node, Node, Node, Node | None]


def format_for(path: Path) -> str:
    """The parser format of a file, from its suffix."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(
            f"unsupported file type {path.suffix!r} (known: {known})", path=str(path)
        ) from None


def read_bounded(path: Path, limits: Limits = Limits()) -> bytes:
    """The file's bytes, refusing files over the size cap before reading them."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputError(f"file larger than {limits.max_bytes} bytes ({size})", path=str(path))
        with path.open("rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc


def decode_utf8(data: bytes, name: str) -> str:
    """Strict UTF-8 (a leading byte-order mark is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 at byte offset {exc.start}", path=name, line=line) from None


def _check_lines(text: str, name: str, limits: Limits) -> None:
    start = 0
    line = 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > limits.max_line:
            raise InputError(f"line longer than {limits.max_line} characters", path=name, line=line)
        if end < 0:
            return
        start = end + 1
        line += 1


_TURTLE_TOKENS = re.compile(r'"""|\'\'\'|["\'<#\[\(\{\]\)\}\n\\]')


def _turtle_depth(text: str, name: str, limit: int) -> None:
    """Reject nesting of [ ( { deeper than the limit, skipping strings, IRIs and comments."""
    if sum(text.count(c) for c in "[({") <= limit:  # cannot nest deeper than it opens
        return
    depth = 0
    line = 1
    i = 0
    n = len(text)
    while i < n:
        m = _TURTLE_TOKENS.search(text, i)
        if m is None:
            return
        tok = m.group()
        i = m.end()
        if tok == "\n":
            line += 1
        elif tok in "[({":
            depth += 1
            if depth > limit:
                raise InputError(f"nesting deeper than {limit}", path=name, line=line)
        elif tok in "])}":
            depth -= 1
        elif tok == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif tok == "<":
            end = text.find(">", i)
            stop = n if end < 0 else end + 1
            line += text.count("\n", i, stop)
            i = stop
        elif tok in ('"""', "'''", '"', "'"):
            i, line = _skip_string(text, i, tok, line)
    return


def _skip_string(text: str, i: int, quote: str, line: int) -> tuple[int, int]:
    n = len(text)
    while i < n:
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote), line
        if text[i] == "\n":
            if len(quote) == 1:
                return i, line  # unterminated short string: let the parser report it
            line += 1
        i += 1
    return n, line


def _json_depth(text: str, name: str, limit: int) -> None:
    if sum(text.count(c) for c in "[{") <= limit:  # cannot nest deeper than it opens
        return
    depth = 0
    line = 1
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            elif ch == "\n":
                line += 1
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                raise InputError(f"nesting deeper than {limit}", path=name, line=line)
        elif ch in "]}":
            depth -= 1
        elif ch == "\n":
            line += 1


def _inline_contexts(node: object, contexts: dict[str, dict], name: str) -> object:
    """Replace references to bundled contexts by their content; refuse any other reference."""
    if isinstance(node, list):
        return [_inline_contexts(item, contexts, name) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("@context", "@import"):
            value = _resolve_context(value, contexts, name)
        out[key] = _inline_contexts(value, contexts, name)
    return out


def _resolve_context(value: object, contexts: dict[str, dict], name: str) -> object:
    if isinstance(value, list):
        return [_resolve_context(v, contexts, name) for v in value]
    if isinstance(value, str):
        if value in contexts:
            return contexts[value]
        raise InputError(f"remote @context not allowed: {value}", path=name)
    return value


def _prepare_jsonld(text: str, name: str, limits: Limits, contexts: dict[str, dict]) -> bytes:
    _json_depth(text, name, limits.max_depth)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON syntax error: {exc.msg} (column {exc.colno})", path=name, line=exc.lineno
        ) from None
    if not isinstance(document, dict | list):
        raise InputError("JSON-LD top level must be an object or an array", path=name)
    return json.dumps(_inline_contexts(document, contexts, name)).encode("utf-8")


def _to_rdflib(term: object) -> Node:
    """An Oxigraph term as rdflib's; anything else (an RDF 1.2 quoted triple) is refused."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return from_ox(term)
    raise InputError(f"unsupported RDF term {term!r}")


def prepare(
    data: bytes,
    fmt: str,
    *,
    name: str,
    limits: Limits = Limits(),
    contexts: dict[str, dict] | None = None,
) -> tuple[bytes, ox.RdfFormat]:
    """Every check before parsing; returns the bytes to hand to a parser and its format."""
    if fmt not in FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}", path=name)
    if len(data) > limits.max_bytes:
        raise InputError(f"input larger than {limits.max_bytes} bytes", path=name)
    text = decode_utf8(data, name)
    _check_lines(text, name, limits)
    if fmt in _NESTING:
        _turtle_depth(text, name, limits.max_depth)
    if fmt == "json-ld":
        return _prepare_jsonld(text, name, limits, contexts or {}), FORMATS[fmt]
    if fmt == "xml":
        found = re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE)
        if found:
            raise InputError(
                "DOCTYPE/ENTITY declarations are not allowed in RDF/XML",
                path=name,
                line=text[: found.start()].count("\n") + 1,
            )
    return text.encode("utf-8"), FORMATS[fmt]


def syntax_error(exc: SyntaxError, name: str) -> InputError:
    """An Oxigraph syntax error as our error, with the file and line."""
    reason = str(exc).split(": ", 1)[-1] if ": " in str(exc) else str(exc)
    return InputError(f"syntax error: {reason}", path=name, line=exc.lineno)


def parse_bytes(
    data: bytes,
    fmt: str,
    *,
    name: str,
    base: str | None = None,
    limits: Limits = Limits(),
    contexts: dict[str, dict] | None = None,
) -> Iterator[Quad]:
    """Parse bytes in one format into quads of rdflib terms (graph None = default graph)."""
    payload, ox_format = prepare(data, fmt, name=name, limits=limits, contexts=contexts)
    try:
        quads = list(ox.parse(payload, format=ox_format, base_iri=base, rename_blank_nodes=True))
    except SyntaxError as exc:
        raise syntax_error(exc, name) from None
    except Exception as exc:  # any other parser failure is still unusable input
        raise InputError(f"cannot parse: {exc}", path=name) from None
    for quad in quads:
        graph = quad.graph_name
        yield (
            _to_rdflib(quad.subject),
            _to_rdflib(quad.predicate),
            _to_rdflib(quad.object),
            None if isinstance(graph, ox.DefaultGraph) else _to_rdflib(graph),
        )


def parse_path(
    path: Path,
    *,
    base: str | None = None,
    fmt: str | None = None,
    limits: Limits = Limits(),
    contexts: dict[str, dict] | None = None,
) -> list[Quad]:
    """Read and parse one file through the gate."""
    data = read_bounded(path, limits)
    return list(
        parse_bytes(
            data,
            fmt or format_for(path),
            name=str(path),
            base=base,
            limits=limits,
            contexts=contexts,
        )
    )
