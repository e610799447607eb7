"""Screen a graph for the nodes that may violate the shapes, so that pySHACL checks only those.

pySHACL spends about 0.1 ms per focus node and constraint in Python; on a corpus of a thousand
resolutions that is minutes of validation for graphs that almost always conform. The screen
compiles every shape once into SPARQL queries (run on Oxigraph) that return a *superset* of the
focus nodes that violate it. pySHACL then validates each shape on the nodes flagged for it
(`restricted_shapes`), so the report is exactly the one a whole-graph pySHACL run gives: a
node the screen passes for a shape conforms to it, and a node it flags is judged by pySHACL.

Soundness rule: wherever a construct is not understood, the compiled condition is ``true``
(every focus node of that shape is handed to pySHACL). The screen is unusable (``None``) only
when a shape has a kind of target it cannot enumerate. Literal tests (sh:datatype, sh:pattern,
lengths, ranges) are run in Python on the rdflib literals pySHACL itself would see, with
pySHACL's own rules; only the literals that fail are named in the queries.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from reskg.namespaces import SH
from reskg.shacl_sparql import from_ox, to_ox

_MAX_NAMED = 500  # more failing literals than this: flag every literal value instead
_MAX_COUNT = 4  # sh:minCount/maxCount/qualified counts up to this are compiled exactly

# A query is text with slots filled in per store: (test id, variable) for the literals failing a
# literal test, ("subclasses", class IRI) for a class and its subclasses.
Part = str | tuple[int, str] | tuple[str, str]


@dataclass
class LiteralTest:
    """A test pySHACL applies to a literal value: ``fails(literal)`` is its verdict."""

    fails: Callable[[Literal], bool]
    path: str | None  # the values it applies to are among the objects of this path


@dataclass
class Screen:
    """The compiled shapes: one query per shape, and the literal tests they refer to."""

    queries: list[list[Part]] = field(default_factory=list)
    shapes: list[Node] = field(default_factory=list)  # the shape of each query
    tests: list[LiteralTest] = field(default_factory=list)
    usable: bool = True


class _Unsupported(Exception):
    """A construct the screen cannot compile: the caller falls back to a safe condition."""


def _iri(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    raise _Unsupported(f"not an IRI: {node!r}")


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise _Unsupported("blank node in a constraint")


class _Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.screen = Screen()
        self.counter = itertools.count()
        self.test_ids: dict[tuple, int] = {}

    def var(self) -> str:
        return f"?_s{next(self.counter)}"

    def distinct(self, x: str, path: str, n: int) -> str:
        """A pattern matching when x has at least n distinct values on the path."""
        vs = [self.var() for _ in range(n)]
        text = " ".join(f"{x} {path} {v} ." for v in vs)
        pairs = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2)]
        return text + (f" FILTER ({' && '.join(pairs)})" if pairs else "")

    # --- paths ----------------------------------------------------------------------------------
    def path(self, node: Node) -> str:
        g = self.g
        if isinstance(node, URIRef):
            return f"<{node}>"
        inverse = g.value(node, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        for prop, op in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            inner = g.value(node, prop)
            if inner is not None:
                return f"({self.path(inner)}){op}"
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in Collection(g, alternatives)) + ")"
        if g.value(node, RDF.first) is not None:
            return "(" + "/".join(self.path(p) for p in Collection(g, node)) + ")"
        raise _Unsupported("unknown path")

    # --- targets --------------------------------------------------------------------------------
    def targets(self, shape: Node) -> list[list[Part]] | None:
        """SPARQL group patterns binding ?this to each target; None if a target is unknown."""
        g, found = self.g, []
        classes = list(g.objects(shape, SH.targetClass))
        if (shape, RDF.type, RDFS.Class) in g:
            classes.append(shape)
        for cls in classes:
            found.append(
                [f"?this <{RDF.type}> ?_type . FILTER (?_type IN ", ("subclasses", str(cls)), ")"]
            )
        for node in g.objects(shape, SH.targetNode):
            if not isinstance(node, URIRef):  # a literal or blank focus node: not screened
                return None
            found.append([f"VALUES ?this {{ {_term(node)} }}"])
        for prop in g.objects(shape, SH.targetSubjectsOf):
            found.append([f"?this {_iri(prop)} [] ."])
        for prop in g.objects(shape, SH.targetObjectsOf):
            found.append([f"[] {_iri(prop)} ?this ."])
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                return None
            found.append([self.prefixes(target), "{ " + str(select) + " }"])
        return found

    def prefixes(self, node: Node) -> str:
        lines = []
        for source in self.g.objects(node, SH.prefixes):
            for decl in self.g.objects(source, SH.declare):
                prefix, ns = self.g.value(decl, SH.prefix), self.g.value(decl, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{ns}>")
        return "\x00".join(lines)  # hoisted to the query's prologue by `_assemble`

    # --- conditions: SPARQL expressions true when ?x may violate --------------------------------
    def node_violation(
        self,
        shape: Node,
        x: str,
        exact_needed: bool = False,
        top: bool = False,
        scope: str | None = None,
    ) -> list[Part]:
        """An expression true when node x may not conform to the shape (exact if asked).

        At the top level, SPARQL-based constraints are left out: `compile_shape` joins them.
        ``scope`` is the path x was reached by (its literals are the ones tests must judge)."""
        g = self.g
        if (shape, SH.deactivated, Literal(True)) in g:
            return ["false"]
        if g.value(shape, SH.path) is not None:  # a property shape used as a value shape
            return self.property_violation(shape, x, exact_needed)
        return _any_of(
            (
                lambda p=pred, v=value: self.constraint(shape, p, v, x, exact_needed, scope)
                for pred, value in g.predicate_objects(shape)
                if not (top and pred == SH.sparql)
            ),
            exact_needed,
        )

    def constraint(
        self, shape: Node, pred: Node, value: Node, x: str, exact: bool, scope: str | None = None
    ) -> list[Part] | None:
        g = self.g
        if pred == SH.property:
            return self.property_violation(value, x, exact)
        if pred == SH["class"]:
            _iri(value)
            t = self.var()
            return [
                f"NOT EXISTS {{ {x} <{RDF.type}> {t} . FILTER ({t} IN ",
                ("subclasses", str(value)),
                ") }",
            ]
        if pred == SH.nodeKind:
            return [_NODE_KIND[value].format(x=x)] if value in _NODE_KIND else _unsupported()
        if pred == SH["in"]:
            members = list(Collection(g, value))
            if any(isinstance(m, BNode) for m in members):
                raise _Unsupported("blank node in sh:in")
            if any(isinstance(m, Literal) for m in members):  # literal equality: leave to pySHACL
                raise _Unsupported("literal in sh:in")
            if not members:
                return ["true"]
            return ["!(" + " || ".join(f"sameTerm({x}, {_iri(m)})" for m in members) + ")"]
        if pred == SH.node:
            return self.node_violation(value, x, exact, scope=scope)
        if pred == SH["not"]:
            inner = self.node_violation(value, x, exact_needed=True, scope=scope)
            return ["!("] + inner + [")"]
        if pred == SH["or"]:
            return _and(
                [self.node_violation(s, x, exact, scope=scope) for s in Collection(g, value)]
            )
        if pred == SH["and"]:
            return _or(
                [self.node_violation(s, x, exact, scope=scope) for s in Collection(g, value)]
            )
        if pred == SH.xone:
            raise _Unsupported("sh:xone")
        if pred == SH.closed:
            return None if value == Literal(False) else _unsupported()
        if pred == SH.sparql:
            raise _Unsupported("sh:sparql inside a value shape")
        if pred in _VALUE_TESTS:
            return self.literal_condition(pred, value, shape, x, path=scope)
        if pred in _NEEDS_PATH or pred in _UNKNOWN_CORE:
            raise _Unsupported(str(pred))
        return None  # not a constraint parameter (sh:message, sh:targetClass, rdf:type, ...)

    def property_violation(self, prop: Node, x: str, exact: bool) -> list[Part]:
        g = self.g
        if (prop, SH.deactivated, Literal(True)) in g:
            return ["false"]
        path = self.path(g.value(prop, SH.path))
        return _any_of(
            (
                lambda p=pred, v=value: self.property_constraint(prop, p, v, x, path, exact)
                for pred, value in g.predicate_objects(prop)
            ),
            exact,
        )

    def property_constraint(
        self, prop: Node, pred: Node, value: Node, x: str, path: str, exact: bool
    ) -> list[Part] | None:
        if pred == SH.path:
            return None
        if pred == SH.minCount:
            n = _count(value)
            return ["false"] if n == 0 else ["NOT EXISTS { " + self.distinct(x, path, n) + " }"]
        if pred == SH.maxCount:
            n = _count(value)
            return ["EXISTS { " + self.distinct(x, path, n + 1) + " }"]
        if pred == SH.uniqueLang:
            if value != Literal(True):
                return None
            a, b = self.var(), self.var()
            return [
                f"EXISTS {{ {x} {path} {a} . {x} {path} {b} . FILTER (!sameTerm({a}, {b}) && "
                f'isLiteral({a}) && isLiteral({b}) && lang({a}) != "" && '
                f"LCASE(lang({a})) = LCASE(lang({b}))) }}"
            ]
        if pred in (SH.lessThan, SH.lessThanOrEquals):
            if exact:  # numbers only: other comparisons are left to pySHACL (over-approximate)
                raise _Unsupported("comparison under sh:not or a qualified shape")
            a, b = self.var(), self.var()
            op = "<" if pred == SH.lessThan else "<="
            return [
                f"EXISTS {{ {x} {path} {a} . {x} {_iri(value)} {b} . "
                f"FILTER (!(isNumeric({a}) && isNumeric({b}) && {a} {op} {b})) }}"
            ]
        if pred in (SH.equals, SH.disjoint):
            raise _Unsupported(str(pred))
        if pred == SH.qualifiedValueShape:
            return self.qualified(prop, value, x, path)
        if pred in (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint):
            return None  # read with sh:qualifiedValueShape
        if pred == SH.sparql:
            raise _Unsupported("sh:sparql on a property shape")
        if pred in _VALUE_TESTS:
            v = self.var()
            inner = self.literal_condition(pred, value, prop, v, path=path)
            return [f"EXISTS {{ {x} {path} {v} . FILTER ("] + inner + [") }"]
        if pred in _NODE_LEVEL:
            v = self.var()
            inner = self.constraint(prop, pred, value, v, exact, scope=path)
            if inner is None:
                return None
            return [f"EXISTS {{ {x} {path} {v} . FILTER ("] + inner + [") }"]
        if pred in _UNKNOWN_CORE:
            raise _Unsupported(str(pred))
        return None

    def qualified(self, prop: Node, shape: Node, x: str, path: str) -> list[Part]:
        g = self.g
        if g.value(prop, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise _Unsupported("disjoint qualified value shapes")
        parts: list[list[Part]] = []
        low, high = g.value(prop, SH.qualifiedMinCount), g.value(prop, SH.qualifiedMaxCount)
        vs = [self.var() for _ in range(_MAX_COUNT + 1)]
        conform = {
            v: ["!("] + self.node_violation(shape, v, exact_needed=True, scope=path) + [")"]
            for v in vs
        }

        def distinct_conforming(n: int) -> list[Part]:
            out: list[Part] = [" ".join(f"{x} {path} {v} ." for v in vs[:n])]
            for v in vs[:n]:
                out += [" FILTER ("] + conform[v] + [")"]
            pairs = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs[:n], 2)]
            if pairs:
                out.append(" FILTER (" + " && ".join(pairs) + ")")
            return out

        if low is not None and _count(low) > 0:
            parts.append(["NOT EXISTS { "] + distinct_conforming(_count(low)) + [" }"])
        if high is not None:
            parts.append(["EXISTS { "] + distinct_conforming(_count(high) + 1) + [" }"])
        return _or(parts)

    def literal_condition(
        self, pred: Node, value: Node, shape: Node, v: str, path: str | None
    ) -> list[Part]:
        """Expression true when v fails a literal test: non-literals by rule, literals by name."""
        key = (pred, value, self.g.value(shape, SH.flags) if pred == SH.pattern else None, path)
        if key not in self.test_ids:
            self.screen.tests.append(_literal_test(pred, value, shape, self.g, path))
            self.test_ids[key] = len(self.screen.tests) - 1
        return [f"(!isLiteral({v}) || ", (self.test_ids[key], v), ")"]

    # --- whole shapes ---------------------------------------------------------------------------
    def compile_shape(self, shape: Node) -> None:
        """One query for the shape: its focus nodes that may violate a constraint."""
        targets = self.targets(shape)
        if targets is None:
            self.screen.usable = False
            return
        if not targets or (shape, SH.deactivated, Literal(True)) in self.g:
            return
        if (shape, RDF.type, SH.PropertyShape) in self.g or self.g.value(shape, SH.path):
            try:
                cond = self.property_violation(shape, "?this", exact=False)
            except _Unsupported:
                cond = ["true"]
        else:
            cond = self.node_violation(shape, "?this", top=True)
        focus: list[Part] = ["{ SELECT DISTINCT ?this WHERE { "]
        for i, target in enumerate(targets):
            focus += ([" UNION "] if i else []) + ["{ "] + target + [" }"]
        focus.append(" } }")
        branches: list[list[Part]] = []
        if cond != ["false"]:
            branches.append(focus + [" FILTER ("] + cond + [")"])
        for constraint in self.g.objects(shape, SH.sparql):
            select = self.g.value(constraint, SH.select)
            if select is None or not _joinable(str(select)):
                branches.append(focus)
            else:
                branches.append(focus + [self.prefixes(constraint), "{ " + str(select) + " }"])
        if branches:
            query: list[Part] = ["SELECT DISTINCT ?this WHERE { "]
            for i, branch in enumerate(branches):
                query += ([" UNION "] if i else []) + ["{ "] + branch + [" }"]
            self.screen.queries.append(query + [" }"])
            self.screen.shapes.append(shape)


_NODE_KIND = {
    SH.IRI: "!isIRI({x})",
    SH.BlankNode: "!isBlank({x})",
    SH.Literal: "!isLiteral({x})",
    SH.BlankNodeOrIRI: "isLiteral({x})",
    SH.BlankNodeOrLiteral: "isIRI({x})",
    SH.IRIOrLiteral: "isBlank({x})",
}
_VALUE_TESTS = {
    SH.datatype,
    SH.pattern,
    SH.minLength,
    SH.maxLength,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
}
_NODE_LEVEL = {SH["class"], SH.nodeKind, SH["in"], SH.node, SH["not"], SH["or"], SH["and"]}
_NEEDS_PATH = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.qualifiedValueShape}
_UNKNOWN_CORE = {
    SH.languageIn,
    SH.hasValue,
    SH.xone,
    SH.equals,
    SH.disjoint,
    SH.lessThanOrEquals,
    SH.expression,
    SH.rule,
    SH.js,
}


def _unsupported() -> list[Part]:
    raise _Unsupported("unsupported value")


def _count(node: Node) -> int:
    n = node.value if isinstance(node, Literal) else None
    if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > _MAX_COUNT:
        raise _Unsupported("count out of range")
    return n


def _any_of(conditions: Iterable[Callable[[], list[Part] | None]], exact: bool) -> list[Part]:
    """Violated when any constraint is; one that cannot be compiled counts as "may be violated"
    (``true``), unless an exact condition is needed (then the caller falls back in turn)."""
    parts: list[list[Part]] = []
    for condition in conditions:
        try:
            cond = condition()
        except _Unsupported:
            if exact:
                raise
            cond = ["true"]
        if cond is not None:
            parts.append(cond)
    return _or(parts)


def _or(parts: list[list[Part]]) -> list[Part]:
    parts = [p for p in parts if p != ["false"]]
    if not parts:
        return ["false"]
    if any(p == ["true"] for p in parts):
        return ["true"]
    out: list[Part] = []
    for i, p in enumerate(parts):
        out += ([" || "] if i else []) + ["("] + p + [")"]
    return out


def _and(parts: list[list[Part]]) -> list[Part]:
    if any(p == ["false"] for p in parts):
        return ["false"]
    parts = [p for p in parts if p != ["true"]]
    if not parts:
        return ["true"]
    out: list[Part] = []
    for i, p in enumerate(parts):
        out += ([" && "] if i else []) + ["("] + p + [")"]
    return out


_PLAIN_PATH = re.compile(r"<[^<>]*>")
_GROUPING = re.compile(
    r"\b(GROUP|HAVING|LIMIT|OFFSET|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\b", re.IGNORECASE
)
_PREBOUND = re.compile(r"\$(PATH|shapesGraph|currentShape|value)\b")


def _joinable(select: str) -> bool:
    """True if running the query with $this free gives the union of its pre-bound runs: one
    SELECT, no grouping or slicing, and $this only in the main group, never inside EXISTS,
    MINUS or OPTIONAL."""
    if _PREBOUND.search(select) or len(re.findall(r"\bSELECT\b", select, re.IGNORECASE)) != 1:
        return False
    if _GROUPING.search(select):
        return False
    body = select[select.index("{") :]
    nested = re.search(r"\b(EXISTS|MINUS|OPTIONAL|SERVICE|GRAPH)\b", body, re.IGNORECASE)
    if nested is None:
        return True
    return not re.search(r"[?$]this\b", body[nested.start() :])


# --- literal tests, with pySHACL's own rules ------------------------------------------------------
_PY_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _datatype_fails(datatype: URIRef) -> Callable[[Literal], bool]:
    """pySHACL's sh:datatype verdict on a literal (DatatypeConstraintComponent.evaluate)."""
    expected = _PY_TYPES.get(datatype)

    def fails(lit: Literal) -> bool:
        if datatype == RDFS.Literal:
            return False
        if lit.datatype == datatype:
            if getattr(lit, "ill_typed", None) is True:
                return True
        elif datatype == RDFS.Datatype and lit.datatype:
            return False
        elif not (
            lit.datatype is None and lit.language is None and datatype == XSD.string
        ) and not (datatype == RDF.langString and lit.language):
            return True
        return expected is not None and not isinstance(lit.value, expected)

    return fails


