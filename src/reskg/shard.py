"""One resolution folder at a time: its export fragments, statistics and validation results.

A *unit* is a resolution folder (its RDF files and source.txt); the *shared* inputs are the
ontology and every file outside resolution folders (common/, links/). Each unit is parsed on
its own into Oxigraph terms, rendered into fragments of every export (`reskg.ox_fragments`),
and validated together with the ontology and the shared nodes it mentions: screened on
Oxigraph, then pySHACL on the flagged nodes (`reskg.shacl_screen`). Results on shared nodes
are left to the validation of the shared inputs, so merging the parts gives the report of one
whole-graph validation. Units are processed in batches in worker processes; results are
split back per unit by focus node. The shared inputs are parsed and rendered with rdflib.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from reskg.config import Settings
from reskg.describe import stats_of
from reskg.export import (
    jsonld_context,
    ntriples_lines,
    sorted_rdfxml,
    stable_jsonld,
    turtle_without_prefixes,
)
from reskg.fragment import Fragment
from reskg.load import SOURCE_TEXT, parse_file, read_source_text, source_node
from reskg.namespaces import bind_prefixes, our_prefixes
from reskg.ox_fragments import parse_triples, render_triples
from reskg.shacl_screen import Screen, compile_screen, flagged, restricted_shapes
from reskg.shacl_sparql import from_ox, oxigraph_copy
from reskg.textlines import text_lines
from reskg.turtle_writer import Abbreviator, turtle_statements
from reskg.validate import ValidationReport, Violation, load_shapes, validate_graph

_RDF_VALUE = ox.NamedNode(str(RDF.value))
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_XMLNS = re.compile(r'xmlns:([\w-]+)="([^"]*)"')


@dataclass
class Unit:
    """The inputs of one part of the build."""

    name: str
    files: list[tuple[str, Path]]  # (graph IRI, RDF file)
    source_text: Path | None = None


@dataclass
class UnitResult:
    name: str
    fragments: list[Fragment]
    violations: list[Violation] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)


def render(graph: Graph, graph_iri: str, settings: Settings, context: dict) -> Fragment:
    """All fragments of one named graph."""
    bind_prefixes(graph, settings.base)
    abbreviate = Abbreviator(our_prefixes(settings.base))
    turtle = turtle_statements(graph, abbreviate)
    prefixes = abbreviate.used
    if turtle is None:  # blank nodes: rdflib nests them
        turtle_lines, prefixes = turtle_without_prefixes(graph)
        turtle = "\n".join(turtle_lines).strip("\n")
    nt = ntriples_lines(graph)
    compact = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = compact.get("@graph", None)
    if nodes is None:
        nodes = [{k: v for k, v in compact.items() if k != "@context"}] if len(graph) else []
    nodes = stable_jsonld(nodes)
    jsonld = [
        "\n".join(
            "    " + x
            for x in text_lines(json.dumps(n, indent=2, sort_keys=True, ensure_ascii=False))
        )
        for n in nodes
    ]
    xml_text = sorted_rdfxml(graph).decode("utf-8")
    head_end = xml_text.index(">", xml_text.index("<rdf:RDF")) + 1
    xmlns = dict(_XMLNS.findall(xml_text[:head_end]))
    body = xml_text[head_end : xml_text.rindex("</rdf:RDF>")].strip("\n")
    return Fragment(
        graph_iri,
        turtle,
        prefixes,
        jsonld,
        nt,
        body,
        xmlns,
        stats_of(graph, settings),
    )


# --- per-process state: the shared inputs and the shapes, parsed once per worker -------------
@dataclass
class SharedContext:
    """What every batch is validated with: the ontology and the shared inputs as Oxigraph
    triples (indexed by subject IRI), the shapes and their compiled screen."""

    key: str
    ontology: list[ox.Triple]
    by_subject: dict[str, list[ox.Triple]]
    shapes: Graph
    screen: Screen

    @property
    def subjects(self) -> set[str]:
        return set(self.by_subject)

    def described(self, nodes: set[str]) -> set[ox.Triple]:
        """The shared inputs' triples about the given nodes, with the types of the nodes
        they mention in turn (what sh:class and sh:node look at)."""
        found: set[ox.Triple] = set()
        for node in nodes:
            for triple in self.by_subject.get(node, ()):
                found.add(triple)
                if isinstance(triple.object, ox.NamedNode):
                    found.update(
                        t
                        for t in self.by_subject.get(triple.object.value, ())
                        if t.predicate == _RDF_TYPE
                    )
        return found


_STATE: dict[str, SharedContext] = {}


def _shared_context(settings: Settings, shared: list[tuple[str, Path]], key: str) -> SharedContext:
    found = _STATE.get("context")
    if found is None or found.key != key:
        by_subject: dict[str, list[ox.Triple]] = {}
        for _iri, path in shared:
            for triple in parse_triples(path, settings.base):
                if isinstance(triple.subject, ox.NamedNode):
                    by_subject.setdefault(triple.subject.value, []).append(triple)
        shapes = load_shapes(settings)
        ontology = parse_triples(settings.ontology_file, settings.base)
        found = _STATE["context"] = SharedContext(
            key, ontology, by_subject, shapes, compile_screen(shapes)
        )
    return found


def _shared_graph(settings: Settings, shared: list[tuple[str, Path]]) -> Graph:
    graph = Graph()
    for _iri, path in shared:
        parse_file(path, settings.base, graph)
    return graph


def _iris(nodes) -> set[str]:
    return {str(n) for n in nodes if isinstance(n, URIRef)}


def unit_triples(unit: Unit, settings: Settings) -> list[tuple[str, list[ox.Triple]]]:
    """The unit's named graphs as Oxigraph triples (its files, and its source text)."""
    graphs = [(iri, parse_triples(path, settings.base)) for iri, path in unit.files]
    if unit.source_text is not None:
        node = ox.NamedNode(str(source_node(settings, unit.name)))
        text = ox.Literal(read_source_text(unit.source_text))
        graphs.append(
            (settings.graph_iri(f"{unit.name}/source"), [ox.Triple(node, _RDF_VALUE, text)])
        )
    return graphs


