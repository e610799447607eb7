"""Target datasets of the links: their names, check queries and endpoint overrides.

A target is named by the last segment of its IRI (``id/external-dataset/dbpedia`` -> ``dbpedia``).
Each target's data has its own shape, so each has its own check query in ``sparql/``; a target
that declares a SPARQL endpoint but has no query of its own gets the generic one (labels and
``rdf:type``, no redirects).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from reskg.errors import InputError
from reskg.links.client import load_query

# target name -> query file in sparql/ (without .rq)
CHECK_QUERIES: dict[str, str] = {
    "wikidata": "check-wikidata",  # rdfs:label, skos:altLabel, wdt:P31; redirect = owl:sameAs
    "dbpedia": "check-dbpedia",  # rdfs:label, rdf:type; redirect = dbo:wikiPageRedirects
}
GENERIC_QUERY = "check-generic"
WIKIDATA = "wikidata"  # the target that `--endpoint URL` alone points elsewhere


def target_name(target: URIRef | None) -> str:
    """The short name of a target dataset: the last segment of its IRI."""
    if target is None:
        return "unknown"
    return str(target).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def check_query(name: str) -> str:
    """The check query template of a target (the generic one if it has none of its own)."""
    return load_query(CHECK_QUERIES.get(name, GENERIC_QUERY))


def parse_overrides(
    values: Iterable[str], known: Iterable[str], endpoint: str | None = None
) -> dict[str, str]:
    """``NAME=URL`` options as {name: url}; ``endpoint`` alone stands for the Wikidata target."""
    names = sorted(set(known))
    overrides: dict[str, str] = {}
    for value in values:
        name, sep, url = value.partition("=")
        name, url = name.strip(), url.strip()
        if not sep or not name or not url:
            raise InputError(f"--target wants NAME=URL, got {value!r}")
        if "://" not in url:
            raise InputError(f"--target {name}: {url!r} is not an endpoint URL")
        if name in overrides and overrides[name] != url:
            raise InputError(f"--target {name} given twice with different endpoints")
        overrides[name] = url
    if endpoint:
        if overrides.get(WIKIDATA, endpoint) != endpoint:
            raise InputError(
                f"--endpoint {endpoint} and --target {WIKIDATA}={overrides[WIKIDATA]} disagree"
            )
        overrides[WIKIDATA] = endpoint
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise InputError(
            f"no target dataset named {', '.join(unknown)}; the targets are: {', '.join(names)}"
        )
    return overrides
