"""A unit's files as pyoxigraph triples, and their export fragments, without an rdflib Graph.

`parse_triples` reads a file through the input gate as `reskg.load.parse_file` does and keeps
Oxigraph's terms; `render_triples` gives the same `reskg.fragment.Fragment` as
`reskg.shard.render` gives for an rdflib Graph of the same triples, and `stats_of_triples`
the same `GraphStats` as `reskg.describe.stats_of`.

Each term is read from Oxigraph once, into a tuple of Python strings (reading ``.value``
copies the string out of Oxigraph every time), and indexed by subject and predicate. Every
format is written from that index: Turtle grouped by subject with our prefixes (the layout
and escaping of `reskg.turtle_writer`), sorted N-Triples lines, RDF/XML from Oxigraph's
writer of the triples in rdflib's sort order (as `export.sorted_rdfxml`).

JSON-LD (choice measured, scripts/bench_fragments.py, per unit of ~330 triples): rdflib's
serializer took 11-17 ms, walking its Graph term by term; keeping its converter needs a
Graph, and building one from Oxigraph triples costs ~13 ms per unit (rdflib terms 6.8 ms,
insertion 6.5 ms), over the whole budget before any JSON is written.
Oxigraph writes no ``@context``. So the compaction is rdflib's own algorithm (its
``Converter``: term selection, ``@type`` coercion, language maps, ``@set``, ``@list``)
ported to the index, asking rdflib's ``Context`` (the well-kept library's own context
processing, built once per process) for every term choice and compact IRI, memoised:
2-3 ms. Tests prove that rdflib's JSON-LD parser (and Oxigraph's) reads each fragment,
under our @context, back to the input triples.

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
  rdflib path, C0 control characters, which XML 1.0 cannot hold at all, are written as
  they are.
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
from reskg.fragment import Fragment
from reskg.load import bundled_contexts
from reskg.namespaces import bind_prefixes, our_prefixes
from reskg.shacl_sparql import from_ox
from reskg.textlines import escape_line_breaks
from reskg.turtle_writer import STRING_UNSAFE, Abbreviator, escape_char

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
_CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
# rdflib starts an @set language map's list with a null (JSON-LD processors drop it):
# written the same, so the fragments stay byte-identical to the rdflib path's.
RDFLIB_SET_NULL = True

Term = ox.NamedNode | ox.BlankNode | ox.Literal
# A term as Python values, read once: (kind, value, datatype, language, carrier), the
# carrier being the Oxigraph triple an object was read from (for the RDF/XML writer) or the
# subject's term. The datatype is None for plain and language-tagged literals (as rdflib has
# it), the language "" when there is none.
Node = tuple[int, str, str | None, str, Term]
IRI, BLANK, LITERAL = 0, 1, 2
Index = dict[str, dict[str, list[Node]]]  # subject key -> predicate IRI -> objects


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


def _node(term: Term, carrier: object = None) -> Node:
    carrier = term if carrier is None else carrier
    kind = type(term)
    if kind is ox.NamedNode:
        return (IRI, term.value, None, "", carrier)
    if kind is ox.BlankNode:
        return (BLANK, term.value, None, "", carrier)
    language = term.language
    if language:
        return (LITERAL, term.value, None, language, carrier)
    datatype = term.datatype.value
    return (LITERAL, term.value, None if datatype == XSD_STRING else datatype, "", carrier)


def _key(node: Node) -> str:
    """A subject's key: an IRI as itself, a blank node as _:id (no IRI starts so)."""
    return node[1] if node[0] == IRI else "_:" + node[1]


@dataclass
class _Graph:
    """The triples indexed by subject and predicate, without duplicates."""

    index: Index
    subjects: dict[str, Node]
    triples: int
    blank: bool


def _index(triples: list[ox.Triple]) -> _Graph:
    index: Index = {}
    subjects: dict[str, Node] = {}
    count = 0
    blank = False
    for triple in triples:
        s, p, o = triple
        key = s.value if type(s) is ox.NamedNode else "_:" + s.value
        predicates = index.get(key)
        if predicates is None:
            predicates = index[key] = {}
            subjects[key] = _node(s)
        node = _node(o, triple)
        objects = predicates.get(p.value)
        if objects is None:
            predicates[p.value] = [node]
        elif node in objects:
            continue
        else:
            objects.append(node)
        count += 1
        if node[0] == BLANK or key[0] == "_":
            blank = True
    return _Graph(index, subjects, count, blank)