def _value_string(v: Node) -> str:
    """The text pySHACL matches string constraints against (value_node_to_string)."""
    if (
        isinstance(v, Literal)
        and v.value is not None
        and v.datatype in (None, RDF.langString, XSD.string)
    ):
        return str(v.value)
    return str(v)


def _number(lit: Node) -> int | float | Decimal | None:
    """The value of a well-formed numeric literal (not a boolean, not NaN), else None."""
    value = lit.value if isinstance(lit, Literal) and not lit.ill_typed else None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return None if value != value else value  # NaN


def _literal_test(pred: Node, value: Node, shape: Node, g: Graph, path: str | None) -> LiteralTest:
    text = _value_string
    if pred == SH.datatype:
        if not isinstance(value, URIRef):
            raise _Unsupported("sh:datatype")
        return LiteralTest(_datatype_fails(value), path)
    if pred == SH.pattern:
        if not isinstance(value, Literal):
            raise _Unsupported("sh:pattern")
        flags = str(g.value(shape, SH.flags) or "").lower()
        if set(flags) - {"i", "m"}:
            raise _Unsupported("sh:flags")
        pattern = (
            str(value.value) if value.value is not None and len(value.value) > 1 else str(value)
        )
        regex = re.compile(pattern, (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
        return LiteralTest(lambda lit: regex.search(text(lit)) is None, path)
    if pred in (SH.minLength, SH.maxLength):
        n = value.value if isinstance(value, Literal) else None
        if not isinstance(n, int) or n < 0:
            raise _Unsupported("length")
        if pred == SH.minLength:
            return LiteralTest(lambda lit: n > 0 and len(text(lit)) < n, path)
        return LiteralTest(lambda lit: len(text(lit)) > n, path)
    if not isinstance(value, Literal):
        raise _Unsupported("range bound")
    accept = {
        SH.minInclusive: lambda c: c >= 0,
        SH.maxInclusive: lambda c: c <= 0,
        SH.minExclusive: lambda c: c > 0,
        SH.maxExclusive: lambda c: c < 0,
    }[pred]
    bound = _number(value)
    if bound is None:
        raise _Unsupported("a bound that is not a number")

    def range_fails(lit: Literal) -> bool:
        number = _number(lit)  # numbers only; anything else is left to pySHACL (flagged)
        if number is None:
            return True
        return not accept((number > bound) - (number < bound))

    return LiteralTest(range_fails, path)


# --- compiling and running ------------------------------------------------------------------------
def _beyond_core(shapes: Graph) -> bool:
    """Shapes the screen cannot reason about at all: rules (they change the data graph),
    custom constraint components (their parameters would look like unknown properties),
    entailment regimes."""
    return (
        any(shapes.triples((None, SH.rule, None)))
        or any(shapes.triples((None, RDF.type, SH.ConstraintComponent)))
        or any(shapes.triples((None, SH.entailment, None)))
    )


def compile_screen(shapes: Graph) -> Screen:
    """The screen of a shapes graph (compile once, run on many data graphs)."""
    compiler = _Compiler(shapes)
    if _beyond_core(shapes):
        compiler.screen.usable = False
        return compiler.screen
    shape_nodes = (
        set(shapes.subjects(RDF.type, SH.NodeShape))
        | set(shapes.subjects(RDF.type, SH.PropertyShape))
        | {
            s
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
            for s in shapes.subjects(p, None)
        }
        | set(shapes.subjects(SH.target, None))
    )
    for shape in sorted(shape_nodes, key=str):
        compiler.compile_shape(shape)
    return compiler.screen


def _failing_literals(
    screen: Screen, triples: Iterable[tuple[Node, Node, Node]]
) -> dict[int, list[ox.Literal]]:
    """For each literal test, the literals that fail it, as the store holds them.

    The verdicts are pySHACL's, on the rdflib literals it validates (the data as parsed, not
    the store's copy: Oxigraph stores xsd:nonNegativeInteger as xsd:integer, for one). The
    failing ones are then named in the store's own form, so that sameTerm finds them.
    """
    by_path: dict[str, list[Literal]] = {}
    for _s, p, o in triples:
        if isinstance(o, Literal):
            by_path.setdefault(f"<{p}>", []).append(o)
    every = [lit for lits in by_path.values() for lit in lits]
    failing: dict[int, list[Literal]] = {}
    for i, test in enumerate(screen.tests):
        plain = test.path is not None and _PLAIN_PATH.fullmatch(test.path) is not None
        scope = by_path.get(test.path, []) if plain else every  # type: ignore[arg-type]
        failing[i] = list(dict.fromkeys(lit for lit in scope if test.fails(lit)))
    return _as_stored(failing)


def _as_stored(failing: dict[int, list[Literal]]) -> dict[int, list[ox.Literal]]:
    """The literals as an Oxigraph store gives them back (it canonicalises some values)."""
    names = {lit for lits in failing.values() for lit in lits}
    if not names:
        return {i: [] for i in failing}
    scratch, subject, order = ox.Store(), ox.NamedNode("urn:x-reskg:screen"), list(names)
    for n, lit in enumerate(order):
        scratch.add(ox.Quad(subject, ox.NamedNode(f"urn:x-reskg:n{n}"), to_ox(lit)))
    stored = {int(q.predicate.value[len("urn:x-reskg:n") :]): q.object for q in scratch}
    form = {lit: stored[n] for n, lit in enumerate(order)}
    return {i: [form[lit] for lit in lits] for i, lits in failing.items()}


def _render(
    query: list[Part], failing: dict[int, list[ox.Literal]], subclasses: Callable[[str], str]
) -> str:
    prologue: list[str] = []
    body = []
    for part in query:
        if isinstance(part, tuple) and part[0] == "subclasses":
            body.append(subclasses(part[1]))  # type: ignore[arg-type]
        elif isinstance(part, tuple):
            test_id, var = part
            bad = failing[test_id]
            if not bad:
                body.append("false")
            elif len(bad) > _MAX_NAMED:
                body.append(f"isLiteral({var})")
            else:
                body.append("(" + " || ".join(f"sameTerm({var}, {b})" for b in bad) + ")")
        elif "\x00" in part or part.startswith("PREFIX "):
            prologue.extend(p for p in part.split("\x00") if p)
        else:
            body.append(part)
    return "\n".join(dict.fromkeys(prologue)) + "\n" + "".join(body)


def _subclasses(store: ox.Store) -> Callable[[str], str]:
    """The class and its subclasses in the store (rdfs:subClassOf*), as a SPARQL list: an
    instance of the class is what has one of them as rdf:type, as SHACL defines it."""
    memo: dict[str, str] = {}

    def listed(cls: str) -> str:
        if cls not in memo:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}"
            found = {str(row["c"]) for row in store.query(query)} | {f"<{cls}>"}
            memo[cls] = "(" + ", ".join(sorted(found)) + ")"
        return memo[cls]

    return listed


def flagged(
    screen: Screen, store: ox.Store, triples: Iterable[tuple[Node, Node, Node]]
) -> dict[Node, set[Node]] | None:
    """For each shape, the focus nodes that may violate it (rdflib terms); None: the screen
    cannot be used, validate everything. ``store`` holds ``triples`` (what pySHACL sees)."""
    if not screen.usable:
        return None
    found: dict[Node, set[Node]] = {}
    subclasses = _subclasses(store)
    try:
        failing = _failing_literals(screen, triples)
        for shape, query in zip(screen.shapes, screen.queries, strict=True):
            text = _render(query, failing, subclasses)
            nodes = {from_ox(row["this"]) for row in store.query(text)}
            if nodes:
                found.setdefault(shape, set()).update(nodes)
    except (SyntaxError, OSError, ValueError):  # a query Oxigraph refuses: validate everything
        return None
    return found


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def restricted_shapes(shapes: Graph, found: dict[Node, set[Node]]) -> Graph | None:
    """The shapes graph with each shape targeting only the nodes flagged for it.

    pySHACL's own ``focus_nodes`` option cannot be used: it also filters the value nodes of
    nested shapes (sh:node, sh:or, qualified shapes), so a literal value counts as conforming.
    A node a shape did not flag conforms to it, so checking each shape on its flagged nodes
    gives every result of the whole validation. None if a flagged node is a blank node (it
    cannot be named in another graph) or a shape targets by being a class.
    """
    if any(isinstance(n, BNode) for nodes in found.values() for n in nodes):
        return None
    if any((s, RDF.type, RDFS.Class) in shapes for s in found):
        return None
    out = Graph()
    for triple in shapes:
        if triple[1] not in _TARGETS:
            out.add(triple)
    for shape, nodes in found.items():
        for node in nodes:
            out.add((shape, SH.targetNode, node))
    return out
