"""Static rules of SPARQL 1.1 that rdflib's query parser does not enforce.

:func:`prepare_query` does what ``rdflib.plugins.sparql.prepareQuery`` does (parse, then
translate to the algebra) and, between the two, checks the parse tree against these rules,
raising :class:`StaticRuleError` (a one-line message naming the rule) for a query that breaks
one:

- ``codepoint``: a ``\\u``/``\\U`` escape (or a raw character) that is a UTF-16 surrogate,
  U+D800 to U+DFFF, which is not a character (spec 19.2, codepoint escape sequences);
- ``values-arity``: a ``VALUES`` row with more or fewer values than the block has variables
  (spec 10.2, grammar rule DataBlock);
- ``bind-scope``: ``BIND (expr AS ?v)`` where ``?v`` is in scope from the elements before it in
  the same group graph pattern (spec 18.2.1);
- ``select-scope``: a SELECT expression ``(expr AS ?v)`` where ``?v`` is in scope in the WHERE
  pattern, in a GROUP BY ``(expr AS ?v)`` or in an earlier SELECT expression (spec 18.2.1);
- ``group-star``: ``SELECT *`` in a grouped query (spec 11.4: only grouped variables and
  aggregates may be projected);
- ``group-projection``: a grouped query projecting a variable (alone or outside an aggregate in
  a SELECT expression) that is not a GROUP BY variable (spec 11.4). Variables of a trailing
  ``VALUES`` block and earlier SELECT-expression names are allowed too (the algebra of spec
  18.2.4 binds them before the projection).

"In scope" follows the table of spec 18.2.1: a FILTER or MINUS never puts a variable in scope,
a sub-SELECT only its projected variables, a nested group, OPTIONAL, UNION, GRAPH and SERVICE
what their patterns put in scope, VALUES its variables, BIND its variable. Where the spec
leaves room, the rule accepts (the W3C positive syntax tests must all pass).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from pyparsing import ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Variable

_SURROGATE = re.compile("[\ud800-\udfff]")
_GROUPS = frozenset({"GroupGraphPatternSub", "FakeGroupGraphPatten"})
_SELECTS = frozenset({"SelectQuery", "SubSelect"})
_PATTERN_NODES = _GROUPS | {"SubSelect"}  # an expression walk stops at (NOT) EXISTS patterns


class StaticRuleError(ValueError):
    """The query parses but breaks a static rule of SPARQL 1.1; ``rule`` is its short name."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def prepare_query(text: str) -> Query:
    """Parse and translate like rdflib's ``prepareQuery``, checking the static rules first."""
    check_codepoints(text)
    tree = parseQuery(text)
    check_tree(tree)
    query = translateQuery(tree)
    query._original_args = (text, {}, None)
    return query


def check_codepoints(text: str) -> None:
    """Refuse a surrogate code point, written raw or through a ``\\u`` escape."""
    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError:  # beyond U+10FFFF: the parser reports it as a syntax error
        return
    found = _SURROGATE.search(expanded)
    if found:
        raise StaticRuleError(
            "codepoint",
            f"U+{ord(found.group()):04X} is a UTF-16 surrogate, not a character "
            "(SPARQL 1.1, 19.2: codepoint escapes)",
        )


def check_tree(tree: Any) -> None:
    """Check every VALUES block, group graph pattern and SELECT of a parse tree."""
    for node in _nodes(tree):
        if node.name in ("InlineData", "ValuesClause"):
            _check_values(node)
        elif node.name in _GROUPS:
            _check_binds(node)
        if node.name in _SELECTS:
            _check_select(node)


# --- the rules ---------------------------------------------------------------------------


def _check_values(node: CompValue) -> None:
    variables = _field(node, "var") or []
    for number, row in enumerate(_field(node, "value") or [], start=1):
        size = len(row) if isinstance(row, ParseResults | list) else 1
        if size != len(variables):
            raise StaticRuleError(
                "values-arity",
                f"VALUES row {number} has {size} value(s) for {len(variables)} variable(s) "
                "(SPARQL 1.1, 10.2: each row gives one value or UNDEF per variable)",
            )


def _check_binds(group: CompValue) -> None:
    scope: set[Variable] = set()
    for part in _field(group, "part") or []:
        if part.name == "Bind" and part.var in scope:
            raise StaticRuleError(
                "bind-scope",
                f"BIND (... AS {part.var.n3()}): {part.var.n3()} is already in scope in its "
                "group graph pattern (SPARQL 1.1, 18.2.1)",
            )
        scope |= _part_scope(part)


