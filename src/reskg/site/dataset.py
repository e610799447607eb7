"""The dataset description shown on dataset.html and served at /.well-known/void."""

from __future__ import annotations

from rdflib import Graph

from reskg.config import Settings
from reskg.describe import build_time, describe_dataset


def dataset_description(graph: Graph, settings: Settings) -> Graph:
    """The lead's VoID/DCAT description of the graph (no distribution files: the site has none)."""
    when = build_time()
    return describe_dataset(graph, settings, files=[], inputs=[], started=when, ended=when)
