"""The incremental, Oxigraph-backed build against the reference (memory) path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from reskg.build import ValidationFailed, build
from reskg.config import Settings
from reskg.store import load_store, query_rows

ROOT = Path(__file__).resolve().parents[2]
FILES = ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.rdf", "dataset.ttl"]
FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld", "graph.rdf": "xml"}


def settings() -> Settings:
    return Settings(base="https://w3id.org/reskg/")


def units(data: Path) -> list[Path]:
    return sorted(p for p in data.iterdir() if (p / "source.txt").is_file())


def break_corpus(data: Path) -> None:
    """Three errors: a wrong offset, a lost label, an addressee on an observation."""
    first, second = units(data)[:2]
    text = (first / "statements.ttl").read_text()
    text = re.sub(r'oa:end "(\d+)"', lambda m: f'oa:end "{int(m.group(1)) + 3}"', text, count=1)
    (first / "statements.ttl").write_text(text)
    res = (second / "resolution.ttl").read_text()
    res = re.sub(r'(eli:Work ;\n)    rdfs:label "[^"]*"@en ;\n', r"\1", res)
    (second / "resolution.ttl").write_text(res)
    stmt = (second / "statements.ttl").read_text()
    stmt = stmt.replace(
        "reskg:Observation ;\n", "reskg:Observation ;\n    reskg:addressee kgo:eeas ;\n", 1
    )
    (second / "statements.ttl").write_text(stmt)


def test_paths_give_isomorphic_exports_and_identical_ntriples(corpus, tmp_path, epoch):
    mem = build(settings(), corpus, tmp_path / "mem", store="memory")
    ox = build(settings(), corpus, tmp_path / "ox", store="oxigraph")
    assert mem.triples == ox.triples
    for name, fmt in FORMATS.items():
        a = Graph().parse(tmp_path / "mem" / name, format=fmt)
        b = Graph().parse(tmp_path / "ox" / name, format=fmt)
        assert isomorphic(a, b), name
    assert (tmp_path / "mem/graph.nt").read_bytes() == (tmp_path / "ox/graph.nt").read_bytes()


def test_split_validation_reports_what_whole_validation_reports(corpus, tmp_path):
    break_corpus(corpus)
    with pytest.raises(ValidationFailed) as whole:
        build(settings(), corpus, tmp_path / "mem", store="memory")
    with pytest.raises(ValidationFailed) as split:
        build(settings(), corpus, tmp_path / "ox", store="oxigraph", jobs=2)

    def key(v):
        return (v.focus, v.path, v.message, v.severity, v.value)

    expected = sorted(key(v) for v in whole.value.report.violations)
    assert len(expected) >= 3
    assert sorted(key(v) for v in split.value.report.violations) == expected
    messages = " ".join(v.message for v in split.value.report.violations)
    assert "is not the source text at offsets" in messages
    assert "Only a demand has addressees" in messages


def test_stores_answer_queries_identically():
    # On the reference data: rdflib's SPARQL engine is too slow for some queries on a corpus.
    queries = sorted((ROOT / "queries").glob("*.rq"))
    assert len(queries) >= 15, "the competency questions of queries/ are missing"
    mem = load_store(settings(), ROOT / "data", "memory")
    ox = load_store(settings(), ROOT / "data", "oxigraph")
    assert len(mem) == len(ox)
    answered = 0
    for q in queries:
        sparql = q.read_text(encoding="utf-8")
        a, b = query_rows(mem, sparql), query_rows(ox, sparql)
        assert len(a) == len(b), q.name
        answered += bool(a)
    assert answered > 0


def test_rebuild_after_one_edit_is_byte_identical_to_clean_build(corpus, tmp_path, epoch):
    out = tmp_path / "site" / "dist"
    first = build(settings(), corpus, out, store="oxigraph")
    assert len(first.validated) == 6
    target = units(corpus)[2] / "statements.ttl"
    target.write_text(target.read_text().replace('"Observation ', '"Noted observation ', 1))
    second = build(settings(), corpus, out, store="oxigraph")
    assert second.validated == [units(corpus)[2].name]  # the cache held the other five
    assert sorted(second.patched) == ["jsonld", "nt", "trig", "ttl", "xml"]
    clean = build(
        settings(), corpus, tmp_path / "clean" / "dist", store="oxigraph", use_cache=False
    )
    assert len(clean.validated) == 6
    for name in FILES:
        assert (out / name).read_bytes() == (tmp_path / "clean/dist" / name).read_bytes(), name
    unchanged = build(settings(), corpus, out, store="oxigraph")
    assert unchanged.validated == [] and unchanged.rewritten == []


def test_rebuild_after_adding_a_resolution_assembles_in_full_and_matches(corpus, tmp_path, epoch):
    out = tmp_path / "site" / "dist"
    build(settings(), corpus, out, store="oxigraph")
    copy = corpus / "2099-0001-RSP"
    shutil.copytree(units(corpus)[0], copy)
    for path in copy.glob("*.ttl"):
        path.write_text(path.read_text().replace(units(corpus)[0].name, copy.name))
    again = build(settings(), corpus, out, store="oxigraph")
    assert again.validated == [copy.name] and again.patched == []  # a new part: no patch
    clean = build(
        settings(), corpus, tmp_path / "clean" / "dist", store="oxigraph", use_cache=False
    )
    assert clean.triples == again.triples
    for name in FILES:
        assert (out / name).read_bytes() == (tmp_path / "clean/dist" / name).read_bytes(), name


def test_cache_survives_a_failed_build(corpus, tmp_path, epoch):
    out = tmp_path / "dist"
    build(settings(), corpus, out, store="oxigraph")
    cache = tmp_path / ".reskg-cache"
    before = {p: p.read_bytes() for p in cache.rglob("*.pickle")}
    before_out = (out / "graph.nt").read_bytes()
    break_corpus(corpus)
    with pytest.raises(ValidationFailed):
        build(settings(), corpus, out, store="oxigraph")
    for path, data in before.items():
        assert path.read_bytes() == data
    assert (out / "graph.nt").read_bytes() == before_out  # the published output is untouched
    assert not list(cache.rglob("*.tmp"))


def test_both_paths_describe_the_dataset_alike(corpus, tmp_path, epoch):
    """The incremental path writes the build's inputs as text; the triples are the same."""
    from rdflib.namespace import DCAT, PROV

    build(settings(), corpus, tmp_path / "mem", store="memory")
    build(settings(), corpus, tmp_path / "ox", store="oxigraph")
    described = []
    for folder in ("mem", "ox"):
        g = Graph().parse(tmp_path / folder / "dataset.ttl", format="turtle")
        g.remove((None, DCAT.byteSize, None))  # the two paths lay out graph.ttl differently
        described.append(g)
    assert isomorphic(*described)
    used = set(described[1].objects(None, PROV.used))
    # every RDF file and source text of the corpus, plus the ontology and the shapes files
    inputs = [p for p in corpus.rglob("*") if p.suffix in (".ttl", ".txt")]
    assert len(used) == len(inputs) + 1 + len(list((ROOT / "shapes").glob("*.ttl")))


def test_an_output_edited_by_hand_is_assembled_again_not_patched(corpus, tmp_path, epoch):
    out = tmp_path / "site" / "dist"
    build(settings(), corpus, out, store="oxigraph")
    ttl = out / "graph.ttl"
    ttl.write_bytes(ttl.read_bytes().replace(b"\n\n", b"\n\n# a note\n", 1))
    target = units(corpus)[1] / "statements.ttl"
    target.write_text(target.read_text().replace('"Observation ', '"Noted observation ', 1))
    again = build(settings(), corpus, out, store="oxigraph")
    assert "ttl" not in again.patched and "jsonld" in again.patched
    clean = build(
        settings(), corpus, tmp_path / "clean" / "dist", store="oxigraph", use_cache=False
    )
    assert clean.triples == again.triples
    for name in FILES:
        assert (out / name).read_bytes() == (tmp_path / "clean/dist" / name).read_bytes(), name
