"""A unit's files as pyoxigraph triples, and their export fragments, without an rdflib Graph.

`parse_triples` reads a file through the input gate as `reskg.load.parse_file` does and keeps
Oxigraph's terms; `render_triples` gives the same `reskg.shard.Fragment` as
`reskg.shard.render` gives for an rdflib Graph of the same triples, and `stats_of_triples`
the same `GraphStats` as `reskg.describe.stats_of`.

Every format is written from the triples directly: Turtle grouped by subject with our
prefixes (the layout and escaping of `reskg.turtle_writer`), sorted N-Triples lines, RDF/XML
from Oxigraph's writer of the triples in rdflib's sort order (as `export.sorted_rdfxml`).

JSON-LD (choice measured, see scripts/bench_fragments.py): rdflib's serializer cost 14 ms per
unit, mostly building the Graph and walking it; Oxigraph writes no ``@context``. So the
compaction is rdflib's own algorithm (its ``Converter``: term selection, ``@type``
coercion, language maps, ``@set``) ported to a subject index of Oxigraph triples, asking
rdflib's ``Context`` (the well-kept library's own context processing, built once per process
for the context) for every term choice and compact IRI, memoised. Tests prove that rdflib's
JSON-LD parser reads each fragment, under our @context, back to the input triples.

Where the bytes differ from the rdflib path, on purpose (tested by round trip instead):
- Literals keep their exact lexical form; rdflib normalises some ("007"^^xsd:integer becomes
  "7", "1.50"^^xsd:decimal "1.5") in every format.
- JSON-LD: an xsd:integer or xsd:boolean literal is a native JSON value only when its lexical
  form is canonical, and xsd:double is never native; anything else is a ``@value`` with its
  ``@type``. rdflib writes ``"abc"^^xsd:integer`` as the plain string "abc" (the datatype is
  lost) and doubles as JSON floats (the lexical form is lost). Every blank node is written
  as a node object: rdflib's converter drops those reached through a term coerced to @id
  (e.g. an annotation's target written as ``[ ... ]``) or only in a cycle, losing triples;
  a second value of a property whose first value is falsy ("" or 0) is kept (rdflib
  overwrites it).
- JSON-LD strings holding NEL, U+2028 or U+2029 stay intact; the rdflib path split the
  dumped node at them and indented the pieces, changing the value.
- N-Triples: characters Python's ``str.splitlines`` breaks on besides LF/CR (VT, FF, FS, GS,
  RS, NEL, U+2028, U+2029) are written as \\u escapes, so a literal never splits its line;
  the rdflib path split such lines apart.
- Kept on purpose: rdflib's null at the head of a ``@set`` language map's values
  (``"altLabel": {"en": ["DCK", null]}``; JSON-LD processors ignore null), for byte
  identity with the whole-graph export; set ``RDFLIB_SET_NULL = False`` to drop it.
- RDF/XML order: literals of one subject and predicate sort by datatype, language, value
  (numbers by number) and lexical form: rdflib's order, except for mixed numeric datatypes,
  which rdflib compares by value across datatypes. A carriage return is written as
  ``&#13;`` (Oxigraph writes it raw, which XML readers turn into a line feed). As on the
  rdflib path, C0 control
  characters, which XML 1.0 cannot hold at all, are written as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from json.encoder import encode_basestring as _encode_string
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from reskg import gate
from reskg.config import Settings
from reskg.describe import GraphStats, example_classes
from reskg.errors import InputError
from reskg.export import turtle_without_prefixes
from reskg.load import bundled_contexts
from reskg.namespaces import bind_prefixes, our_prefixes
from reskg.shard import Fragment
from reskg.turtle_writer import _STRING_UNSAFE, Abbreviator, _escape_char

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
RDF_LIST = RDF + "List"
DCTERMS_SOURCE = "http://purl.org/dc/terms/source"
_NUMERIC = {
    XSD + name
    for name in (
        *("integer", "decimal", "double", "float", "byte", "int", "long", "short"),
        *("negativeInteger", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger"),
        *("unsignedByte", "unsignedInt", "unsignedLong", "unsignedShort"),
    )
}
_XMLNS = re.compile(r'xmlns:([\w-]+)="([^"]*)"')
# Line boundaries of str.splitlines other than LF and CR: escaped so a line stays one line.
_NT_SPLITTERS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
# rdflib starts an @set language map's list with a null (JSON-LD processors drop it):
# written the same, so the fragments stay byte-identical to the rdflib path's.
RDFLIB_SET_NULL = True

Term = ox.NamedNode | ox.BlankNode | ox.Literal


# --- parsing --------------------------------------------------------------------------------


def parse_triples(path: Path, base: str) -> list[ox.Triple]:
    """One RDF file through the input gate, as Oxigraph triples (the graph name of a quad is
    dropped, as `parse_file` does; duplicates removed, first occurrence kept)."""
    name = str(path)
    fmt = gate.format_for(path)
    contexts = bundled_contexts(base) if fmt == "json-ld" else None
    payload, ox_format = gate.prepare(gate.read_bounded(path), fmt, name=name, contexts=contexts)
    try:
        quads = ox.parse(payload, format=ox_format, base_iri=base, rename_blank_nodes=True)
        triples = list(dict.fromkeys(quad.triple for quad in quads))
    except SyntaxError as exc:
        raise gate.syntax_error(exc, name) from None
    except Exception as exc:  # any other parser failure is still unusable input
        raise InputError(f"cannot parse: {exc}", path=name) from None
    if not triples:
        raise InputError("no triples in file", path=name)
    return triples


# --- terms ----------------------------------------------------------------------------------


def _plain_datatype(literal: ox.Literal) -> str | None:
    """The datatype as rdflib has it: None for plain and language-tagged literals."""
    if literal.language:
        return None
    datatype = literal.datatype.value
    return None if datatype == XSD_STRING else datatype


def term_key(term: Term) -> str:
    """`reskg.describe.term_key` of the same term: an IRI as itself, else rdflib's N3 form."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return _literal_n3(term)


