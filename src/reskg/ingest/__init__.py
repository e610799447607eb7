"""Ingest: the graph of a new resolution from the text of its OEIL summary.

One module per job: ``text`` (refuse what is not a summary), ``sentences`` (units with exact
offsets), ``header`` and ``tabling`` (the first lines), ``gazetteer`` (what the graph knows),
``statements`` and ``actions`` (speech-act rules), ``references`` and ``dates`` (what is cited),
``extract`` (the whole text), ``build`` (RDF in the model of the curated graphs), ``writer``
(Turtle) and ``report`` (what a person must finish by hand).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph

from reskg.ingest.build import as_graph, build_triples
from reskg.ingest.extract import Extraction, extract
from reskg.ingest.knowledge import Knowledge
from reskg.ingest.report import review_report
from reskg.ingest.text import check_text
from reskg.ingest.writer import to_turtle

__all__ = ["Ingested", "Knowledge", "ingest_text"]


@dataclass
class Ingested:
    """The result of ingesting one summary."""

    extraction: Extraction
    triples: set
    turtle: str
    report: str
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (made on first use)."""
        if self._graph is None:
            self._graph = as_graph(self.triples)
        return self._graph

    @property
    def slug(self) -> str:
        return self.extraction.slug


def ingest_text(
    text: str, knowledge: Knowledge, procedure: str | None = None, source_url: str | None = None
) -> Ingested:
    """Read a summary's text and return its graph, as rdflib Graph and Turtle, and the report."""
    text = check_text(text)
    ex = extract(text, knowledge, procedure)
    triples = build_triples(ex, knowledge.base, source_url)
    header = (
        f"# Graph of {ex.header.reference} ingested by `reskg ingest` from its OEIL summary.\n"
        "# Nodes flagged reskg:needsReview are the extractor's guesses: check them.\n\n"
    )
    return Ingested(ex, triples, to_turtle(triples, knowledge.base, header), review_report(ex))
