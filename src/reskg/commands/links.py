"""`reskg links check|suggest|cache`: verify, propose and cache links to external datasets."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
from rdflib import URIRef

from reskg.config import Settings
from reskg.errors import DataError, InputError
from reskg.links.client import DEFAULT_ENDPOINT, SparqlClient

_data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data folder (default: data/).",
)
_timeout_option = click.option(
    "--timeout",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds allowed per query, retries included.",
)


def _settings(ctx: click.Context, data_dir: Path | None) -> Settings:
    settings: Settings = ctx.obj["settings"]
    return dataclasses.replace(settings, data_dir=data_dir) if data_dir else settings


def _load(settings: Settings):
    from reskg.load import load_dataset, union_graph

    dataset = load_dataset(settings, settings.data_dir)
    return dataset, union_graph(dataset)


def _shorten(settings: Settings):
    def shorten(term: object) -> str:
        text = str(term)
        return text[len(settings.base) :] if text.startswith(settings.base) else text

    return shorten


@click.group("links")
def command() -> None:
    """Links to external datasets: check them, suggest missing ones, cache their labels."""


@command.command("check")
@click.option(
    "--endpoint",
    default=None,
    help="SPARQL endpoint to use for Wikidata instead of the declared one "
    f"({DEFAULT_ENDPOINT}); same as --target wikidata=URL.",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="NAME=URL",
    help="SPARQL endpoint to use for the target dataset NAME (the last segment of its IRI: "
    "wikidata, dbpedia, ...) instead of the one it declares, e.g. "
    "dbpedia=http://localhost:8890/sparql (repeatable). A target that declares no endpoint is "
    "queried when given one.",
)
@_timeout_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Label disagreements fail too.")
@click.option(
    "--offline", is_flag=True, help="Only check provenance and coverage; query no endpoint."
)
@_data_option
@click.pass_context
def check(
    ctx: click.Context,
    endpoint: str | None,
    targets: tuple[str, ...],
    timeout: float,
    as_json: bool,
    strict: bool,
    offline: bool,
    data_dir: Path | None,
) -> None:
    """Verify every link (missing, redirected, labels, types) and list the unlinked nodes.

    Each target dataset with a SPARQL endpoint (Wikidata, DBpedia) is asked with its own
    batched query. Exit 1 when a link fails or a node has neither a link nor an unlinked entry;
    exit 2 when a target's endpoint is unreachable or answers something that is not a SPARQL
    result.
    """
    from reskg.links.check import check_links
    from reskg.links.model import linksets
    from reskg.links.targets import parse_overrides, target_name

    settings = _settings(ctx, data_dir)
    dataset, graph = _load(settings)
    known = {target_name(ls.target) for ls in linksets(dataset, settings) if ls.target}
    overrides = parse_overrides(targets, known, endpoint)
    report = check_links(
        dataset,
        graph,
        settings,
        lambda url: SparqlClient(url, timeout=timeout),
        overrides=overrides,
        strict=strict,
        online=not offline,
    )
    click.echo(report.as_json() if as_json else report.as_text(_shorten(settings)), nl=False)
    if report.failed:
        raise DataError("links check failed")


def _parse_accept(values: tuple[str, ...], settings: Settings) -> dict[URIRef, URIRef]:
    chosen = {}
    for value in values:
        node, sep, item = value.partition("=")
        if not sep or not node or not item:
            raise InputError(f"--accept wants NODE=ITEM, got {value!r}")
        node_iri = node if "://" in node else settings.base + node
        item_iri = item if "://" in item else "http://www.wikidata.org/entity/" + item
        chosen[URIRef(node_iri)] = URIRef(item_iri)
    return chosen


@command.command("suggest")
@click.option(
    "--endpoint", default=DEFAULT_ENDPOINT, show_default=True, help="SPARQL endpoint to search."
)
@_timeout_option
@click.option(
    "--write",
    "write_to",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the accepted links to this Turtle file.",
)
@click.option(
    "--threshold",
    type=int,
    default=6,
    show_default=True,
    help="With --write, accept each unambiguous top candidate scoring at least this.",
)
@click.option(
    "--accept",
    multiple=True,
    metavar="NODE=ITEM",
    help="Accept a candidate, e.g. id/place/zhanaozen=Q123 (repeatable).",
)
@_data_option
@click.pass_context
def suggest(
    ctx: click.Context,
    endpoint: str,
    timeout: float,
    write_to: Path | None,
    threshold: int,
    accept: tuple[str, ...],
    data_dir: Path | None,
) -> None:
    """Candidates, with evidence, for every actor, place, event and agreement without a link.

    Nothing is added to the data: --write writes the accepted links to a file for review.
    """
    from reskg.links.suggest import accepted, accepted_graph, write_accepted
    from reskg.links.suggest import suggest as find

    settings = _settings(ctx, data_dir)
    explicit = _parse_accept(accept, settings)
    _dataset, graph = _load(settings)
    ranked = find(graph, settings, SparqlClient(endpoint, timeout=timeout))
    shorten = _shorten(settings)
    for node, candidates in ranked.items():
        click.echo(f"{shorten(node)} ({candidates[0].kind if candidates else 'no candidate'})")
        for rank, c in enumerate(candidates, 1):
            about = f" - {c.description}" if c.description else ""
            click.echo(f"  {rank}. {c.item} score {c.score}{about}")
            for line in c.evidence:
                click.echo(f"       {line}")
    if write_to is not None:
        chosen = accepted(ranked, threshold, explicit)
        write_accepted(accepted_graph(chosen, settings, endpoint), write_to, settings)
        click.echo(
            f"Wrote {len(chosen)} accepted link(s) to {write_to}; review them before "
            "moving them into data/links/."
        )


@command.command("cache")
@click.option(
    "--endpoint",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    help="SPARQL endpoint to fetch labels from.",
)
@_timeout_option
@click.option(
    "--lang",
    "languages",
    default="en,ru,kk,de,fr",
    show_default=True,
    help="Comma-separated language tags.",
)
@_data_option
@click.pass_context
def cache(
    ctx: click.Context, endpoint: str, timeout: float, languages: str, data_dir: Path | None
) -> None:
    """Cache labels and descriptions of every linked Wikidata item in data/links/cache/."""
    from reskg.links.cache import cache_path, fetch_cache, linked_items, write_cache

    settings = _settings(ctx, data_dir)
    langs = tuple(tag.strip() for tag in languages.split(",") if tag.strip())
    if not langs:
        raise InputError("--lang needs at least one language tag")
    _dataset, graph = _load(settings)
    items = linked_items(graph, settings)
    result = fetch_cache(SparqlClient(endpoint, timeout=timeout), items, settings, langs)
    path = cache_path(settings.data_dir)
    write_cache(result, path, settings)
    if not ctx.obj.get("quiet"):
        click.echo(f"Cached {len(result)} triples about {len(items)} item(s) in {path}.")