def _literal_n3(literal: ox.Literal) -> str:
    """rdflib's ``Literal.n3()`` (triple quotes around a value holding a newline)."""
    value = literal.value
    if "\n" in value:
        encoded = value.replace("\\", "\\\\")
        if '"""' in value:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        text = '"""' + encoded.replace("\r", "\\r") + '"""'
    else:
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'
    if literal.language:
        return f"{text}@{literal.language}"
    datatype = _plain_datatype(literal)
    return f"{text}^^<{datatype}>" if datatype else text


def _nt_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    text = (
        term.value.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace('"', '\\"')
        .replace("\r", "\\r")
    )
    text = '"' + _NT_SPLITTERS.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text) + '"'
    if term.language:
        return f"{text}@{term.language}"
    datatype = _plain_datatype(term)
    return f"{text}^^<{datatype}>" if datatype else text


def _value_key(literal: ox.Literal, datatype: str | None) -> tuple:
    if datatype in _NUMERIC:
        try:
            number = Decimal(literal.value)
        except InvalidOperation:
            number = None
        if number is not None and not number.is_nan():
            return (0, number, literal.value)
        return (1, literal.value, "")
    return (0, literal.value, "")


def _rdflib_order(term: Term) -> tuple:
    """A sort key giving the order rdflib's term comparison gives (blank nodes, IRIs,
    literals; literals by datatype, language, value, lexical form)."""
    if isinstance(term, ox.BlankNode):
        return (10, term.value)
    if isinstance(term, ox.NamedNode):
        return (30, term.value)
    datatype = _plain_datatype(term)
    language = term.language or ""
    return (40, datatype or XSD_STRING, bool(language), language, *_value_key(term, datatype))


