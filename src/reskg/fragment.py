"""A named graph rendered in every export format: the unit of incremental exports."""

from __future__ import annotations

from dataclasses import dataclass

from reskg.describe import GraphStats


@dataclass
class Fragment:
    """One named graph rendered in every format, without document headers."""

    graph_iri: str
    turtle: str  # Turtle statements using only the prefixes of `prefixes`
    prefixes: dict[str, str]
    jsonld: list[str]  # node objects, each already indented for the @graph array
    nt: list[str]
    xml: str  # rdf:Description elements
    xmlns: dict[str, str]
    stats: GraphStats
