"""The published SHACL shapes: every shapes document under the base has its page and RDF
documents with all the triples of its file, each shape an anchor, and the dataset's
dcterms:conformsTo leads to all of them (also under another base IRI).

Expected values are read by hand from shapes/*.ttl and reskg/describe.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

BASE = "https://w3id.org/reskg/"
ROOT = Path(__file__).resolve().parents[2]
SH = Namespace("http://www.w3.org/ns/shacl#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
FILES = {
    "shapes": "reskg-shapes.ttl",
    "shapes/hardening": "hardening-shapes.ttl",
    "shapes/links": "links-shapes.ttl",
}
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}


def from_file(name: str, base: str = BASE) -> Graph:
    """A shapes file as rdflib alone reads it (relative IRIs against the base)."""
    return Graph().parse(ROOT / "shapes" / name, format="turtle", publicID=base)


def main_extras(base: str = BASE) -> Graph:
    """What <shapes> says besides its file: describe.py's type and links to the other two."""
    shapes = URIRef(base + "shapes")
    extra = Graph()
    extra.add((shapes, RDF.type, DCTERMS.Standard))
    for part in ("shapes/hardening", "shapes/links"):
        extra.add((shapes, OWL.imports, URIRef(base + part)))
        extra.add((shapes, DCTERMS.hasPart, URIRef(base + part)))
    return extra


def expected(doc: str, base: str = BASE) -> Graph:
    graph = from_file(FILES[doc], base)
    if doc == "shapes":
        graph += main_extras(base)
    return graph


def section(html: str, anchor: str) -> str:
    start = html.index(f'<section class="shape" id="{anchor}">')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("doc", sorted(FILES))
def test_each_shapes_document_holds_every_triple_of_its_file(site_dir: Path, doc: str):
    want = to_isomorphic(expected(doc))
    for suffix, fmt in FORMATS.items():
        path = site_dir / (doc + suffix)
        if suffix == ".rdf" and doc == "shapes/hardening":
            # Its patterns hold U+0000-U+0008: XML 1.0 has no way to write them.
            assert not path.exists()
            continue
        published = Graph().parse(path, format=fmt)
        assert to_isomorphic(published) == want, doc + suffix


def test_hardening_turtle_names_the_procedure_type_shape(site_dir: Path):
    graph = Graph().parse(site_dir / "shapes/hardening.ttl", format="turtle")
    hsh = Namespace(BASE + "shapes/hardening#")
    assert (hsh.ProcedureType, SH.targetClass, ELI_DL.Process) in graph
    prop = graph.value(hsh.ProcedureType, SH.property)
    assert isinstance(prop, BNode)
    assert graph.value(prop, SH.path) == DCTERMS.identifier
    assert "names no known procedure type" in str(graph.value(prop, SH.message))
    assert (URIRef(BASE + "shapes/hardening"), RDF.type, OWL.Ontology) in graph


def test_the_main_shapes_document_leads_to_the_others_and_keeps_its_description(site_dir: Path):
    graph = Graph().parse(site_dir / "shapes.ttl", format="turtle")
    shapes = URIRef(BASE + "shapes")
    assert (shapes, RDF.type, DCTERMS.Standard) in graph
    assert (shapes, RDFS.label, Literal("reskg SHACL shapes", lang="en")) in graph
    assert set(graph.objects(shapes, OWL.imports)) == {
        URIRef(BASE + "shapes/hardening"),
        URIRef(BASE + "shapes/links"),
    }
    dataset = Graph().parse(site_dir / "dataset.ttl", format="turtle")
    assert (URIRef(BASE + "dataset"), DCTERMS.conformsTo, shapes) in dataset
    page = (site_dir / "shapes.html").read_text(encoding="utf-8")
    assert 'href="shapes/hardening.html"' in page and 'href="shapes/links.html"' in page
    assert 'href="dataset.html"' in page  # referred to by the dataset (dcterms:conformsTo)


def test_the_hardening_page_lists_the_procedure_type_shape(site_dir: Path):
    page = (site_dir / "shapes/hardening.html").read_text(encoding="utf-8")
    shape = section(page, "ProcedureType")
    assert "hsh:ProcedureType" in shape
    assert 'href="http://data.europa.eu/eli/eli-draft-legislation-ontology#Process"' in shape
    assert '<code class="path">dcterms:identifier</code>' in shape
    assert (
        '<p class="message">The procedure reference (dcterms:identifier) names no known '
        "procedure type: expected e.g. 2019/2610(RSP), with one of RSP, COD, INI, NLE, ... in "
        "brackets.</p>"
    ) in shape
    assert '<link rel="alternate" type="text/turtle" href="hardening.ttl">' in page
    assert 'type="application/rdf+xml"' not in page  # no .rdf (see above)


