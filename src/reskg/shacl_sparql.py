"""Evaluate the SPARQL of SPARQL-based SHACL constraints and targets with Oxigraph.

pySHACL evaluates a SPARQL-based constraint once per focus node, handing the query text to the
data graph's ``query``. On rdflib's engine that is tens of milliseconds per focus node (parse,
then evaluation in Python); measured on our shapes, those queries were most of the validation
time. ``OxigraphQueries`` is a view of an rdflib graph (same store, no copy for pySHACL's other
work) whose ``query`` runs the text on an Oxigraph copy of the triples, with the pre-bound
variables (``$this``) passed as substitutions (SEP-0007, which is how SHACL pre-binds), and
returns the rows as an rdflib ``Result``. pySHACL itself stays the validator: it finds the focus
nodes, builds the results and the report. The copy is made on the first query, so a validation
without SPARQL-based shapes costs nothing extra; pySHACL only reads the data (in-place
validation, no rules, no inference), so the copy cannot go stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

_XSD_STRING = str(XSD.string)


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot hand {term!r} to Oxigraph")


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as the rdflib term rdflib's own parser would have made."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:  # rdflib keeps simple literals untyped
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def oxigraph_copy(graph: Graph) -> ox.Store:
    """The triples of an rdflib graph in a fresh in-memory Oxigraph store (default graph)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph)
    return store


class OxigraphQueries(Graph):
    """A view of ``graph`` whose SPARQL queries (given as text) run on Oxigraph."""

    def __init__(self, graph: Graph, copy: ox.Store | None = None):
        manager = graph.namespace_manager
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=manager)
        self._source = graph
        self._copy: ox.Store | None = copy  # made on the first query unless given

    def query(  # type: ignore[override]
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,  # noqa: N803 (rdflib's names)
        initBindings=None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs,
    ):
        if not isinstance(query_object, str) or processor != "sparql" or initNs or kwargs:
            return super().query(
                query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
            )
        if self._copy is None:
            self._copy = oxigraph_copy(self._source)
        return run(self._copy, query_object, initBindings or {})


def run(store: ox.Store, text: str, bindings: Mapping[str, Node]) -> Result:
    """A SELECT or ASK query on the store, as an rdflib Result."""
    substitutions = {ox.Variable(str(name)): to_ox(value) for name, value in bindings.items()}
    answer = store.query(text, substitutions=substitutions or None)
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if not isinstance(answer, ox.QuerySolutions):
        raise ValueError("a SHACL constraint or target query must be a SELECT or an ASK query")
    names = [v.value for v in answer.variables]
    result = Result("SELECT")
    result.vars = [Variable(n) for n in names]
    rows = []
    for solution in answer:
        row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[Variable(name)] = from_ox(value)
        rows.append(row)
    result.bindings = rows
    return result
