"""`reskg build`: load, validate and export the graph into the output folder."""

from __future__ import annotations

from pathlib import Path

import click

from reskg.build import ValidationFailed, build


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
@click.pass_context
def command(ctx: click.Context, data_dir: Path, out_dir: Path) -> None:
    """Validate the data and write every export and the dataset description."""
    quiet = ctx.obj["quiet"]

    def log(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    try:
        result = build(ctx.obj["settings"], data_dir, out_dir, log=log)
    except ValidationFailed as failure:
        click.echo(failure.report.as_text())
        raise
    log(f"built {result.triples} triples into {out_dir}/")
