"""Every class and property we use exists in its vocabulary; our own terms are documented.

Standard terms are checked against rdflib's namespace definitions and, where rdflib has none
(ELI, ELI-DL, Web Annotation, EPVOC), against the official files in ../shared/vocab/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)
from support import ROOT, requires_shared

from reskg.namespaces import ELI, ELI_DL, OA, SH

RDFLIB_NAMESPACES: list[type[DefinedNamespace]] = [
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
]
# Names in the EP's own files that are misspellings, not terms (see vocabularies.md).
EP_MISSPELLINGS = {
    "Activitytype",
    "acitivity_id",
    "recorded_in_realization_of",
    "decided_a_realization_of",
    "had_decision_outcome",
    "ProcedureType",
}


def _defined_in_rdflib(term: str) -> bool | None:
    for ns in RDFLIB_NAMESPACES:
        prefix = str(ns._NS)
        if term.startswith(prefix):
            name = term[len(prefix) :]
            return name in getattr(ns, "__annotations__", {}) or name in getattr(ns, "_extras", [])
    return None


def _terms_of_files(paths: list[Path], namespace: str) -> set[str]:
    terms: set[str] = set()
    for path in paths:
        g = Graph().parse(path)
        for node in set(g.subjects()) | set(g.objects()) | set(g.predicates()):
            if isinstance(node, URIRef) and str(node).startswith(namespace):
                terms.add(str(node))
    return terms


@pytest.fixture(scope="module")
def official_terms() -> dict[str, set[str]]:
    vocab = requires_shared("vocab")
    eli_dl = _terms_of_files(sorted(vocab.glob("eli-ep-*.ttl")), str(ELI_DL))
    return {
        str(ELI): _terms_of_files([vocab / "eli-ontology-1.5.ttl"], str(ELI)),
        str(ELI_DL): {t for t in eli_dl if t[len(str(ELI_DL)) :] not in EP_MISSPELLINGS},
        str(OA): _terms_of_files([vocab / "w3c-web-annotation-oa.ttl"], str(OA)),
    }


def _used_terms(graph: Graph) -> set[str]:
    used = {str(p) for p in graph.predicates()}
    used |= {str(c) for c in graph.objects(None, RDF.type) if isinstance(c, URIRef)}
    return used


def _check(terms: set[str], official: dict[str, set[str]], own: str) -> list[str]:
    problems = []
    for term in sorted(terms):
        if term.startswith(own):
            continue
        known = _defined_in_rdflib(term)
        if known is None:
            namespace = next((ns for ns in official if term.startswith(ns)), None)
            known = namespace is not None and term in official[namespace]
        if not known:
            problems.append(term)
    return problems


def test_graph_uses_only_defined_standard_terms(graph, official_terms, settings):
    assert _check(_used_terms(graph), official_terms, settings.ontology_ns) == []


def test_dataset_description_uses_only_defined_terms(tmp_path, official_terms, settings):
    from reskg.build import build

    build(settings, ROOT / "data", tmp_path / "dist")
    description = Graph().parse(tmp_path / "dist" / "dataset.ttl")
    assert _check(_used_terms(description), official_terms, settings.ontology_ns) == []


def test_the_check_catches_an_invented_term(official_terms, settings):
    invented = {str(ELI) + "tabled_by", str(ORG) + "addressee", str(OA) + "quote"}
    assert _check(invented, official_terms, settings.ontology_ns) == sorted(invented)


def test_every_term_of_our_namespace_is_declared_and_documented(graph, settings):
    ontology = Graph()
    ontology.parse(settings.ontology_file, format="turtle", publicID=settings.base)
    own = settings.ontology_ns
    used = {t for t in _used_terms(graph) if t.startswith(own)}
    declared = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(own)}
    assert used <= declared
    for term in map(URIRef, declared):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
        assert ontology.value(term, RDFS.isDefinedBy) is not None, term
        if (term, RDF.type, OWL.ObjectProperty) in ontology:
            assert ontology.value(term, RDFS.domain) is not None, term
            assert ontology.value(term, RDFS.range) is not None, term


def test_ontology_has_its_own_metadata(settings):
    ontology = Graph().parse(settings.ontology_file, format="turtle", publicID=settings.base)
    node = URIRef(settings.base + "ontology")
    assert (node, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, OWL.versionIRI, DCTERMS.license, DCTERMS.description):
        assert ontology.value(node, prop) is not None, prop


def test_shapes_cover_every_class_the_data_uses(dataset, settings):
    """Every class of the data is the target class of a shape of its own."""
    from reskg.load import union_graph
    from reskg.validate import load_shapes

    targeted = set(load_shapes(settings).objects(None, SH.targetClass))
    data = union_graph(dataset)
    for s, p, o in dataset.graph(URIRef(settings.graph_iri("ontology"))):
        data.remove((s, p, o))
    used = set(data.objects(None, RDF.type))
    assert {PROV.Activity, FOAF.Agent, SDO.City} <= used
    assert sorted(str(c) for c in used - targeted) == []


def _referenced_terms(settings) -> set[str]:
    """Classes and properties named by the ontology and the shapes (not only those the data uses):
    a shape on a misspelt class would silently check nothing."""
    from reskg.validate import load_shapes

    ontology = Graph().parse(settings.ontology_file, format="turtle", publicID=settings.base)
    shapes = load_shapes(settings)
    terms = {
        str(o)
        for g, predicates in (
            (ontology, (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)),
            (shapes, (SH.targetClass, SH["class"], SH.path, SH.inversePath, SH.targetObjectsOf)),
        )
        for p in predicates
        for o in g.objects(None, p)
        if isinstance(o, URIRef)
    }
    return terms | _used_terms(ontology)


def test_ontology_and_shapes_name_only_defined_terms(official_terms, settings):
    referenced = _referenced_terms(settings)
    assert str(ORG) + "Organization" in referenced and str(OA) + "TextQuoteSelector" in referenced
    assert _check(referenced, official_terms, settings.ontology_ns) == []
