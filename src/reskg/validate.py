"""Validate a graph with pySHACL against the project's shapes.

The validator core knows nothing of the CLI: it returns a ValidationReport, which can be
rendered as text, Turtle or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from reskg.config import DEFAULT_BASE, Settings
from reskg.errors import DataError
from reskg.load import parse_file
from reskg.namespaces import SH
from reskg.shacl_sparql import OxigraphQueries


@dataclass(frozen=True)
class Violation:
    """One validation result, reduced to what a person needs to fix it."""

    focus: str
    path: str | None
    message: str
    severity: str
    shape: str | None
    value: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "focus": self.focus,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
            "shape": self.shape,
            "value": self.value,
        }


@dataclass
class ValidationReport:
    """The outcome of one validation."""

    conforms: bool
    graph: Graph
    violations: list[Violation]

    def as_text(self) -> str:
        if self.conforms:
            return "Validation: the graph conforms to the shapes.\n"
        lines = [f"Validation: {len(self.violations)} problem(s) found."]
        for v in self.violations:
            where = f" [{v.path}]" if v.path else ""
            value = f" (value: {v.value})" if v.value else ""
            lines.append(f"- {v.severity}: {v.focus}{where}: {v.message}{value}")
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "violations": [v.as_dict() for v in self.violations]},
            indent=2,
            ensure_ascii=False,
        )

    def as_turtle(self) -> str:
        return self.graph.serialize(format="turtle")


def load_shapes(settings: Settings, shapes_dir: Path | None = None) -> Graph:
    """All shape files of the shapes folder, merged."""
    shapes = Graph()
    for path in sorted((shapes_dir or settings.shapes_dir).glob("*.ttl")):
        parse_file(path, settings.base, shapes)
    return rebase_declared_namespaces(shapes, settings.base)


def shapes_home(declared: Iterable[str], base: str) -> str:
    """The document a shapes file is published as (`reskg site`) and named as in the build's
    provenance: the one document under the base it declares as an owl:Ontology
    (``<shapes/hardening>``), else the main shapes document ``{base}shapes``."""
    under = list(dict.fromkeys(d for d in declared if d.startswith(base) and "#" not in d))
    return under[0] if len(under) == 1 else base + "shapes"


def rebase_declared_namespaces(shapes: Graph, base: str) -> Graph:
    """The shapes with each ``sh:namespace`` under the default base moved under ``base``.

    SHACL declares the prefixes of its SPARQL queries as literals, which no base IRI resolves:
    without this, under another base the queries would name the default base's terms (a draft
    marked ``reskg:needsReview`` would not be recognised), while the files' IRIs follow the base.
    """
    if base == DEFAULT_BASE:
        return shapes
    for node, value in list(shapes.subject_objects(SH.namespace)):
        if isinstance(value, Literal) and str(value).startswith(DEFAULT_BASE):
            moved = Literal(base + str(value)[len(DEFAULT_BASE) :], datatype=value.datatype)
            shapes.remove((node, SH.namespace, value))
            shapes.add((node, SH.namespace, moved))
    return shapes


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):

        def one(prop: URIRef, _r=result) -> str | None:
            value = results.value(_r, prop)
            return None if value is None else str(value)

        severity = one(SH.resultSeverity) or ""
        found.append(
            Violation(
                focus=one(SH.focusNode) or "",
                path=one(SH.resultPath),
                message=one(SH.resultMessage) or "",
                severity=severity.rsplit("#", 1)[-1],
                shape=one(SH.sourceShape),
                value=one(SH.value),
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))


SPARQL_ENGINES = ("oxigraph", "rdflib")


def validate_graph(
    data: Graph,
    shapes: Graph,
    sparql: str = "oxigraph",
    copy: ox.Store | None = None,
) -> ValidationReport:
    """Validate data (which already holds the ontology) against the shapes.

    pySHACL validates the data graph in place (no copy): the shapes hold no rules and no
    inference runs, so it only reads it. The queries of SPARQL-based shapes run on Oxigraph
    (`reskg.shacl_sparql`) unless ``sparql="rdflib"``; both give the same results (tested).
    A failure inside pySHACL (an error evaluating a constraint on strange data) is reported as
    invalid data (exit 1) in one line, never as a traceback. ``copy`` is an Oxigraph store
    already holding the data, for the SPARQL-based shapes.
    """
    from pyshacl import validate as pyshacl_validate  # a heavy import: only when validating

    if sparql not in SPARQL_ENGINES:
        raise ValueError(f"unknown SPARQL engine {sparql!r}")
    view = OxigraphQueries(data, copy) if sparql == "oxigraph" and type(data) is Graph else data
    try:
        conforms, results, _text = pyshacl_validate(
            view,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
    except Exception as exc:  # pySHACL raises many kinds; ValidationFailure is returned
        raise DataError(f"validation could not complete: {type(exc).__name__}: {exc}") from exc
    if not isinstance(results, Graph):  # pySHACL returns a ValidationFailure instead of a report
        raise DataError(f"validation could not complete: {results}")
    return ValidationReport(conforms=bool(conforms), graph=results, violations=_violations(results))


def report_graph(conforms: bool, violations: list[Violation]) -> Graph:
    """A SHACL validation report graph holding the given results (for merged reports)."""
    from rdflib import BNode, Literal

    graph = Graph()
    graph.bind("sh", SH)
    report = BNode("report")
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for i, v in enumerate(violations):
        node = BNode(f"result{i}")
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, URIRef(v.focus)))
        graph.add((node, SH.resultMessage, Literal(v.message)))
        graph.add((node, SH.resultSeverity, SH[v.severity]))
        if v.path:
            graph.add((node, SH.resultPath, URIRef(v.path)))
        if v.shape:
            graph.add((node, SH.sourceShape, URIRef(v.shape)))
        if v.value:
            graph.add((node, SH.value, Literal(v.value)))
    return graph


def merged_report(violations: list[Violation]) -> ValidationReport:
    """The report of several validations of parts of one graph, as one."""
    found = sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    conforms = all(v.severity == "Warning" for v in found)
    return ValidationReport(
        conforms=conforms, graph=report_graph(conforms, found), violations=found
    )
