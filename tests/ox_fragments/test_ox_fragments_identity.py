"""The Oxigraph fragments are byte-identical to reskg.shard.render's for the same triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from ox_support import FIELDS, ROOT, old_render

from reskg.config import Settings
from reskg.load import read_source_text
from reskg.ox_fragments import parse_triples, render_triples, stats_of_triples

DATA_FILES = sorted((ROOT / "data").rglob("*.ttl"))
RDF_VALUE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")


def differences(triples: list[ox.Triple], settings: Settings, context: dict) -> list[str]:
    old = old_render(triples, settings, context)
    new = render_triples(triples, settings.base + "graph/x", settings, context)
    return [f for f in FIELDS if getattr(old, f) != getattr(new, f)]


def source_triples(settings: Settings, path: Path) -> list[ox.Triple]:
    node = ox.NamedNode(f"{settings.base}id/source/{path.parent.name}")
    return [ox.Triple(node, RDF_VALUE, ox.Literal(read_source_text(path)))]


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_graph_of_data_is_byte_identical(path: Path, settings: Settings, context: dict):
    assert differences(parse_triples(path, settings.base), settings, context) == []


def test_the_ontology_is_byte_identical(settings: Settings, context: dict):
    triples = parse_triples(settings.ontology_file, settings.base)
    assert differences(triples, settings, context) == []


def test_every_graph_of_a_corpus_is_byte_identical(corpus: Path, settings: Settings, context):
    graphs = {p: parse_triples(p, settings.base) for p in sorted(corpus.rglob("*.ttl"))}
    graphs |= {p: source_triples(settings, p) for p in sorted(corpus.glob("*/source.txt"))}
    assert len([p for p in graphs if p.name == "source.txt"]) == 20
    found = {
        str(p): d for p, triples in graphs.items() if (d := differences(triples, settings, context))
    }
    assert found == {}


def test_source_text_graph_is_byte_identical(settings: Settings, context: dict):
    path = ROOT / "data" / "2019-2610-RSP" / "source.txt"
    assert differences(source_triples(settings, path), settings, context) == []


def test_stats_count_a_repeated_triple_once(settings: Settings):
    s = ox.NamedNode(settings.base + "id/resolution/x")
    work = ox.NamedNode("http://data.europa.eu/eli/ontology#Work")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    source = ox.NamedNode("http://purl.org/dc/terms/source")
    triples = [
        ox.Triple(s, a, work),
        ox.Triple(s, a, work),
        ox.Triple(s, source, ox.Literal("EP", language="en")),
    ]
    stats = stats_of_triples(triples, settings)
    assert stats.triples == 2
    assert stats.subjects == {settings.base + "id/resolution/x"}
    assert stats.classes == {"http://data.europa.eu/eli/ontology#Work"}
    assert stats.sources == {'"EP"@en'}
    assert stats.typed["http://data.europa.eu/eli/ontology#Work"] == {
        settings.base + "id/resolution/x"
    }
