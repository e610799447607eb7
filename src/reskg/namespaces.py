"""Namespaces and the prefixes our published files use."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    VOID,
    XSD,
)

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
EPVOC = Namespace("https://data.europarl.europa.eu/def/epvoc#")
SH = Namespace("http://www.w3.org/ns/shacl#")

STANDARD_PREFIXES: dict[str, Namespace] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "foaf": FOAF,
    "org": ORG,
    "oa": OA,
    "eli": ELI,
    "eli-dl": ELI_DL,
    "dcat": DCAT,
    "void": VOID,
    "schema": SDO,
}

# Our own IRI spaces, relative to the base IRI: prefix -> path under the base.
LOCAL_PREFIXES: dict[str, str] = {
    "reskg": "ontology#",
    "res": "id/resolution/",
    "proc": "id/procedure/",
    "kgo": "id/org/",
    "epg": "id/org/ep-group/",
    "kgc": "id/country/",
    "kgg": "id/group/",
    "kgpl": "id/place/",
    "law": "id/law/",
    "agr": "id/agreement/",
    "ev": "id/event/",
    "theme": "id/theme/",
    "sa": "id/speech-act/",
    "at": "id/action-type/",
}


def our_prefixes(base: str) -> dict[str, str]:
    """Every prefix we publish with: the standard ones and our own under the base IRI."""
    found = {p: str(ns) for p, ns in STANDARD_PREFIXES.items()}
    found.update({p: base + path for p, path in LOCAL_PREFIXES.items()})
    return found


def bind_prefixes(graph, base: str) -> None:
    """Bind the standard and our own prefixes on a graph or dataset, for readable output."""
    for prefix, ns in STANDARD_PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for prefix, path in LOCAL_PREFIXES.items():
        graph.bind(prefix, Namespace(base + path), override=True, replace=True)