def _literal_n3(node: Node) -> str:
    """rdflib's ``Literal.n3()`` (triple quotes around a value holding a newline)."""
    _kind, value, datatype, language, _term = node
    if "\n" in value:
        encoded = value.replace("\\", "\\\\")
        if '"""' in value:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        text = '"""' + encoded.replace("\r", "\\r") + '"""'
    else:
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'
    if language:
        return f"{text}@{language}"
    return f"{text}^^<{datatype}>" if datatype else text


def term_key(term: Term) -> str:
    """`reskg.describe.term_key` of the same term: an IRI as itself, else rdflib's N3 form."""
    return _term_key(_node(term))


def _term_key(node: Node) -> str:
    return _literal_n3(node) if node[0] == LITERAL else _key(node)


def _nt(node: Node) -> str:
    kind, value, datatype, language, _term = node
    if kind == IRI:
        return f"<{value}>"
    if kind == BLANK:
        return "_:" + value
    text = value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    text = '"' + escape_line_breaks(text) + '"'
    if language:
        return f"{text}@{language}"
    return f"{text}^^<{datatype}>" if datatype else text


def _rdflib_order(node: Node) -> tuple:
    """A sort key giving the order rdflib's term comparison gives (blank nodes, IRIs,
    literals; literals by datatype, language, value (numbers by number), lexical form)."""
    kind, value, datatype, language, _term = node
    if kind != LITERAL:
        return (10 if kind == BLANK else 30, value)
    if datatype in _NUMERIC:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is not None and not number.is_nan():
            return (40, datatype, False, "", 0, number, value)
        return (40, datatype, False, "", 1, value, "")
    return (40, datatype or XSD_STRING, bool(language), language, 0, value, "")


# --- per-process state: prefixes and the JSON-LD context, prepared once ---------------------


@dataclass
class _Prefixes:
    abbreviate: Abbreviator
    namespaces: dict[str, str]  # prefix -> namespace of the Turtle writer
    rdflib_namespaces: list[tuple[str, str]]  # what a Graph with bind_prefixes has bound
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # IRI -> (name, prefix)
    xmlns: dict[frozenset, dict[str, str]] = field(default_factory=dict)  # terms -> prefixes

    def name(self, iri: str) -> tuple[str, str | None]:
        """The Turtle form of an IRI (prefixed name or <IRI>) and the prefix it uses."""
        found = self.names.get(iri)
        if found is None:
            text = self.abbreviate.iri(iri)
            found = (text, None if text[0] == "<" else text[: text.index(":")])
            if len(self.names) < 100_000:
                self.names[iri] = found
        return found


@lru_cache(maxsize=8)
def _prefixes(base: str) -> _Prefixes:
    graph = Graph()
    bind_prefixes(graph, base)
    names = our_prefixes(base)
    bound = sorted((prefix, str(ns)) for prefix, ns in graph.namespaces())
    return _Prefixes(Abbreviator(names), names, bound)


def _memoised(memo: dict, iri: str, compute) -> str:
    """compute(iri), remembered (up to 100,000 IRIs per process)."""
    found = memo.get(iri)
    if found is None:
        found = compute(iri)
        if len(memo) < 100_000:
            memo[iri] = found
    return found


@dataclass
class _Compactor:
    """rdflib's JSON-LD context for our context, with its answers memoised."""

    context: object
    terms: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    iris: dict = field(default_factory=dict)
    symbols: dict = field(default_factory=dict)

    def find_term(self, *key) -> object:
        found = self.terms.get(key, self)
        if found is self:
            found = self.terms[key] = self.context.find_term(*key)
        return found

    def shrink_iri(self, iri: str) -> str:
        return _memoised(self.iris, iri, self.context.shrink_iri)

    def to_symbol(self, iri: str) -> str:
        return _memoised(self.symbols, iri, self.context.to_symbol)


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


