"""Hostile text in the data never breaks out of a page: labels are escaped, the embedded
JSON-LD cannot close its <script>, and a crafted IRI never becomes a path outside the site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from reskg.config import Settings
from reskg.site import build_site

BASE = "https://w3id.org/reskg/"
EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'


def tiny_graph(settings: Settings) -> Graph:
    graph = Graph().parse(settings.ontology_file, format="turtle", publicID=BASE)
    org = URIRef(BASE + "id/org/evil")
    graph.add((org, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    graph.add((org, RDFS.label, Literal(EVIL, lang="en")))
    graph.add((org, SKOS.altLabel, Literal("a\u202eb", lang="en")))
    graph.add((URIRef(BASE + "id/../../escape"), RDFS.label, Literal("x")))
    graph.add((URIRef(BASE + "id/org/a%2f..%2fb"), RDFS.label, Literal("x")))
    return graph


def test_hostile_label_is_escaped_and_cannot_close_the_json_ld_script(tmp_path: Path):
    settings = Settings(base=BASE)
    out = tmp_path / "site"
    build_site(tiny_graph(settings), settings, out)
    html = (out / "id/org/evil.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    assert "<script>alert" not in html and "<img src=x" not in html
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert len(scripts) == 1  # only the JSON-LD block, which ends where it should
    labels = json.dumps(json.loads(scripts[0]), ensure_ascii=False)
    assert 'alert(\\"x\\")' in labels  # the label survives, as data


def test_crafted_iris_are_never_written_outside_the_site(tmp_path: Path):
    settings = Settings(base=BASE)
    out = tmp_path / "site"
    build_site(tiny_graph(settings), settings, out)
    assert not (tmp_path / "escape.html").exists()
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.is_relative_to(out.resolve()) for p in written)
    assert not list(out.rglob("*%2f*"))


def test_links_to_the_dataset_go_to_its_page(tmp_path: Path):
    settings = Settings(base=BASE)
    graph = tiny_graph(settings)
    linkset = URIRef(BASE + "id/linkset/example")
    graph.add((linkset, URIRef("http://rdfs.org/ns/void#subjectsTarget"), URIRef(BASE + "dataset")))
    out = tmp_path / "site"
    build_site(graph, settings, out)
    html = (out / "id/linkset/example.html").read_text(encoding="utf-8")
    assert '<a href="../../dataset.html">https://w3id.org/reskg/dataset</a>' in html


HOSTILE_SHAPES = r"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<shapes/evil> a owl:Ontology ; rdfs:label "</title><script>alert(1)</script>"@en .
<shapes/evil#x%22onmouseover=alert(1)> a sh:NodeShape ;
    sh:targetClass <http://example.org/C> ;
    sh:message "</script><script>alert(\"x\")</script>"@en ;
    sh:property [ sh:path rdfs:label ; sh:pattern "^[^\u0000\u202E\u007F]*$" ;
        sh:message "<img src=x onerror=alert(1)> a\u202Eb"@en ] .
<shapes/../../escape#s> a sh:NodeShape ; sh:targetClass <http://example.org/C> .
"""


def test_hostile_shapes_are_escaped_and_stay_inside_the_site(tmp_path: Path):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "evil.ttl").write_text(HOSTILE_SHAPES, encoding="utf-8")
    settings = Settings(base=BASE, shapes_dir=shapes)
    out = tmp_path / "site"
    build_site(tiny_graph(settings), settings, out)
    html = (out / "shapes/evil.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert len(re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)) == 1  # the JSON-LD
    assert '<section class="shape" id="x%22onmouseover=alert(1)">' in html
    assert "&lt;img src=x onerror=alert(1)&gt; a\\u202Eb" in html  # the override shown
    assert "\\u0000\\u202E\\u007F" in html
    # <shapes/../../escape#s> is <https://w3id.org/escape#s>, outside the base: no file of
    # its own; its file's document publishes it and lists it (with no anchor).
    assert not (tmp_path / "escape.html").exists() and not (out.parent / "escape.ttl").exists()
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.is_relative_to(out.resolve()) or p.is_relative_to(shapes) for p in written)
    evil = Graph().parse(out / "shapes/evil.ttl", format="turtle")
    shape = URIRef("https://w3id.org/escape#s")
    assert (shape, RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")) in evil
    assert "<code>https://w3id.org/escape#s</code>" in html
    main = Graph().parse(out / "shapes.ttl", format="turtle")
    assert (URIRef(BASE + "shapes"), OWL.imports, URIRef(BASE + "shapes/evil")) in main
