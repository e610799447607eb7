"""`reskg build`: load, validate and export the graph into the output folder."""

from __future__ import annotations

from pathlib import Path

import click

from reskg.build import ValidationFailed, build
from reskg.progress import terminal_progress
from reskg.store import DEFAULT_STORE, STORES


@click.command("build")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=Path("data"),
    show_default=True,
    help="Data folder to build.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output folder (replaced atomically).",
)
@click.option(
    "--store",
    type=click.Choice(sorted(STORES)),
    default=DEFAULT_STORE,
    show_default=True,
    help="Where the graph lives: oxigraph (incremental, cached, parallel) or memory (rdflib).",
)
@click.option("--no-cache", is_flag=True, help="Ignore the cache: a clean build.")
@click.option("--jobs", type=int, default=None, help="Worker processes (default: one per core).")
@click.pass_context
def command(
    ctx: click.Context, data_dir: Path, out_dir: Path, store: str, no_cache: bool, jobs: int | None
) -> None:
    """Validate the data and write every export and the dataset description."""
    quiet = ctx.obj["quiet"]

    def log(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    try:
        result = build(
            ctx.obj["settings"],
            data_dir,
            out_dir,
            log=log,
            store=store,
            use_cache=not no_cache,
            jobs=jobs,
            progress=terminal_progress(quiet),
        )
    except ValidationFailed as failure:
        click.echo(failure.report.as_text())
        raise
    for filename, why in result.skipped.items():  # shown even with --quiet
        click.echo(f"warning: {filename} not written: {why}", err=True)
    log(f"built {result.triples} triples into {out_dir}/")