def _object_order(node: Node) -> tuple:
    """`turtle_writer._sort_key` of the same term."""
    kind, value, datatype, language, _term = node
    if kind == IRI:
        return (0, value, "")
    return (1, value, f"{language}|{datatype or ''}")


def _turtle(graph: _Graph, prefixes: _Prefixes) -> tuple[str, dict[str, str]]:
    """`turtle_writer.turtle_statements` of a graph without blank nodes."""
    used: dict[str, str] = {}
    name = prefixes.name
    namespaces = prefixes.namespaces

    def iri(value: str) -> str:
        text, prefix = name(value)
        if prefix is not None:
            used[prefix] = namespaces[prefix]
        return text

    def term(node: Node) -> str:
        kind, value, datatype, language, _term = node
        if kind == IRI:
            return iri(value)
        text = '"' + STRING_UNSAFE.sub(escape_char, value) + '"'
        if language:
            return f"{text}@{language}"
        return f"{text}^^{iri(datatype)}" if datatype else text

    blocks = []
    index = graph.index
    for subject in sorted(index):
        predicates = index[subject]
        lines = []
        for predicate in sorted(predicates, key=lambda p: (p != RDF_TYPE, p)):
            verb = "a" if predicate == RDF_TYPE else iri(predicate)
            objects = predicates[predicate]
            if len(objects) > 1:
                objects = sorted(objects, key=_object_order)
            lines.append(verb + " " + ", ".join([term(o) for o in objects]))
        blocks.append(iri(subject) + " " + " ;\n    ".join(lines) + " .")
    return "\n\n".join(blocks), used


def _rdflib_graph(triples: list[ox.Triple], base: str) -> Graph:
    """The rare fallback (blank nodes): an rdflib Graph of the triples, prefixes bound."""
    graph = Graph()
    bind_prefixes(graph, base)
    for triple in triples:
        graph.add(tuple(from_ox(t) for t in (triple.subject, triple.predicate, triple.object)))
    return graph


# --- N-Triples ------------------------------------------------------------------------------


def _nt_lines(graph: _Graph) -> list[str]:
    """rdflib's N-Triples lines (its escaping), sorted; see the module docstring."""
    lines = []
    for key, predicates in graph.index.items():
        subject = f"<{key}>" if key[0] != "_" else key
        for p, objects in predicates.items():
            head = f"{subject} <{p}> "
            for o in objects:
                lines.append(head + (f"<{o[1]}> ." if o[0] == IRI else _nt(o) + " ."))
    lines.sort()
    return lines


# --- JSON-LD: rdflib's Converter on the index -----------------------------------------------


