"""The dataset description shown on dataset.html and served at /.well-known/void."""

from __future__ import annotations

from rdflib import Graph, URIRef

from reskg.config import Settings
from reskg.describe import build_time, describe_dataset
from reskg.site.paths import document_iri, resource_path


def dataset_description(graph: Graph, settings: Settings) -> Graph:
    """The lead's VoID/DCAT description of the graph (no distribution files: the site has none)."""
    when = build_time()
    return describe_dataset(graph, settings, files=[], inputs=[], started=when, ended=when)


def description_resources(description: Graph, settings: Settings) -> list[str]:
    """The resources under the base that only the description describes (the catalogue, the
    publisher, the build activity...): each gets a page of its own, like any resource."""
    found = {
        document_iri(str(s))
        for s in description.subjects()
        if isinstance(s, URIRef) and resource_path(str(s), settings.base) is not None
    }
    found.discard(settings.dataset_iri)
    return sorted(found)