def test_the_page_shows_invisible_characters_of_a_pattern_as_escapes(site_dir: Path):
    page = (site_dir / "shapes/hardening.html").read_text(encoding="utf-8")
    shape = section(page, "NoControlInLabel")
    assert "\\u0000-\\u0008" in shape and "\\u202A-\\u202E" in shape
    shown = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)  # JSON-LD: data
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", shown)


def test_the_main_page_shows_paths_lists_and_named_property_shapes(site_dir: Path):
    page = (site_dir / "shapes.html").read_text(encoding="utf-8")
    activity = section(page, "Activity")
    assert '<code class="path">^eli-dl:consists_of</code>' in activity
    assert "An activity must belong to a procedure (eli-dl:consists_of)." in activity
    assert 'href="shapes.html#EnglishLabel"' in activity  # sh:property shp:EnglishLabel
    event = section(page, "Event")  # sh:or ( [ sh:datatype xsd:date ] ... [ xsd:gYear ] )
    assert event.index("xsd:date<") < event.index("xsd:gYearMonth") < event.index("xsd:gYear<")
    statement = section(page, "Statement")  # targets: five classes of our ontology
    assert 'href="ontology.html#Demand"' in statement
    source = section(page, "SourceDocument")  # sh:sparql with its query
    assert '<pre class="sparql">SELECT $this ?value ?exact ?start ?end ?actual WHERE {' in source


@pytest.mark.parametrize("doc", sorted(FILES))
def test_every_shape_iri_of_a_file_has_its_anchor(site_dir: Path, doc: str):
    graph = from_file(FILES[doc])
    named = {str(s) for s in graph.subjects() if str(s).startswith(BASE + doc + "#")}
    assert len(named) >= 7  # links-shapes.ttl, the smallest, names 7
    page = (site_dir / (doc + ".html")).read_text(encoding="utf-8")
    for iri in named:
        assert f'<section class="shape" id="{iri.split("#", 1)[1]}">' in page, iri
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}{doc}.html</loc>" in sitemap


BROKEN = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix reskg: <ontology#> .
<id/group/journalists> a org:Organization .
<id/org/eeas> skos:altLabel "EEAS "@en .
<id/demand/2019-2610-RSP/7> reskg:adressee "x" .
<id/linkset/broken> a void:Linkset .
"""


def test_every_source_shape_of_a_validation_report_has_a_page(site_dir: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "common" / "broken.ttl").write_text(BROKEN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reskg", "--base", BASE, "validate", str(data), "--format", "ttl"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    report = Graph().parse(data=done.stdout, format="turtle")
    ours = {str(s) for s in report.objects(None, SH.sourceShape) if str(s).startswith(BASE)}
    # One breakage for a shape of each file: sh:not, a trimmed-label pattern, the SPARQL
    # check of ontology terms, the linkset's sh:or.
    assert {
        BASE + "shapes#GroupOfPeople",
        BASE + "shapes/hardening#TrimmedAltLabel",
        BASE + "shapes/hardening#KnownOntologyTerms",
        BASE + "shapes/links#Linkset",
    } <= ours
    for iri in ours:
        doc, _, anchor = iri.partition("#")
        page = (site_dir / (doc[len(BASE) :] + ".html")).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in page, iri


def test_shapes_iris_follow_another_base(tmp_path: Path):
    other = "https://example.org/kg/"
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "reskg", "--base", other, "site", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    hardening = Graph().parse(out / "shapes/hardening.ttl", format="turtle")
    procedure = URIRef(other + "shapes/hardening#ProcedureType")
    assert (procedure, SH.targetClass, ELI_DL.Process) in hardening
    assert to_isomorphic(hardening) == to_isomorphic(expected("shapes/hardening", other))
    main = Graph().parse(out / "shapes.ttl", format="turtle")
    assert (URIRef(other + "shapes"), OWL.imports, URIRef(other + "shapes/links")) in main
    iris = {str(t) for triple in main for t in triple if isinstance(t, URIRef)}
    assert not [i for i in iris if i.startswith(BASE)]
    dataset = Graph().parse(out / "dataset.ttl", format="turtle")
    assert (URIRef(other + "dataset"), DCTERMS.conformsTo, URIRef(other + "shapes")) in dataset
    page = (out / "shapes/hardening.html").read_text(encoding="utf-8")
    assert f"<code>{other}shapes/hardening#ProcedureType</code>" in page
