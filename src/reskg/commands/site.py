"""`reskg site`: write the static linked-data site."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("site")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site into (emptied first).",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (default: data/).",
)
@click.option(
    "--site-url",
    default=None,
    help="Public URL of the site root, for the sitemap (default: the base IRI).",
)
@click.pass_context
def command(ctx: click.Context, out: Path, data_dir: Path | None, site_url: str | None) -> None:
    """Write a page (with .ttl/.jsonld/.nt/.rdf beside it) for every resource, plus indexes."""
    from reskg.errors import InputError
    from reskg.load import load_dataset, union_graph
    from reskg.site import build_site

    settings = ctx.obj["settings"]
    graph = union_graph(load_dataset(settings, data_dir))
    try:
        report = build_site(graph, settings, out, site_url=site_url)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot write the site: {exc}", path=str(out)) from exc
    if not ctx.obj["quiet"]:
        click.echo(f"wrote {report.files} files ({len(report.pages)} pages) to {out}/")
