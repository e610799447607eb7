"""The IRI <-> document path mapping shared by the site and the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from reskg.site.paths import doc_path, inside, relative_href, resource_path, split_doc_path

BASE = "https://w3id.org/reskg/"


def test_resource_iri_maps_to_its_page_and_alternates():
    assert doc_path(BASE + "id/org/eeas", BASE) == "id/org/eeas.html"
    assert doc_path(BASE + "id/org/eeas", BASE, ".ttl") == "id/org/eeas.ttl"
    assert (
        doc_path(BASE + "id/demand/2019-2610-RSP/7", BASE, ".jsonld")
        == "id/demand/2019-2610-RSP/7.jsonld"
    )


def test_hash_iri_belongs_to_the_document_before_the_hash():
    assert doc_path(BASE + "ontology#Demand", BASE) == "ontology.html"
    assert (
        doc_path(BASE + "id/annotation/x/demand-1#quote", BASE) == "id/annotation/x/demand-1.html"
    )


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/id/org/eeas",  # not under the base
        BASE + "id/../../etc/passwd",
        BASE + "id/org/..",
        BASE + "id//org",
        BASE + "id/org/%2e%2e",
        BASE + "id/org/a\\b",
        BASE + "id/org/a\x00b",
        BASE + "id/org/a b",
        BASE,
    ],
)
def test_unsafe_or_foreign_iris_have_no_path(iri):
    assert resource_path(iri, BASE) is None
    assert doc_path(iri, BASE) is None


def test_unknown_suffix_gives_no_document():
    assert doc_path(BASE + "id/org/eeas", BASE, ".php") is None
    assert split_doc_path("id/org/eeas.ttl") == ("id/org/eeas", ".ttl")
    assert split_doc_path("id/org/eeas") is None


def test_relative_links_between_pages():
    assert relative_href("id/org/eeas.html", "id/org/dck.html") == "dck.html"
    assert relative_href("id/org/eeas.html", "index.html") == "../../index.html"
    assert relative_href("index.html", "id/org/eeas.html") == "id/org/eeas.html"
    assert (
        relative_href("id/demand/r/1.html", "ontology.html#Demand")
        == "../../../ontology.html#Demand"
    )


def test_inside_never_leaves_the_root(tmp_path: Path):
    root = tmp_path / "site"
    (root / "id").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret")
    assert inside(root, "id/x.html") == (root / "id" / "x.html").resolve()
    for rel in ["../secret.txt", "id/../../secret.txt", "/etc/passwd", "..", "id/..\\x", ""]:
        assert inside(root, rel) is None, rel


def test_inside_refuses_a_symlink_out_of_the_root(tmp_path: Path):
    root = tmp_path / "site"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert inside(root, "link.txt") is None