class _JsonLd:
    """rdflib's ``plugins.serializers.jsonld.Converter`` (context active, native types, no
    rdf:type as property) over the index. What it does with a value depends only on the
    predicate and the value's datatype and language (or kind of node): that decision (the
    "plan") is made once per process by asking rdflib's Context, then applied."""

    def __init__(self, graph: _Graph, compactor: _Compactor):
        from rdflib.plugins.shared.jsonld.context import UNDEF
        from rdflib.plugins.shared.jsonld.keys import ID, LANG, LIST, SET, VOCAB

        self.index = graph.index
        self.subjects = graph.subjects
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
        self.id_key = self.ctx.id_key
        self.nodemap: dict[str, dict] = {}
        self.cells: set[str] = set()  # list nodes written as an @list
        self.has_lists = any(RDF_FIRST in predicates for predicates in self.index.values())

    def nodes(self) -> list[dict]:
        referenced = {
            "_:" + o[1]
            for predicates in self.index.values()
            for objects in predicates.values()
            for o in objects
            if o[0] == BLANK
        }
        for key in self.index:
            if key[0] != "_" or key not in referenced:
                self.process_subject(key)
        for key in self.index:  # blank nodes not reached yet (rdflib drops them)
            if key not in self.cells:
                self.process_subject(key)
        return list(self.nodemap.values())

    def node_id(self, node: Node) -> str:
        return self.c.shrink_iri(node[1]) if node[0] == IRI else "_:" + node[1]

    def process_subject(self, key: str) -> None:
        node_id = self.c.shrink_iri(key) if key[0] != "_" else key
        if node_id in self.nodemap:
            return
        node = {self.id_key: node_id}
        self.nodemap[node_id] = node
        for predicate, objects in self.index[key].items():
            for o in objects:
                self.add_to_node(predicate, o, node)

    def first(self, node: Node) -> bool:
        predicates = self.index.get(_key(node)) if node[0] != LITERAL else None
        return bool(predicates and RDF_FIRST in predicates)

    def add_to_node(self, p: str, o: Node, s_node: dict) -> None:
        kind = o[0]
        # literal: (p, datatype, language); node: (p, kind, heads a list)
        key = (p, o[2], o[3]) if kind == LITERAL else (p, kind, self.has_lists and self.first(o))
        plan = self.c.plans.get(key)
        if plan is None:
            plan = self.c.plans[key] = self.plan(p, o)
        p_key, mode, use_set, term = plan
        if mode == "id":
            node = self.c.shrink_iri(o[1]) if kind == IRI else "_:" + o[1]
        elif mode == "raw":
            node = self.to_raw_value(o)
        elif mode == "value":  # rdflib's str(o)
            node = o[1]
        elif mode == "vocab":
            node = self.c.to_symbol(o[1])
        elif mode == "list":
            node = [
                self.type_coerce(v, term.type) or self.to_raw_value(v)
                for v in self.to_collection(o) or []
            ]
        else:  # a language map: {"en": value} or {"en": [values]} for a @set
            value = s_node.setdefault(p_key, {})
            language = o[3]
            values = value.get(language)
            if values is not None or mode == "lang-set":
                if not isinstance(values, list):
                    empty = [None] if RDFLIB_SET_NULL else []
                    value[language] = values = empty if values is None else [values]
                values.append(o[1])
            else:
                value[language] = o[1]
            return
        if p_key in s_node:
            value = s_node[p_key]
            if not isinstance(value, list):
                value = [value]
            value.append(node)
        else:
            value = [node] if use_set else node
        s_node[p_key] = value

    def plan(self, p: str, o: Node) -> tuple[str, str, bool, object]:
        """What rdflib's ``Converter.add_to_node`` does with such a value: the key, how the
        value is written, whether it is always an array, and the term found."""
        ctx, c = self.ctx, self.c
        language = None
        if o[0] == LITERAL:
            language = o[3] or None
            term = c.find_term(p, o[2], self.UNDEF, language)
        else:
            term = None
            for container in [self.LIST, None] if self.first(o) else [None]:
                for coercion in (self.ID, self.VOCAB, self.UNDEF):
                    term = c.find_term(p, coercion, container)
                    if term:
                        break
                if term:
                    break
        mode = "raw"
        use_set = False
        if term:
            p_key = term.name
            if term.type:
                mode = self.coerce_mode(o, term.type)
            elif (term.language and language == term.language) or (
                ctx.language and term.language is None and language is None
            ):
                mode = "value"
            if self.LIST in term.container:
                mode = "list"
            elif self.LANG in term.container and language:
                mode = "lang-set" if self.SET in term.container else "lang"
            elif self.SET in term.container:
                use_set = True
        else:
            p_key = c.to_symbol(p)
            key_term = ctx.terms.get(p_key)
            if key_term and (key_term.type or key_term.container):
                p_key = p
            if p == RDF_TYPE:
                if o[0] == IRI:
                    mode = "vocab"
                p_key = ctx.type_key
        return p_key, mode, use_set, term

    def coerce_mode(self, o: Node, coerce_type: str) -> str:
        """rdflib's ``type_coerce`` as a mode: "raw" where it gives no value."""
        if coerce_type == self.ID:
            return "raw" if o[0] == LITERAL else "id"  # rdflib: a literal as an IRI reference
        if coerce_type == self.VOCAB:
            return "vocab" if o[0] == IRI else "raw"
        return "value" if o[0] == LITERAL and o[2] == coerce_type else "raw"

    def type_coerce(self, o: Node, coerce_type: str | None) -> object:
        mode = self.coerce_mode(o, coerce_type) if coerce_type else "raw"
        if mode == "id":
            return self.node_id(o)
        if mode == "vocab":
            return self.c.to_symbol(o[1])
        return o[1] if mode == "value" else None

    def to_raw_value(self, o: Node) -> object:
        ctx = self.ctx
        kind, value, datatype, language, _term = o
        collection = self.to_collection(o) if self.has_lists else None
        if collection is not None:
            return {ctx.list_key: [self.to_raw_value(item) for item in collection]}
        if kind == BLANK:
            if "_:" + value in self.index:
                self.process_subject("_:" + value)
            return {self.id_key: "_:" + value}
        if kind == IRI:
            return {self.id_key: self.c.shrink_iri(value)}
        if datatype:
            native = _native(value, datatype)
            if native is not None:
                return native
            return {ctx.type_key: self.c.to_symbol(datatype), ctx.value_key: value}
        if language and language != ctx.language:
            return {ctx.lang_key: language, ctx.value_key: value}
        if ctx.language and not language:
            return {ctx.value_key: value}
        return value

    def to_collection(self, head: Node) -> list | None:
        if not (head[0] == IRI and head[1] == RDF_NIL) and not self.first(head):
            return None
        items: list = []
        chain = {head[:4]}
        while head is not None:
            if head[0] == IRI:
                if head[1] != RDF_NIL:
                    return None
                self.cells.update(_key(cell) for cell in chain if cell[0] == BLANK)
                return items
            first = rest = None
            for p, objects in self.index.get(_key(head), {}).items():
                for o in objects:
                    if first is None and p == RDF_FIRST:
                        first = o
                    elif rest is None and p == RDF_REST:
                        rest = o
                    elif p != RDF_TYPE or o[:2] != (IRI, RDF_LIST):
                        return None
            items.append(first)
            head = rest
            if head is None or head[:4] in chain:
                return None
            chain.add(head[:4])
        return items


