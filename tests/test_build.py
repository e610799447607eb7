"""`reskg build`: every export parses back to the same graph; bad input leaves dist/ as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD
from support import ROOT, requires_shared

FIXED_TIME = {"SOURCE_DATE_EPOCH": "1700000000"}


def run_reskg(*args: str, cwd: Path = ROOT, **extra_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **FIXED_TIME, **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "reskg", "-q", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "dist"
    result = run_reskg("build", "--data", str(ROOT / "data"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def reference(built) -> set:
    return set(Graph().parse(built / "graph.nt", format="nt"))


def test_build_writes_every_export(built):
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "dataset.ttl"):
        assert (built / name).stat().st_size > 1000, name


def test_exports_are_the_loaded_graph(reference, graph):
    assert reference == set(graph)


@pytest.mark.parametrize(
    ("name", "fmt"), [("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"), ("graph.rdf", "xml")]
)
def test_export_parses_back_with_rdflib(built, reference, name, fmt):
    assert set(Graph().parse(built / name, format=fmt)) == reference


def test_trig_has_one_named_graph_per_source_file(built, reference):
    ds = Dataset()
    ds.parse(built / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    base = "https://w3id.org/reskg/graph/"
    assert {
        base + "2019-2610-RSP/statements",
        base + "2019-2610-RSP/resolution",
        base + "2019-2610-RSP/source",
        base + "common/actors",
        base + "ontology",
    } <= names
    assert {(s, p, o) for s, p, o, _ in ds.quads()} == reference


def test_jsonld_parses_back_with_pyld(built, reference):
    from pyld import jsonld

    document = json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert set(Graph().parse(data=nquads, format="nt")) == reference


def test_jsonld_keys_read_naturally(built):
    document = json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))
    demand = next(n for n in document["@graph"] if n["id"].endswith("/id/demand/2019-2610-RSP/3"))
    assert demand["type"] == "Demand"
    assert set(demand["addressee"]) == {
        "https://w3id.org/reskg/id/org/european-union",
        "https://w3id.org/reskg/id/org/eeas",
    }
    assert len(demand["actions"]) == 4


@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nt", "ntriples")])
def test_export_parses_back_with_rapper(built, reference, name, syntax):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed; .ci/run installs it")
    out = subprocess.run(
        [rapper, "-q", "-i", syntax, "-o", "ntriples", str(built / name), "https://example.org/"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert set(Graph().parse(data=out.stdout, format="nt")) == reference


def test_two_builds_give_byte_identical_files(built, tmp_path):
    """Whatever Python's hash seed, every file of a build is the same, byte for byte."""
    for seed in ("1", "2"):
        out = tmp_path / f"again-{seed}"
        result = run_reskg(
            "build", "--data", str(ROOT / "data"), "--out", str(out), PYTHONHASHSEED=seed
        )
        assert result.returncode == 0, result.stderr
        for name in (
            "graph.nt",
            "graph.ttl",
            "graph.jsonld",
            "graph.trig",
            "graph.rdf",
            "dataset.ttl",
        ):
            assert (out / name).read_bytes() == (built / name).read_bytes(), name
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_dataset_description_carries_void_figures(built, reference):
    d = Graph().parse(built / "dataset.ttl")
    dataset = URIRef("https://w3id.org/reskg/dataset")
    assert d.value(dataset, VOID.triples) == Literal(len(reference), datatype=XSD.integer)
    assert URIRef("http://www.w3.org/ns/oa#") in set(d.objects(dataset, VOID.vocabulary))
    assert URIRef("https://creativecommons.org/licenses/by/4.0/") in set(
        d.objects(dataset, URIRef("http://purl.org/dc/terms/license"))
    )
    dists = set(d.objects(dataset, URIRef("http://www.w3.org/ns/dcat#distribution")))
    assert len(dists) >= 5


def test_dataset_description_conforms_to_dcat_ap_3(built):
    from pyshacl import validate

    shapes = Graph().parse(requires_shared("vocab/dcat-ap-3.0.1-SHACL.ttl"))
    conforms, _, text = validate(Graph().parse(built / "dataset.ttl"), shacl_graph=shapes)
    assert conforms, text


