"""W3C RDF 1.1 syntax and evaluation tests (Turtle, N-Triples, TriG, N-Quads) through our gate.

Positive syntax tests must parse, negative ones must be refused with an InputError, and each
evaluation test must give a graph isomorphic to its expected N-Triples/N-Quads. The suites are
read from ../shared/w3c-rdf-tests/ when present.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from support import SHARED

from reskg.errors import InputError
from reskg.gate import parse_path

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
SUITES = {
    "rdf-turtle": "turtle",
    "rdf-n-triples": "nt",
    "rdf-trig": "trig",
    "rdf-n-quads": "nquads",
}
ROOT = SHARED / "w3c-rdf-tests" / "rdf" / "rdf11"


def _cases() -> list:
    cases = []
    for folder, fmt in SUITES.items():
        manifest_path = ROOT / folder / "manifest.ttl"
        if not manifest_path.is_file():
            continue
        manifest = Graph().parse(manifest_path, publicID=f"file://{manifest_path}")
        top = next(manifest.subjects(RDF.type, MF.Manifest))
        base = str(manifest.value(top, MF.assumedTestBase) or "")
        for entry in Collection(manifest, manifest.value(top, MF.entries)):
            kind = str(manifest.value(entry, RDF.type)).rsplit("#", 1)[-1]
            action = Path(str(manifest.value(entry, MF.action)).replace("file://", ""))
            result = manifest.value(entry, MF.result)
            expected = Path(str(result).replace("file://", "")) if result else None
            name = str(entry).rsplit("#", 1)[-1]
            cases.append(
                pytest.param(fmt, kind, action, expected, base + action.name, id=f"{folder}/{name}")
            )
    return cases


CASES = _cases()


def test_suites_are_present():
    if not ROOT.is_dir():
        pytest.skip(f"W3C test suites not present at {ROOT}")
    assert len(CASES) > 800


def _as_dataset(quads) -> Dataset:
    ds = Dataset()
    for s, p, o, g in quads:
        graph = ds.default_graph if g is None else ds.graph(g)
        graph.add((s, p, o))
    return ds


def _expected(path: Path, fmt: str) -> Dataset:
    ds = Dataset()
    ds.parse(path, format="nquads" if fmt in ("trig", "nquads") else "nt")
    return ds


def _flatten(dataset: Dataset) -> Graph:
    """Quads as one graph (a node per quad) so that blank-node graph names are compared too.

    Language tags are lower-cased: they compare case-insensitively in RDF 1.1 (BCP 47).
    """
    q = Namespace("urn:quad:")
    out = Graph()
    for s, p, o, g in dataset.quads():
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        node = BNode()
        out.add((node, q.s, s))
        out.add((node, q.p, p))
        out.add((node, q.o, o))
        if g is not None and g != DATASET_DEFAULT_GRAPH_ID:
            out.add((node, q.g, g))
    return out


def _same(actual: Dataset, expected: Dataset) -> bool:
    return isomorphic(_flatten(actual), _flatten(expected))


@pytest.mark.parametrize(("fmt", "kind", "action", "expected", "base"), CASES)
def test_w3c_case(fmt, kind, action, expected, base):
    if kind.startswith("TestNegative") or kind.endswith("NegativeSyntax"):
        with pytest.raises(InputError):
            parse_path(action, fmt=fmt, base=base)
        return
    quads = parse_path(action, fmt=fmt, base=base)
    if kind.endswith("Eval") and expected is not None:
        assert _same(_as_dataset(quads), _expected(expected, fmt))


def test_an_eval_mismatch_would_be_seen():
    """The comparison is not vacuous: a graph differs from one with an extra triple."""
    a = _as_dataset([(URIRef("http://a/s"), URIRef("http://a/p"), URIRef("http://a/o"), None)])
    b = _as_dataset(
        [
            (URIRef("http://a/s"), URIRef("http://a/p"), URIRef("http://a/o"), None),
            (URIRef("http://a/s"), URIRef("http://a/p"), URIRef("http://a/x"), None),
        ]
    )
    assert not _same(a, b)
