"""The dataset's own description: DCAT-AP catalogue and dataset, VoID statistics, PROV build.

It describes the published graph: title, licence (CC BY 4.0 for the data, the European
Parliament as source), publisher, distributions with media types and sizes, triple and entity
counts, vocabularies used, example resources, and the build that produced it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from reskg import __version__
from reskg.cache import file_hash
from reskg.config import Settings
from reskg.namespaces import bind_prefixes

CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "http://www.iana.org/assignments/media-types/"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme"
DATA_THEMES = {
    "INTR": "International issues",
    "GOVE": "Government and public sector",
    "JUST": "Justice, legal system and public safety",
}
EP_NAME = "European Parliament"
ATTRIBUTION = (
    "Data: reskg contributors, CC BY 4.0. Source: European Parliament, Legislative Observatory "
    "(OEIL) summaries; reproduction authorised by the European Parliament provided the source "
    "is acknowledged."
)


@dataclass(frozen=True)
class DistributionFile:
    """One file of the output folder, as a DCAT distribution."""

    filename: str
    media_type: str
    byte_size: int
    title: str


def build_time() -> datetime:
    """The build time: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


@dataclass
class GraphStats:
    """What the description needs to know of the graph; mergeable across files.

    Terms are kept as text (an IRI as itself, anything else in its N-Triples form, see
    `term_key`): parts of an incremental build are cached, and text loads far faster than
    rdflib terms, which re-check every IRI when unpickled.
    """

    triples: int = 0
    subjects: set[str] = field(default_factory=set)
    predicates: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # objects of dcterms:source
    typed: dict = field(default_factory=dict)  # class IRI -> IRIs of its subjects

    def merge(self, other: GraphStats) -> None:
        self.subjects |= other.subjects
        self.predicates |= other.predicates
        self.classes |= other.classes
        self.sources |= other.sources
        for cls, found in other.typed.items():
            self.typed.setdefault(cls, set()).update(found)


def example_classes(settings: Settings) -> tuple[str, ...]:
    ns = settings.ontology_ns
    return ("http://data.europa.eu/eli/ontology#Work", ns + "Demand", ns + "Action")


def term_key(term) -> str:
    """An IRI as itself; a blank node or literal in its N-Triples form (never an IRI's text)."""
    return str(term) if isinstance(term, URIRef) else term.n3()


def is_iri_key(key: str) -> bool:
    return not key.startswith(("_:", '"'))


def stats_of(graph: Graph, settings: Settings) -> GraphStats:
    """The statistics of one graph."""
    return GraphStats(
        triples=len(graph),
        subjects={term_key(s) for s in graph.subjects()},
        predicates={str(p) for p in graph.predicates()},
        classes={term_key(o) for o in graph.objects(None, RDF.type)},
        sources={term_key(o) for o in graph.objects(None, DCTERMS.source)},
        typed={
            cls: {str(s) for s in graph.subjects(RDF.type, URIRef(cls)) if isinstance(s, URIRef)}
            for cls in example_classes(settings)
        },
    )


def _vocabularies(stats: GraphStats, base: str) -> list[URIRef]:
    """Namespaces of the predicates and classes used, for void:vocabulary."""
    found = set()
    terms = stats.predicates | stats.classes
    for text in terms:
        if not is_iri_key(text):
            continue
        cut = max(text.rfind("#"), text.rfind("/"))
        namespace = text[: cut + 1]
        if namespace.startswith(base) and not namespace.startswith(base + "ontology"):
            continue
        found.add(URIRef(namespace))
    return sorted(found)


def _example_resources(stats: GraphStats, settings: Settings) -> list[URIRef]:
    examples = []
    for cls in example_classes(settings):
        members = stats.typed.get(cls)
        if members:
            examples.append(URIRef(min(members)))
    return examples