def _native(lexical: str, datatype: str) -> object:
    """The JSON value of a canonical xsd:integer or xsd:boolean literal, else None."""
    if datatype == XSD + "integer" and _CANONICAL_INTEGER.fullmatch(lexical):
        return int(lexical)
    if datatype == XSD + "boolean" and lexical in ("true", "false"):
        return lexical == "true"
    return None


def _jsonld(graph: _Graph, context: dict) -> list[str]:
    converter = _JsonLd(graph, _compactor(context))
    nodes = converter.nodes()
    if converter.has_lists:
        nodes = _stable(nodes)
    else:  # the same, in place: arrays are only values of a node or of a language map
        for node in nodes:
            for value in node.values():
                kind = type(value)
                if kind is list:
                    if len(value) > 1:
                        value.sort(key=_json_key)
                elif kind is dict:
                    for items in value.values():
                        if type(items) is list and len(items) > 1:
                            items.sort(key=_json_key)
        nodes.sort(key=_json_key)
    return ["    " + _dump(n, "\n    ") for n in nodes]


def _json_key(value: object) -> str:
    if type(value) is str:
        return _encode_string(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _stable(node: object) -> object:
    """`reskg.export.stable_jsonld` (every array but an @list sorted by its items' JSON), with
    strings passed through and the sort key of a string computed directly."""
    kind = type(node)
    if kind is dict:
        return {
            k: (
                v
                if type(v) is str
                else [_stable(x) for x in v]
                if k == "@list" and type(v) is list
                else _stable(v)
            )
            for k, v in node.items()
        }
    if kind is list:
        items = [v if type(v) is str else _stable(v) for v in node]
        if len(items) > 1:
            items.sort(key=_json_key)
        return items
    return node


_SCALARS = {None: "null", True: "true", False: "false"}


def _dump(value: object, newline: str) -> str:
    """``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)``, each line after the
    first starting with ``newline`` (no floats: they are never written natively)."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    inner = newline + "  "
    if kind is dict:
        if not value:
            return "{}"
        parts = []
        for k in sorted(value):
            v = value[k]
            text = _encode_string(v) if type(v) is str else _dump(v, inner)
            parts.append(inner + _encode_string(k) + ": " + text)
        return "{" + ",".join(parts) + newline + "}"
    if kind is list:
        if not value:
            return "[]"
        parts = [inner + (_encode_string(v) if type(v) is str else _dump(v, inner)) for v in value]
        return "[" + ",".join(parts) + newline + "]"
    if kind is int:
        return str(value)
    if kind is bool or value is None:
        return _SCALARS[value]
    return json.dumps(value)


# --- RDF/XML --------------------------------------------------------------------------------


def _rdfxml(
    graph: _Graph, namespaces: list[tuple[str, str]], state: _Prefixes
) -> tuple[str, dict[str, str]]:
    """RDF/XML of the triples in rdflib's order, declaring the namespaces (of those bound)
    that a predicate or class uses, as `export.sorted_rdfxml` does."""
    index = graph.index
    used = frozenset(
        {p for predicates in index.values() for p in predicates}
        | {o[1] for predicates in index.values() for o in predicates.get(RDF_TYPE, ())}
    )
    memo = state.xmlns if namespaces is state.rdflib_namespaces else {}
    prefixes = memo.get(used)
    if prefixes is None:
        prefixes = {
            prefix: ns
            for prefix, ns in namespaces
            if prefix and any(term.startswith(ns) for term in used)
        }
        if len(memo) < 10_000:
            memo[used] = prefixes
    ordered = []
    for key in sorted(index, key=lambda k: (k[0] != "_", k)):  # blank nodes first
        predicates = index[key]
        for p in sorted(predicates):
            objects = predicates[p]
            if len(objects) > 1:
                objects = sorted(objects, key=_rdflib_order)
            ordered.extend([o[4] for o in objects])
    xml_text = ox.serialize(ordered, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).decode("utf-8")
    head_end = xml_text.index(">", xml_text.index("<rdf:RDF")) + 1
    xmlns = dict(_XMLNS.findall(xml_text[:head_end]))
    body = xml_text[head_end : xml_text.rindex("</rdf:RDF>")].strip("\n")
    # A raw CR would reach an XML reader as LF (end-of-line handling): a reference keeps it.
    return body.replace("\r", "&#13;"), xmlns


# --- the fragment ---------------------------------------------------------------------------


def render_triples(
    triples: list[ox.Triple], graph_iri: str, settings: Settings, context: dict
) -> Fragment:
    """All fragments of one named graph of Oxigraph triples (see the module docstring)."""
    prefixes = _prefixes(settings.base)
    graph = _index(triples)
    namespaces = prefixes.rdflib_namespaces
    if graph.blank:
        fallback = _rdflib_graph(triples, settings.base)
        lines, used = turtle_without_prefixes(fallback)
        turtle = "\n".join(lines).strip("\n")
        namespaces = sorted((prefix, str(ns)) for prefix, ns in fallback.namespaces())
    else:
        turtle, used = _turtle(graph, prefixes)
    xml, xmlns = _rdfxml(graph, namespaces, prefixes)
    return Fragment(
        graph_iri,
        turtle,
        used,
        _jsonld(graph, context),
        _nt_lines(graph),
        xml,
        xmlns,
        _stats(graph, settings),
    )


def stats_of_triples(triples: list[ox.Triple], settings: Settings) -> GraphStats:
    """`reskg.describe.stats_of` of a graph of these triples."""
    return _stats(_index(triples), settings)


def _stats(graph: _Graph, settings: Settings) -> GraphStats:
    typed: dict[str, set[str]] = {cls: set() for cls in example_classes(settings)}
    classes, sources = set(), set()
    for key, predicates in graph.index.items():
        for o in predicates.get(RDF_TYPE, ()):
            classes.add(_term_key(o))
            if key[0] != "_" and o[0] == IRI and o[1] in typed:
                typed[o[1]].add(key)
        for o in predicates.get(DCTERMS_SOURCE, ()):
            sources.add(_term_key(o))
    return GraphStats(
        triples=graph.triples,
        subjects=set(graph.index),
        predicates={p for predicates in graph.index.values() for p in predicates},
        classes=classes,
        sources=sources,
        typed=typed,
    )