# --- per-process state: prefixes and the JSON-LD context, prepared once ---------------------


@dataclass
class _Prefixes:
    abbreviate: Abbreviator  # memoises prefixed names across units
    namespaces: dict[str, str]  # prefix -> namespace of the Turtle writer
    rdflib_namespaces: list[tuple[str, str]]  # what a Graph with bind_prefixes has bound


@lru_cache(maxsize=8)
def _prefixes(base: str) -> _Prefixes:
    graph = Graph()
    bind_prefixes(graph, base)
    names = our_prefixes(base)
    bound = sorted((prefix, str(ns)) for prefix, ns in graph.namespaces())
    return _Prefixes(Abbreviator(names), names, bound)


@dataclass
class _Compactor:
    """rdflib's JSON-LD context for our context, with its answers memoised."""

    context: object
    terms: dict = field(default_factory=dict)
    iris: dict = field(default_factory=dict)
    symbols: dict = field(default_factory=dict)

    def find_term(self, *key) -> object:
        found = self.terms.get(key, self)
        if found is self:
            found = self.terms[key] = self.context.find_term(*key)
        return found

    def shrink_iri(self, iri: str) -> str:
        found = self.iris.get(iri)
        if found is None:
            found = self.iris[iri] = self.context.shrink_iri(iri)
        return found

    def to_symbol(self, iri: str) -> str:
        found = self.symbols.get(iri)
        if found is None:
            found = self.symbols[iri] = self.context.to_symbol(iri)
        return found


_COMPACTORS: dict[str, _Compactor] = {}
_LAST: list = [None, None]  # the context dict last seen and its compactor


def _compactor(context: dict) -> _Compactor:
    if _LAST[0] is context:
        return _LAST[1]
    key = json.dumps(context, sort_keys=True)
    found = _COMPACTORS.get(key)
    if found is None:
        from rdflib.plugins.shared.jsonld.context import Context

        found = _COMPACTORS[key] = _Compactor(Context(context))
    _LAST[:] = [context, found]
    return found


# --- Turtle ---------------------------------------------------------------------------------


def _turtle_literal(literal: ox.Literal, iri) -> str:
    text = '"' + _STRING_UNSAFE.sub(_escape_char, literal.value) + '"'
    if literal.language:
        return f"{text}@{literal.language}"
    datatype = _plain_datatype(literal)
    return f"{text}^^{iri(datatype)}" if datatype else text


def _object_order(term: Term) -> tuple:
    """`turtle_writer._sort_key` of the same term."""
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "")
    return (1, term.value, f"{term.language or ''}|{_plain_datatype(term) or ''}")


def _turtle(
    index: dict[Term, dict[str, list[Term]]], prefixes: _Prefixes
) -> tuple[str, dict[str, str]]:
    used: dict[str, str] = {}
    abbreviated = prefixes.abbreviate.iri
    namespaces = prefixes.namespaces

    def iri(value: str) -> str:
        text = abbreviated(value)
        if text[0] != "<":
            prefix = text[: text.index(":")]
            used[prefix] = namespaces[prefix]
        return text

    blocks = []
    for subject in sorted(index, key=lambda s: s.value):
        predicates = index[subject]
        lines = []
        for predicate in sorted(predicates, key=lambda p: (p != RDF_TYPE, p)):
            verb = "a" if predicate == RDF_TYPE else iri(predicate)
            objects = ", ".join(
                iri(o.value) if isinstance(o, ox.NamedNode) else _turtle_literal(o, iri)
                for o in sorted(predicates[predicate], key=_object_order)
            )
            lines.append(f"{verb} {objects}")
        blocks.append(iri(subject.value) + " " + " ;\n    ".join(lines) + " .")
    return "\n\n".join(blocks), used