def describe_dataset(
    graph: Graph | GraphStats,
    settings: Settings,
    files: list[DistributionFile],
    inputs: list[tuple[str, Path]],
    started: datetime,
    ended: datetime,
) -> Graph:
    """The DCAT/VoID/PROV description of the published graph (or of its statistics)."""
    stats = graph if isinstance(graph, GraphStats) else stats_of(graph, settings)
    base = settings.base
    d = Graph()
    bind_prefixes(d, base)
    catalog = URIRef(base + "catalog")
    dataset = URIRef(settings.dataset_iri)
    publisher = URIRef(base + "id/agent/reskg-project")
    software = URIRef(base + "id/agent/reskg-software")
    build = URIRef(base + "dataset/build")
    issued = Literal(ended.date().isoformat(), datatype=XSD.date)

    d.add((publisher, RDF.type, FOAF.Agent))
    d.add((publisher, FOAF.name, Literal("reskg project", lang="en")))
    d.add((CC_BY_4, RDF.type, DCTERMS.LicenseDocument))
    d.add(
        (CC_BY_4, RDFS.label, Literal("Creative Commons Attribution 4.0 International", lang="en"))
    )

    d.add((catalog, RDF.type, DCAT.Catalog))
    d.add((catalog, DCTERMS.title, Literal("reskg catalogue", lang="en")))
    d.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Catalogue of the reskg knowledge graph of European Parliament resolutions.",
                lang="en",
            ),
        )
    )
    d.add((catalog, DCTERMS.publisher, publisher))
    d.add((catalog, DCTERMS.license, CC_BY_4))
    d.add((catalog, DCAT.dataset, dataset))
    d.add((catalog, DCAT.themeTaxonomy, URIRef(DATA_THEME)))

    for cls in (DCAT.Dataset, VOID.Dataset):
        d.add((dataset, RDF.type, cls))
    d.add(
        (
            dataset,
            DCTERMS.title,
            Literal("reskg: European Parliament resolutions as linked data", lang="en"),
        )
    )
    d.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "A validated RDF knowledge graph of European Parliament resolutions: who tabled "
                "each resolution, whom it calls on to do what, what it notes, welcomes or "
                "condemns, which laws, agreements and events it cites, each statement anchored "
                "to its span of the source text.",
                lang="en",
            ),
        )
    )
    d.add((dataset, DCTERMS.publisher, publisher))
    d.add((dataset, DCTERMS.license, CC_BY_4))
    d.add((dataset, DCTERMS.rights, Literal(ATTRIBUTION, lang="en")))
    d.add(
        (
            dataset,
            DCTERMS.bibliographicCitation,
            Literal(
                f"reskg: European Parliament resolutions as linked data ({ended.year}). "
                f"CC BY 4.0. Source: {EP_NAME}.",
                lang="en",
            ),
        )
    )
    d.add((dataset, DCTERMS.issued, issued))
    d.add((dataset, DCTERMS.modified, issued))
    d.add((dataset, OWL.versionInfo, Literal(__version__)))
    shapes = URIRef(base + "shapes")
    d.add((dataset, DCTERMS.conformsTo, shapes))
    d.add((shapes, RDF.type, DCTERMS.Standard))
    d.add((shapes, RDFS.label, Literal("reskg SHACL shapes", lang="en")))
    taxonomy = URIRef(DATA_THEME)
    d.add((taxonomy, RDF.type, SKOS.ConceptScheme))
    d.add((taxonomy, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, label in DATA_THEMES.items():
        theme = URIRef(f"{DATA_THEME}/{code}")
        d.add((dataset, DCAT.theme, theme))
        d.add((theme, RDF.type, SKOS.Concept))
        d.add((theme, SKOS.prefLabel, Literal(label, lang="en")))
        d.add((theme, SKOS.inScheme, taxonomy))
    for keyword in ("European Parliament", "resolution", "human rights", "linked data"):
        d.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    for source in sorted(stats.sources):
        if is_iri_key(source) and not source.startswith(base):
            d.add((dataset, PROV.wasDerivedFrom, URIRef(source)))
    provenance = URIRef(base + "dataset/provenance")
    d.add((dataset, DCTERMS.provenance, provenance))
    d.add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
    d.add(
        (
            provenance,
            RDFS.label,
            Literal(
                "Curated from European Parliament Legislative Observatory (OEIL) summaries; every "
                "statement is anchored to its span of the summary text.",
                lang="en",
            ),
        )
    )

    # VoID statistics
    # (an IRI key is the IRI itself; a blank node or literal key never starts with the base)
    entities = sum(1 for s in stats.subjects if s.startswith(base))
    d.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    d.add((dataset, VOID.entities, Literal(entities, datatype=XSD.integer)))
    d.add((dataset, VOID.distinctSubjects, Literal(len(stats.subjects), datatype=XSD.integer)))
    d.add((dataset, VOID.properties, Literal(len(stats.predicates), datatype=XSD.integer)))
    d.add(
        (
            dataset,
            VOID.classes,
            Literal(len(stats.classes), datatype=XSD.integer),
        )
    )
    d.add((dataset, VOID.uriSpace, Literal(base + "id/")))
    d.add((dataset, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    for vocabulary in _vocabularies(stats, base):
        d.add((dataset, VOID.vocabulary, vocabulary))
    for example in _example_resources(stats, settings):
        d.add((dataset, VOID.exampleResource, example))

    # Distributions
    for f in files:
        dist = URIRef(base + "dist/" + f.filename)
        media = URIRef(IANA + f.media_type)
        d.add((dist, RDF.type, DCAT.Distribution))
        d.add((dist, DCTERMS.title, Literal(f.title, lang="en")))
        d.add((dist, DCAT.accessURL, dist))
        d.add((dist, DCAT.downloadURL, dist))
        d.add((dist, DCAT.mediaType, media))
        d.add((media, RDF.type, DCTERMS.MediaType))
        d.add((dist, DCAT.byteSize, Literal(f.byte_size, datatype=XSD.nonNegativeInteger)))
        d.add((dist, DCTERMS.license, CC_BY_4))
        d.add((dataset, DCAT.distribution, dist))
        if f.media_type in ("text/turtle", "application/n-triples"):
            d.add((dataset, VOID.dataDump, dist))

    # Provenance of this build
    d.add((software, RDF.type, PROV.SoftwareAgent))
    d.add((software, RDF.type, FOAF.Agent))
    d.add((software, FOAF.name, Literal(f"reskg {__version__}", lang="en")))
    d.add((software, OWL.versionInfo, Literal(__version__)))
    d.add((build, RDF.type, PROV.Activity))
    d.add((build, RDFS.label, Literal("Build of the reskg graph", lang="en")))
    d.add((build, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    d.add((build, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    d.add((build, PROV.wasAssociatedWith, software))
    for graph_iri, name, digest in input_entities(inputs):
        entity = URIRef(graph_iri)
        d.add((build, PROV.used, entity))
        d.add((entity, RDF.type, PROV.Entity))
        d.add((entity, RDFS.label, Literal(name)))
        d.add((entity, DCTERMS.identifier, Literal(digest)))
    d.add((dataset, PROV.wasGeneratedBy, build))
    return d


def input_entities(inputs: list[tuple[str, Path]]) -> list[tuple[str, str, str]]:
    """(graph IRI, file name, "sha256:...") of every input of the build."""
    return [(iri, path.name, "sha256:" + file_hash(path)) for iri, path in inputs]


def build_iri(settings: Settings) -> URIRef:
    """The build activity of the dataset description."""
    return URIRef(settings.base + "dataset/build")
