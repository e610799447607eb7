"""The linksets of the dataset, for its VoID description: predicate, targets, count, sources."""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, VOID, XSD

from reskg.config import Settings
from reskg.links.model import linksets

COPIED_FROM_LINKSET = (
    RDFS.label,
    DCTERMS.description,
    DCTERMS.source,
    PROV.wasDerivedFrom,
    DCTERMS.provenance,
)
COPIED_FROM_TARGET = (RDFS.label, FOAF.homepage, VOID.uriSpace, VOID.sparqlEndpoint)


def linksets_description(graph: Graph, settings: Settings) -> Graph:
    """void:Linkset nodes with link predicate, triple count, subjects and objects targets.

    ``graph`` should be the loaded Dataset (links are counted per named graph, i.e. per file);
    given a plain Graph, the data folder of ``settings`` is loaded to find the linksets, and only
    the links present in ``graph`` are counted.
    """
    if isinstance(graph, Dataset):
        dataset, present = graph, None
    else:
        from reskg.load import load_dataset

        dataset, present = load_dataset(settings, settings.data_dir), graph
    out = Graph()
    for ls in linksets(dataset, settings):
        links = [
            lk
            for lk in ls.links
            if present is None or (lk.subject, lk.predicate, lk.object) in present
        ]
        out.add((URIRef(settings.dataset_iri), VOID.subset, ls.iri))
        out.add((ls.iri, RDF.type, VOID.Linkset))
        out.add((ls.iri, VOID.linkPredicate, ls.predicate))
        out.add((ls.iri, VOID.subjectsTarget, URIRef(settings.dataset_iri)))
        out.add((ls.iri, VOID.triples, Literal(len(links), datatype=XSD.integer)))
        for p in COPIED_FROM_LINKSET:
            for o in dataset.objects(ls.iri, p):
                out.add((ls.iri, p, o))
        if ls.target is not None:
            out.add((ls.iri, VOID.objectsTarget, ls.target))
            out.add((ls.target, RDF.type, VOID.Dataset))
            for p in COPIED_FROM_TARGET:
                for o in dataset.objects(ls.target, p):
                    out.add((ls.target, p, o))
    return out


def linksets_of_folder(settings: Settings, data_dir) -> Graph:
    """The linkset descriptions of a data folder's `links/` files alone (one graph per file)."""
    from reskg.load import graph_name, parse_file

    dataset = Dataset(default_union=True)
    links_dir = data_dir / "links"
    if not links_dir.is_dir():
        return Graph()
    for path in sorted(links_dir.glob("*.ttl")):
        parse_file(
            path,
            settings.base,
            dataset.graph(URIRef(settings.graph_iri(graph_name(path, data_dir)))),
        )
    return linksets_description(dataset, settings)
