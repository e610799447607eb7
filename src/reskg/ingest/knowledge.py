"""The knowledge the extractor starts from: the graph of a data folder, its gazetteer and the
concept schemes (speech acts, action types, themes, procedure stages), read once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from reskg.config import Settings
from reskg.errors import InputError
from reskg.ingest.gazetteer import Gazetteer
from reskg.load import data_files, parse_file

SCHEMES = {
    "speech-act": "id/scheme/speech-acts",
    "action-type": "id/scheme/action-types",
    "theme": "id/scheme/themes",
    "stage": "id/scheme/procedure-stages",
}


@dataclass
class Scheme:
    """One concept scheme: label (lower case) -> local name, and each concept's broader one."""

    labels: dict[str, str]
    broader: dict[str, str]
    pref: dict[str, str]


class Knowledge:
    """Everything known before reading a summary."""

    def __init__(self, graph: Graph, base: str):
        self.graph = graph
        self.base = base
        self.schemes = {name: self._scheme(name, iri) for name, iri in SCHEMES.items()}

    def _scheme(self, name: str, scheme_iri: str) -> Scheme:
        prefix = f"{self.base}id/{name}/"
        labels: dict[str, str] = {}
        broader: dict[str, str] = {}
        pref: dict[str, str] = {}
        concepts = list(self.graph.subjects(SKOS.inScheme, URIRef(self.base + scheme_iri)))
        # Narrower concepts first: 'welcoming' is the verb form of 'welcomes', not its top concept.
        concepts.sort(
            key=lambda c: (next(iter(self.graph.objects(c, SKOS.broader)), None) is None, str(c))
        )
        for concept in concepts:
            local = str(concept)[len(prefix) :] if str(concept).startswith(prefix) else None
            if not local:
                continue
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in self.graph.objects(concept, p):
                    labels.setdefault(str(label).lower(), local)
            pref[local] = str(next(iter(self.graph.objects(concept, SKOS.prefLabel)), local))
            parent = next(iter(self.graph.objects(concept, SKOS.broader)), None)
            if parent is not None and str(parent).startswith(prefix):
                broader[local] = str(parent)[len(prefix) :]
        return Scheme(labels, broader, pref)

    def gazetteer(self) -> Gazetteer:
        """A fresh gazetteer (it keeps what one ingest mints, so one per summary)."""
        return Gazetteer(self.graph, self.base, cache=self._gazetteer_cache)

    _gazetteer_cache: dict | None = None

    @classmethod
    def from_folder(cls, settings: Settings, data_dir: Path, skip: str | None = None) -> Knowledge:
        """Read every Turtle file of a data folder (but those of the folder `skip`)."""
        graph = Graph()
        try:
            files = data_files(data_dir)
        except InputError:
            raise
        for path in files:
            if skip is not None and path.parent.name == skip:
                continue
            parse_file(path, settings.base, graph)
        if not any(graph.triples((None, RDF.type, None))):
            raise InputError(
                "the data folder holds no known entities to resolve against", path=str(data_dir)
            )
        knowledge = cls(graph, settings.base)
        knowledge._gazetteer_cache = {}
        return knowledge