def _rdflib_graph(triples: list[ox.Triple], base: str) -> Graph:
    """The rare fallback (blank nodes): an rdflib Graph of the triples, prefixes bound."""
    graph = Graph()
    bind_prefixes(graph, base)
    for triple in triples:
        graph.add(
            tuple(gate._to_rdflib(t) for t in (triple.subject, triple.predicate, triple.object))
        )
    return graph


# --- JSON-LD: rdflib's Converter on a subject index -----------------------------------------


class _JsonLd:
    """rdflib's ``plugins.serializers.jsonld.Converter`` (context active, native types, no
    rdf:type as property) over Oxigraph terms."""

    def __init__(self, index: dict[Term, dict[str, list[Term]]], compactor: _Compactor):
        from rdflib.plugins.shared.jsonld.context import UNDEF
        from rdflib.plugins.shared.jsonld.keys import ID, LANG, LIST, SET, VOCAB

        self.index = index
        self.c = compactor
        self.ctx = compactor.context
        self.UNDEF, self.ID, self.LANG, self.LIST, self.SET, self.VOCAB = (
            UNDEF,
            ID,
            LANG,
            LIST,
            SET,
            VOCAB,
        )
        self.nodemap: dict[str, dict] = {}

    def nodes(self) -> list[dict]:
        referenced = {
            o
            for predicates in self.index.values()
            for objects in predicates.values()
            for o in objects
            if isinstance(o, ox.BlankNode)
        }
        for subject in self.index:
            if isinstance(subject, ox.NamedNode) or subject not in referenced:
                self.process_subject(subject)
        for subject in self.index:  # blank nodes not reached yet (rdflib drops them)
            self.process_subject(subject)
        return list(self.nodemap.values())

    def node_id(self, term: Term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.c.shrink_iri(term.value)
        return "_:" + term.value

    def process_subject(self, subject: Term) -> dict | None:
        node_id = self.node_id(subject)
        if node_id in self.nodemap:
            return None
        node = {self.ctx.id_key: node_id}
        self.nodemap[node_id] = node
        for predicate, objects in self.index[subject].items():
            for o in objects:
                self.add_to_node(subject, predicate, o, node)
        return node

    def first(self, term: Term) -> bool:
        predicates = self.index.get(term)
        return bool(predicates and RDF_FIRST in predicates)

    def add_to_node(self, s: Term, p: str, o: Term, s_node: dict) -> None:
        ctx, c = self.ctx, self.c
        language = None
        if isinstance(o, ox.Literal):
            language = o.language or None
            term = c.find_term(p, _plain_datatype(o), self.UNDEF, language)
        else:
            term = None
            for container in [self.LIST, None] if self.first(o) else [None]:
                for coercion in (self.ID, self.VOCAB, self.UNDEF):
                    term = c.find_term(p, coercion, container)
                    if term:
                        break
                if term:
                    break
        node = None
        use_set = False
        if term:
            p_key = term.name
            if term.type:
                node = self.type_coerce(o, term.type)
            elif (term.language and language == term.language) or (
                ctx.language and term.language is None and language is None
            ):
                node = o.value
            if self.LIST in term.container:
                node = [
                    self.type_coerce(v, term.type) or self.to_raw_value(s, v)
                    for v in self.to_collection(o) or []
                ]
            elif self.LANG in term.container and language:
                value = s_node.setdefault(p_key, {})
                values = value.get(language)
                if values is not None or self.SET in term.container:
                    if not isinstance(values, list):
                        empty = [None] if RDFLIB_SET_NULL else []
                        value[language] = values = empty if values is None else [values]
                    values.append(o.value)
                else:
                    value[language] = o.value
                return
            elif self.SET in term.container:
                use_set = True
        else:
            p_key = c.to_symbol(p)
            key_term = ctx.terms.get(p_key)
            if key_term and (key_term.type or key_term.container):
                p_key = p
            if p == RDF_TYPE:
                if isinstance(o, ox.NamedNode):
                    node = c.to_symbol(o.value)
                p_key = ctx.type_key
        if node is None:
            node = self.to_raw_value(s, o)
        if p_key in s_node:
            value = s_node[p_key]
            if not isinstance(value, list):
                value = [value]
            value.append(node)
        else:
            value = [node] if use_set else node
        s_node[p_key] = value

    def type_coerce(self, o: Term, coerce_type: str) -> object:
        if coerce_type == self.ID:
            if isinstance(o, ox.Literal):
                return None  # rdflib would write the literal as an IRI reference
            return self.node_id(o)
        if coerce_type == self.VOCAB and isinstance(o, ox.NamedNode):
            return self.c.to_symbol(o.value)
        if isinstance(o, ox.Literal) and o.datatype.value == coerce_type and not o.language:
            return o.value
        return None

    def to_raw_value(self, s: Term, o: Term) -> object:
        ctx = self.ctx
        collection = self.to_collection(o)
        if collection is not None:
            return {ctx.list_key: [self.to_raw_value(s, item) for item in collection]}
        if isinstance(o, ox.BlankNode):
            if o in self.index:
                self.process_subject(o)
            return {ctx.id_key: "_:" + o.value}
        if isinstance(o, ox.NamedNode):
            return {ctx.id_key: self.c.shrink_iri(o.value)}
        datatype = _plain_datatype(o)
        if datatype:
            native = _native(o.value, datatype)
            if native is not None:
                return native
            return {ctx.type_key: self.c.to_symbol(datatype), ctx.value_key: o.value}
        if o.language and o.language != ctx.language:
            return {ctx.lang_key: o.language, ctx.value_key: o.value}
        if ctx.language and not o.language:
            return {ctx.value_key: o.value}
        return o.value

    def to_collection(self, head: Term) -> list | None:
        if not (isinstance(head, ox.NamedNode) and head.value == RDF_NIL) and not self.first(head):
            return None
        items: list = []
        chain = {head}
        while head is not None:
            if isinstance(head, ox.NamedNode):
                return items if head.value == RDF_NIL else None
            first = rest = None
            for p, objects in self.index.get(head, {}).items():
                for o in objects:
                    if first is None and p == RDF_FIRST:
                        first = o
                    elif rest is None and p == RDF_REST:
                        rest = o
                    elif p != RDF_TYPE or o != ox.NamedNode(RDF_LIST):
                        return None
            items.append(first)
            head = rest
            if head in chain:
                return None
            chain.add(head)
        return items


def _native(lexical: str, datatype: str) -> object:
    """The JSON value of a canonical xsd:integer or xsd:boolean literal, else None."""
    if datatype == XSD + "integer" and _CANONICAL_INTEGER.fullmatch(lexical):
        return int(lexical)
    if datatype == XSD + "boolean" and lexical in ("true", "false"):
        return lexical == "true"
    return None


def _jsonld(index: dict[Term, dict[str, list[Term]]], context: dict) -> list[str]:
    nodes = _stable(_JsonLd(index, _compactor(context)).nodes())
    return ["    " + _dump(n, "\n    ") for n in nodes]


def _json_key(value: object) -> str:
    if type(value) is str:
        return _encode_string(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _stable(node: object) -> object:
    """`reskg.export.stable_jsonld`, with the sort key of a string computed directly."""
    if isinstance(node, dict):
        return {
            k: (
                [_stable(v) for v in items]
                if k == "@list" and isinstance(items, list)
                else _stable(items)
            )
            for k, items in node.items()
        }
    if isinstance(node, list):
        return sorted((_stable(v) for v in node), key=_json_key)
    return node


def _dump(value: object, newline: str) -> str:
    """``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)``, each line after the
    first starting with ``newline`` (no floats: they are never written natively)."""
    if type(value) is str:
        return _encode_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        return (
            "{"
            + ",".join(
                inner + _encode_string(k) + ": " + _dump(value[k], inner) for k in sorted(value)
            )
            + newline
            + "}"
        )
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + ",".join(inner + _dump(v, inner) for v in value) + newline + "]"
    return json.dumps(value)


# --- RDF/XML --------------------------------------------------------------------------------


def _rdfxml(
    triples: list[ox.Triple], index: dict, namespaces: list[tuple[str, str]]
) -> tuple[str, dict[str, str]]:
    used = {p for predicates in index.values() for p in predicates} | {
        o.value for predicates in index.values() for o in predicates.get(RDF_TYPE, ())
    }
    prefixes = {
        prefix: ns
        for prefix, ns in namespaces
        if prefix and any(term.startswith(ns) for term in used)
    }
    ordered = [
        ox.Triple(s, ox.NamedNode(p), o)
        for s in sorted(index, key=_rdflib_order)
        for p in sorted(index[s])
        for o in sorted(index[s][p], key=_rdflib_order)
    ]
    xml_text = ox.serialize(ordered, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).decode("utf-8")
    head_end = xml_text.index(">", xml_text.index("<rdf:RDF")) + 1
    xmlns = dict(_XMLNS.findall(xml_text[:head_end]))
    body = xml_text[head_end : xml_text.rindex("</rdf:RDF>")].strip("\n")
    # A raw CR would reach an XML reader as LF (end-of-line handling): a reference keeps it.
    return body.replace("\r", "&#13;"), xmlns


# --- the fragment ---------------------------------------------------------------------------


def _index(triples: list[ox.Triple]) -> dict[Term, dict[str, list[Term]]]:
    """subject -> predicate IRI -> objects, in the order of the triples."""
    index: dict = {}
    for s, p, o in triples:
        predicates = index.get(s)
        if predicates is None:
            predicates = index[s] = {}
        objects = predicates.get(p.value)
        if objects is None:
            predicates[p.value] = [o]
        else:
            objects.append(o)
    return index


def render_triples(
    triples: list[ox.Triple], graph_iri: str, settings: Settings, context: dict
) -> Fragment:
    """All fragments of one named graph of Oxigraph triples (see the module docstring)."""
    triples = list(dict.fromkeys(triples))
    prefixes = _prefixes(settings.base)
    index = _index(triples)
    namespaces = prefixes.rdflib_namespaces
    if any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    ):
        graph = _rdflib_graph(triples, settings.base)
        lines, used = turtle_without_prefixes(graph)
        turtle = "\n".join(lines).strip("\n")
        namespaces = sorted((prefix, str(ns)) for prefix, ns in graph.namespaces())
    else:
        turtle, used = _turtle(index, prefixes)
    xml, xmlns = _rdfxml(triples, index, namespaces)
    return Fragment(
        graph_iri,
        turtle,
        used,
        _jsonld(index, context),
        sorted({f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} ." for s, p, o in triples}),
        xml,
        xmlns,
        _stats(triples, index, settings),
    )


def stats_of_triples(triples: list[ox.Triple], settings: Settings) -> GraphStats:
    """`reskg.describe.stats_of` of a graph of these triples."""
    triples = list(dict.fromkeys(triples))
    return _stats(triples, _index(triples), settings)


def _stats(triples: list[ox.Triple], index: dict, settings: Settings) -> GraphStats:
    typed: dict[str, set[str]] = {cls: set() for cls in example_classes(settings)}
    classes, sources = set(), set()
    for subject, predicates in index.items():
        for o in predicates.get(RDF_TYPE, ()):
            classes.add(term_key(o))
            if (
                isinstance(subject, ox.NamedNode)
                and o.value in typed
                and isinstance(o, ox.NamedNode)
            ):
                typed[o.value].add(subject.value)
        for o in predicates.get(DCTERMS_SOURCE, ()):
            sources.add(term_key(o))
    return GraphStats(
        triples=len(triples),
        subjects={term_key(s) for s in index},
        predicates={p for predicates in index.values() for p in predicates},
        classes=classes,
        sources=sources,
        typed=typed,
    )