def _ox_iris(terms) -> set[str]:
    return {t.value for t in terms if isinstance(t, ox.NamedNode)}


def process_batch(
    settings: Settings, shared: list[tuple[str, Path]], shared_key: str, units: list[Unit]
) -> list[UnitResult]:
    """Render and validate a batch of units against the shared inputs.

    The units stay Oxigraph triples: rendered by `reskg.ox_fragments`, screened on one
    Oxigraph store (`reskg.shacl_screen`); pySHACL gets an rdflib graph of the batch only
    when the screen flags a node.
    """
    context = jsonld_context(settings)
    state = _shared_context(settings, shared, shared_key)
    shared_subjects = state.subjects
    results, batch = [], list(state.ontology)
    mentioned: set[str] = set()
    for unit in units:
        graphs = unit_triples(unit, settings)
        result = UnitResult(
            unit.name, [render_triples(t, iri, settings, context) for iri, t in graphs]
        )
        for _iri, triples in graphs:
            result.subjects |= _ox_iris(t.subject for t in triples)
            result.objects |= _ox_iris(t.object for t in triples)
            batch.extend(triples)
        mentioned |= result.subjects | result.objects
        results.append(result)
    # The shared nodes the batch mentions, described as in the shared inputs.
    batch.extend(state.described(mentioned & shared_subjects))
    owner = {s: r for r in results for s in r.subjects}
    # Results on the shared nodes are the shared validation's (dropped below): not screened.
    ignore = {URIRef(x) for x in shared_subjects - owner.keys()}
    report = screened_batch(batch, state.shapes, state.screen, ignore)
    for violation in report.violations:
        if violation.focus in owner:
            owner[violation.focus].violations.append(violation)
        elif violation.focus not in shared_subjects:
            for r in results:
                if violation.focus in r.objects:
                    r.violations.append(violation)
    return results


def screened_batch(
    triples: list[ox.Triple], shapes: Graph, screen: Screen, ignore: set[URIRef]
) -> ValidationReport:
    """`screened_validation` of Oxigraph triples: the rdflib graph is built only if needed.
    Flagged nodes in ``ignore`` are not validated (their results would be dropped)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    literals = (
        (None, t.predicate.value, from_ox(t.object))
        for t in triples
        if isinstance(t.object, ox.Literal)
    )
    found = flagged(screen, store, literals)
    if found is not None:
        found = {shape: nodes - ignore for shape, nodes in found.items() if nodes - ignore}

    def as_rdflib() -> Graph:
        graph = Graph()
        for t in dict.fromkeys(triples):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    return _validate_flagged(found, as_rdflib, shapes, store)


def screened_validation(graph: Graph, shapes: Graph, screen: Screen) -> ValidationReport:
    """pySHACL's report on the graph, with pySHACL run only on the nodes the screen flags."""
    copy = oxigraph_copy(graph)
    return _validate_flagged(flagged(screen, copy, graph), lambda: graph, shapes, copy)


def _validate_flagged(
    found: dict | None, graph: Callable[[], Graph], shapes: Graph, store: ox.Store
) -> ValidationReport:
    """No validation when nothing is flagged; else pySHACL on the flagged nodes (or on all,
    when ``found`` is None or cannot be expressed as targets)."""
    if found == {}:
        return ValidationReport(conforms=True, graph=Graph(), violations=[])
    restricted = restricted_shapes(shapes, found) if found else None
    return validate_graph(graph(), restricted or shapes, copy=store)


def shared_result(settings: Settings, shared: list[tuple[str, Path]], key: str) -> UnitResult:
    """Fragments and validation of the shared inputs on their own."""
    context = jsonld_context(settings)
    shapes = _shared_context(settings, shared, key).shapes
    graph = _shared_graph(settings, shared)
    fragments = [
        render(parse_file(path, settings.base), iri, settings, context) for iri, path in shared
    ]
    report = validate_graph(graph, shapes)
    return UnitResult("", fragments, report.violations, _iris(graph.subjects()), set())


def discover(settings: Settings, data_dir: Path, files: list[Path]) -> tuple[list, list[Unit]]:
    """Split the inputs into shared files and resolution units (folders with a source.txt or
    RDF files directly inside, other than common/ and links/)."""
    from reskg.load import graph_name

    shared = [(settings.graph_iri("ontology"), settings.ontology_file)]
    units: dict[str, Unit] = {}
    unit_dirs = {p.parent for p in data_dir.glob(f"*/{SOURCE_TEXT}")}
    for path in files:
        iri = settings.graph_iri(graph_name(path, data_dir))
        if path.parent in unit_dirs:
            units.setdefault(path.parent.name, Unit(path.parent.name, [])).files.append((iri, path))
        else:
            shared.append((iri, path))
    for folder in sorted(unit_dirs):
        units.setdefault(folder.name, Unit(folder.name, [])).source_text = folder / SOURCE_TEXT
    return shared, [units[k] for k in sorted(units)]
