"""`reskg ingest SUMMARY.txt`: the draft graph of a new resolution from its OEIL summary."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from reskg.errors import InputError
from reskg.ingest import Knowledge, ingest_text
from reskg.ingest.text import read_summary


def _atomic_write(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("ingest")
@click.argument("summary", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Turtle file to write (default: standard output). An existing folder gets "
    "<folder>/<procedure>/statements.ttl and source.txt, ready to load.",
)
@click.option(
    "--procedure", help="Procedure reference, e.g. 2021/2650(RSP), when the text lacks it."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Data folder whose graph the names are resolved against (default: data/).",
)
@click.option("--source-url", help="Web address the summary was taken from.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the review report here instead of standard error.",
)
@click.pass_context
def command(
    ctx: click.Context,
    summary: Path,
    output: Path | None,
    procedure: str | None,
    data_dir: Path | None,
    source_url: str | None,
    report_file: Path | None,
) -> None:
    """Draft the graph of a resolution from the plain text of its OEIL summary."""
    settings = ctx.obj["settings"]
    text = read_summary(summary)
    knowledge = Knowledge.from_folder(settings, data_dir or settings.data_dir)
    result = ingest_text(text, knowledge, procedure, source_url)
    if output is not None and output.is_dir():
        folder = output / result.slug
        if folder.exists() and not folder.is_dir():
            raise InputError("exists and is not a folder", path=str(folder))
        _atomic_write(folder / "source.txt", text)
        _atomic_write(folder / "statements.ttl", result.turtle)
    elif output is not None:
        _atomic_write(output, result.turtle)
    else:
        click.echo(result.turtle, nl=False)
    if report_file is not None:
        _atomic_write(report_file, result.report)
    elif not ctx.obj.get("quiet"):
        click.echo(result.report, err=True, nl=False)