def test_dataset_description_uses_the_eu_controlled_vocabularies(built):
    """DCAT-AP 3.0.1's controlled-vocabulary shapes: themes, licence, media types and languages
    conform; the one finding is that our publisher (the reskg project) is not an EU body of the
    corporate-body table, which that profile requires and which we cannot truthfully claim."""
    from pyshacl import validate
    from rdflib.namespace import DCTERMS, SH, SKOS

    shapes = Graph().parse(requires_shared("vocab/dcat-ap-3.0.1-mdr-vocabularies.shape.ttl"))
    _, report, _ = validate(Graph().parse(built / "dataset.ttl"), shacl_graph=shapes)
    paths = {report.value(r, SH.resultPath) for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert paths <= {DCTERMS.publisher, SKOS.inScheme}
    focus = {report.value(r, SH.focusNode) for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert focus <= {
        URIRef("https://w3id.org/reskg/dataset"),
        URIRef("https://w3id.org/reskg/catalog"),
        URIRef("https://w3id.org/reskg/id/agent/reskg-project"),
    }


# --- Bad input ---------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def data_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("cache"))
    return copy


def test_syntax_error_exits_2_naming_file_and_line(built, data_copy):
    before = _snapshot(built)
    bad = data_copy / "common" / "actors.ttl"
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[30] = lines[30] + ' "unterminated'
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_reskg("build", "--data", str(data_copy), "--out", str(built))
    assert result.returncode == 2
    assert f"{bad}:31:" in result.stderr
    assert _snapshot(built) == before


def test_invalid_data_exits_1_with_report(built, data_copy):
    before = _snapshot(built)
    path = data_copy / "2019-2610-RSP" / "statements.ttl"
    text = path.read_text(encoding="utf-8")
    start = text.index("<id/demand/2019-2610-RSP/1> a reskg:Demand")
    cut = text.index("    reskg:addressee", start)
    end = text.index("\n", cut) + 1
    path.write_text(text[:cut] + text[end:], encoding="utf-8")
    result = run_reskg("build", "--data", str(data_copy), "--out", str(built))
    assert result.returncode == 1
    assert "A demand needs at least one addressee" in result.stdout
    assert "demand/2019-2610-RSP/1" in result.stdout
    assert _snapshot(built) == before


def test_missing_data_folder_exits_2(tmp_path):
    result = run_reskg("build", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "data folder not found" in result.stderr


def test_validate_command_reports_conformance():
    result = run_reskg("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_export_command_writes_one_format(tmp_path, reference):
    target = tmp_path / "out.ttl"
    assert run_reskg("export", "--format", "ttl", "-o", str(target)).returncode == 0
    assert set(Graph().parse(target)) == reference
    assert RDF.type in {p for _, p, _ in reference}


def test_dataset_description_lists_each_linkset_with_its_count(built, reference):
    d = Graph().parse(built / "dataset.ttl")
    wikidata = URIRef("https://w3id.org/reskg/id/linkset/wikidata")
    same_as = URIRef("http://www.w3.org/2002/07/owl#sameAs")
    assert d.value(wikidata, VOID.linkPredicate) == same_as
    wikidata_links = {
        (s, o)
        for s, p, o in reference
        if p == same_as and str(o).startswith("http://www.wikidata.org/entity/")
    }
    assert d.value(wikidata, VOID.triples).toPython() == len(wikidata_links)
    # Kazakhstan Q232, Astana Q1520, EP Q8889, EU Q458, EEAS Q672941, OSCE Q81299 at least
    assert len(wikidata_links) >= 6
    for linkset in d.subjects(RDF.type, VOID.Linkset):
        assert d.value(linkset, VOID.linkPredicate) is not None, linkset
        assert d.value(linkset, VOID.triples) is not None, linkset


def test_the_build_records_itself_as_a_prov_activity(built):
    """Software version, time (SOURCE_DATE_EPOCH 1700000000) and every input file, hashed."""
    from importlib.metadata import version

    from rdflib.namespace import DCTERMS, OWL, PROV, RDFS

    d = Graph().parse(built / "dataset.ttl")
    activity = d.value(URIRef("https://w3id.org/reskg/dataset"), PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in d
    when = Literal("2023-11-14T22:13:20+00:00", datatype=XSD.dateTime)
    assert d.value(activity, PROV.startedAtTime) == when
    assert d.value(activity, PROV.endedAtTime) == when
    software = d.value(activity, PROV.wasAssociatedWith)
    assert (software, RDF.type, PROV.SoftwareAgent) in d
    assert d.value(software, OWL.versionInfo) == Literal(version("reskg"))
    inputs = set(d.objects(activity, PROV.used))
    used = {str(label): e for e in inputs for label in d.objects(e, RDFS.label)}
    assert {"source.txt", "statements.ttl", "resolution.ttl", "actors.ttl", "reskg.ttl"} <= set(
        used
    )
    files = [p for p in (ROOT / "data").rglob("*") if p.suffix in (".ttl", ".txt")]
    shapes = sorted((ROOT / "shapes").glob("*.ttl"))
    assert len(shapes) == 3
    assert len(inputs) == len(files) + 1 + 3  # every data file, the ontology, the shapes
    source = ROOT / "data" / "2019-2610-RSP" / "source.txt"
    digest = "sha256:" + hashlib.sha256(source.read_bytes()).hexdigest()
    assert d.value(used["source.txt"], DCTERMS.identifier) == Literal(digest)
    # each shapes file as the document it is published as (`reskg site`)
    documents = {"reskg-shapes.ttl": "shapes", "hardening-shapes.ttl": "shapes/hardening"}
    documents["links-shapes.ttl"] = "shapes/links"
    for path in shapes:
        entity = used[path.name]
        assert entity == URIRef("https://w3id.org/reskg/" + documents[path.name])
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        assert d.value(entity, DCTERMS.identifier) == Literal(digest)


def test_validate_one_file_of_a_resolution_checks_it_with_its_folder(data_copy):
    """A file of a resolution's folder is validated with its siblings and source text, so a
    curator can check the file they edit; a fault in it is still reported."""
    statements = data_copy / "2019-2610-RSP" / "statements.ttl"
    for target in (statements, statements.parent):
        result = run_reskg("validate", "--data", str(data_copy), str(target))
        assert result.returncode == 0, result.stdout + result.stderr
    text = statements.read_text(encoding="utf-8")
    start = text.index("<id/demand/2019-2610-RSP/5> a reskg:Demand")
    cut = text.index("    reskg:addressee", start)
    statements.write_text(text[:cut] + text[text.index("\n", cut) + 1 :], encoding="utf-8")
    result = run_reskg("validate", "--data", str(data_copy), str(statements))
    assert result.returncode == 1
    assert "demand/2019-2610-RSP/5" in result.stdout
    assert "A demand needs at least one addressee" in result.stdout
    assert "Validation: 1 problem(s) found." in result.stdout