def _check_select(select: CompValue) -> None:
    projection = _field(select, "projection")
    group = _field(select, "groupby")
    conditions = list(_field(group, "condition") or []) if group is not None else []
    group_vars = {c for c in conditions if isinstance(c, Variable)}
    group_aliases = {
        c.var for c in conditions if isinstance(c, CompValue) and _field(c, "var") is not None
    }
    grouped = bool(conditions) or any(
        _has_aggregate(part)
        for part in (projection, _field(select, "having"), _field(select, "orderby"))
    )
    if projection is None:
        if grouped:
            raise StaticRuleError(
                "group-star",
                "SELECT * is not allowed in a query with GROUP BY or aggregates "
                "(SPARQL 1.1, 11.4: only grouped variables and aggregates may be projected)",
            )
        return
    in_scope = _scope(_field(select, "where")) | group_aliases
    trailing = set(_field(_field(select, "valuesClause"), "var") or [])
    allowed = group_vars | group_aliases | trailing
    for item in projection:
        alias = _field(item, "evar")
        if alias is None:
            var = item.var
            if grouped and var not in allowed:
                raise _ungrouped(var)
            continue
        if alias in in_scope:
            raise StaticRuleError(
                "select-scope",
                f"SELECT (... AS {alias.n3()}): {alias.n3()} is already in scope "
                "(SPARQL 1.1, 18.2.1)",
            )
        if grouped:
            for var in _unaggregated(item.expr):
                if var not in allowed:
                    raise _ungrouped(var)
        in_scope.add(alias)
        allowed.add(alias)


def _ungrouped(var: Variable) -> StaticRuleError:
    return StaticRuleError(
        "group-projection",
        f"{var.n3()} is projected but not grouped: use it in GROUP BY or inside an aggregate "
        "(SPARQL 1.1, 11.4)",
    )


# --- variable scope (spec 18.2.1) --------------------------------------------------------


def _scope(pattern: Any) -> set[Variable]:
    """The variables a group graph pattern or sub-SELECT puts in scope."""
    if not isinstance(pattern, CompValue):
        return set()
    if pattern.name == "SubSelect":
        projection = _field(pattern, "projection")
        if projection is None:  # SELECT *
            return _scope(_field(pattern, "where"))
        return {_field(item, "evar") or item.var for item in projection}
    found: set[Variable] = set()
    for part in _field(pattern, "part") or []:
        found |= _part_scope(part)
    return found


def _part_scope(part: CompValue) -> set[Variable]:
    """The variables one element of a group puts in scope."""
    name = part.name
    if name == "TriplesBlock":
        return set(_variables(part.triples))
    if name == "Bind":
        return {part.var}
    if name == "InlineData":
        return set(_field(part, "var") or [])
    if name == "OptionalGraphPattern":
        return _scope(part.graph)
    if name == "GroupOrUnionGraphPattern":
        found: set[Variable] = set()
        for branch in part.graph:
            found |= _scope(branch)
        return found
    if name in ("GraphGraphPattern", "ServiceGraphPattern"):
        term = _field(part, "term")
        found = _scope(part.graph)
        return found | {term} if isinstance(term, Variable) else found
    return set()  # Filter, MinusGraphPattern


# --- walking the parse tree --------------------------------------------------------------


def _field(node: Any, key: str) -> Any:
    """A field of a CompValue, or None (``CompValue.get`` returns the key when it is absent)."""
    if isinstance(node, CompValue) and key in node:
        return node[key]
    return None


def _children(item: Any) -> Iterable[Any]:
    if isinstance(item, CompValue):
        return item.values()
    if isinstance(item, ParseResults | list | tuple):
        return item
    return ()


def _nodes(tree: Any, stop: frozenset[str] = frozenset()) -> Iterator[CompValue]:
    """Every CompValue under tree, iteratively; below a node named in ``stop`` it does not go."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            if item.name in stop:
                continue
        stack.extend(_children(item))


def _variables(tree: Any) -> Iterator[Variable]:
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            yield item
        else:
            stack.extend(_children(item))


def _has_aggregate(tree: Any) -> bool:
    if tree is None:
        return False
    return any(n.name.startswith("Aggregate_") for n in _nodes(tree, _PATTERN_NODES))


def _unaggregated(expr: Any) -> set[Variable]:
    """Variables of an expression outside aggregates and (NOT) EXISTS patterns."""
    found: set[Variable] = set()
    stack = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(item)
        elif isinstance(item, CompValue) and (
            item.name.startswith("Aggregate_") or item.name in _PATTERN_NODES
        ):
            continue
        else:
            stack.extend(_children(item))
    return found
