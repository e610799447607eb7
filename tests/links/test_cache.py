"""`reskg links cache`: multilingual labels of linked items, as their own named graph."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS, SDO

from reskg.load import load_dataset

WD = "http://www.wikidata.org/entity/"


def test_cache_holds_chosen_languages_and_provenance(endpoint, data_copy, run_cli, settings):
    code, out, _ = run_cli("links", "cache", "--endpoint", endpoint.url, "--data", str(data_copy))
    assert code == 0 and "about 9 item(s)" in out
    path = data_copy / "links" / "cache" / "wikidata-labels.ttl"
    local = settings.__class__(base=settings.base, data_dir=data_copy)
    dataset = load_dataset(local, data_copy)
    cache = dataset.graph(URIRef(settings.graph_iri("links/cache/wikidata-labels")))
    kz = URIRef(WD + "Q232")
    assert set(cache.objects(kz, RDFS.label)) == {
        Literal("Kazakhstan", lang="en"),
        Literal("Казахстан", lang="ru"),
        Literal("Қазақстан", lang="kk"),
        Literal("Kasachstan", lang="de"),
        Literal("Kazakhstan", lang="fr"),
    }  # not the Spanish label
    assert Literal("country in Central Asia", lang="en") in set(cache.objects(kz, SDO.description))
    me = URIRef(settings.graph_iri("links/cache/wikidata-labels"))
    assert cache.value(me, PROV.generatedAtTime) is not None
    assert str(cache.value(me, URIRef("http://purl.org/dc/terms/source"))) == endpoint.url
    assert path.read_text(encoding="utf-8").count("@base") == 0


def test_cache_asks_for_all_items_in_one_query(endpoint, data_copy, run_cli):
    run_cli("links", "cache", "--endpoint", endpoint.url, "--data", str(data_copy))
    assert len(endpoint.requests) == 1
    assert '"kk"' in endpoint.requests[0]["query"]


def test_build_includes_the_cache_as_its_own_named_graph(endpoint, data_copy, tmp_path, run_cli):
    from rdflib import Dataset

    assert run_cli("links", "cache", "--endpoint", endpoint.url, "--data", str(data_copy))[0] == 0
    out = tmp_path / "dist"
    code, _, err = run_cli("build", "--data", str(data_copy), "--out", str(out), "--no-cache")
    assert code == 0, err
    built = Dataset()
    built.parse(out / "graph.trig", format="trig")
    name = URIRef("https://w3id.org/reskg/graph/links/cache/wikidata-labels")
    cache = built.graph(name)
    assert (URIRef(WD + "Q232"), RDFS.label, Literal("Қазақстан", lang="kk")) in cache
    assert cache.value(name, PROV.wasDerivedFrom) == URIRef(
        "https://w3id.org/reskg/id/external-dataset/wikidata"
    )
    assert cache.value(name, PROV.generatedAtTime) is not None
    holders = {
        g.identifier
        for g in built.graphs()
        if (None, RDFS.label, Literal("Қазақстан", lang="kk")) in g
    }
    assert holders == {name}  # in no other graph
