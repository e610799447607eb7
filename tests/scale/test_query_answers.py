"""Both stores give the same answers, row for row, to every competency question of queries/,
unbound and bound to one resolution (as `reskg query --bind resolution=<IRI>` and the scale
bench run them): the rewrites made for Oxigraph's evaluator must not change an answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.util import from_n3

from reskg.config import Settings
from reskg.query import prepare, read_header
from reskg.store import load_store, query_rows

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
BASE = "https://w3id.org/reskg/"


def settings() -> Settings:
    return Settings(base=BASE)


INTEGERS = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long, XSD.short}


def term(cell: str | None):
    """A cell as an rdflib term. Oxigraph answers xsd:nonNegativeInteger values (our offsets)
    as xsd:integer: the one datatype rewrite normalised here, the value must still match."""
    if cell is None:
        return None
    value = from_n3(cell)
    if isinstance(value, Literal) and value.datatype in INTEGERS:
        return Literal(int(value), datatype=XSD.integer)
    return value


def normal(rows: list[tuple[str | None, ...]]) -> list[tuple]:
    """Cells as rdflib terms, so that the two stores' ways of writing a term compare equal."""
    return sorted(
        (tuple(term(c) for c in row) for row in rows),
        key=lambda r: tuple("" if c is None else c.n3() for c in r),
    )


@pytest.fixture(scope="module")
def reference():
    return (
        load_store(settings(), ROOT / "data", "memory"),
        load_store(settings(), ROOT / "data", "oxigraph"),
    )


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    from make_corpus import make_corpus

    data = tmp_path_factory.mktemp("corpus") / "data"
    make_corpus(4, data, seed=5, source=ROOT / "data")
    slug = sorted(p.name for p in data.iterdir() if (p / "source.txt").is_file())[1]
    stores = load_store(settings(), data, "memory"), load_store(settings(), data, "oxigraph")
    return stores, URIRef(f"{BASE}id/resolution/{slug}")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_same_rows_on_the_reference_data(reference, path):
    mem, ox = reference
    sparql = path.read_text(encoding="utf-8")
    a = normal(query_rows(mem, sparql))
    assert a == normal(query_rows(ox, sparql))


@pytest.mark.parametrize(
    "path", [p for p in QUERIES if "?resolution" in p.read_text()], ids=lambda p: p.stem
)
def test_same_rows_bound_to_one_resolution_of_a_corpus(small_corpus, path):
    (mem, ox), resolution = small_corpus
    sparql = prepare(path.read_text(encoding="utf-8"), [("resolution", resolution)]).text
    a, b = normal(query_rows(mem, sparql)), normal(query_rows(ox, sparql))
    assert a == b
    if read_header(sparql).get("returns", "").startswith("resolution,"):
        assert {row[0] for row in a} <= {resolution}  # the binding reached the answer
