"""Cache multilingual labels and descriptions of every linked Wikidata item in data/links/cache/.

The loader reads every .ttl under data/, so the cache becomes its own named graph, described by a
node saying where it came from (the endpoint, Wikidata, CC0) and when it was retrieved. The file
is written only after every batch has been fetched and parsed: a failure writes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, VOID, XSD

from reskg.config import Settings
from reskg.links.client import SparqlClient, batched, fill, load_query, sparql_terms
from reskg.links.files import turtle_relative, write_atomically
from reskg.links.model import is_ours

WIKIDATA_SPACE = "http://www.wikidata.org/entity/"
DEFAULT_LANGUAGES = ("en", "ru", "kk", "de", "fr")
CACHE_FILE = Path("links") / "cache" / "wikidata-labels.ttl"
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
BATCH_SIZE = 50


def cache_path(data_dir: Path) -> Path:
    return data_dir / CACHE_FILE


def linked_items(graph: Graph, settings: Settings, uri_space: str = WIKIDATA_SPACE) -> list[URIRef]:
    """Every target item our nodes are linked to with owl:sameAs in the IRI space."""
    return sorted(
        {
            o
            for s, o in graph.subject_objects(OWL.sameAs)
            if is_ours(s, settings) and str(o).startswith(uri_space)
        }
    )


def fetch_cache(
    client: SparqlClient,
    items: list[URIRef],
    settings: Settings,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    now: dt.datetime | None = None,
) -> Graph:
    """A graph of the items' labels and descriptions, with its provenance."""
    template = load_query("cache-labels")
    langs = ", ".join(Literal(lang).n3() for lang in languages)
    cache = Graph()
    for prefix, ns in (
        ("rdfs", RDFS),
        ("schema", SDO),
        ("dcterms", DCTERMS),
        ("prov", PROV),
        ("void", VOID),
        ("wd", WIKIDATA_SPACE),
    ):
        cache.bind(prefix, ns)
    for batch in batched(items, BATCH_SIZE):
        for row in client.select(fill(template, items=sparql_terms(batch), langs=langs)):
            item = row.get("item")
            if not isinstance(item, URIRef):
                continue
            if isinstance(row.get("label"), Literal):
                cache.add((item, RDFS.label, row["label"]))
            if isinstance(row.get("description"), Literal):
                cache.add((item, SDO.description, row["description"]))
    me = URIRef(settings.graph_iri(CACHE_FILE.with_suffix("").as_posix()))
    retrieved = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    cache.add((me, RDF.type, VOID.Dataset))
    cache.add((me, RDF.type, PROV.Entity))
    cache.add((me, RDFS.label, Literal("Labels and descriptions cached from Wikidata", lang="en")))
    cache.add((me, PROV.wasDerivedFrom, URIRef(settings.base + "id/external-dataset/wikidata")))
    cache.add((me, DCTERMS.source, URIRef(client.endpoint)))
    cache.add((me, PROV.generatedAtTime, Literal(retrieved.isoformat(), datatype=XSD.dateTime)))
    cache.add((me, DCTERMS.license, CC0))
    for lang in languages:
        cache.add((me, DCTERMS.language, Literal(lang)))
    return cache


def write_cache(cache: Graph, path: Path, settings: Settings) -> None:
    write_atomically(path, turtle_relative(cache, settings.base))
