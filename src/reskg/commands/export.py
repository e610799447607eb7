"""`reskg export`: one serialisation of the graph to a file or stdout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reskg.errors import DataError
from reskg.export import EXPORTERS, not_xml
from reskg.load import load_dataset, union_graph


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORTERS)), required=True, help="Output format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file (default: stdout).",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=Path("data"),
    show_default=True,
    help="Data folder.",
)
@click.pass_context
def command(ctx: click.Context, fmt: str, output: Path | None, data_dir: Path) -> None:
    """Write the graph in one format (unvalidated: `reskg build` validates)."""
    settings = ctx.obj["settings"]
    dataset = load_dataset(settings, data_dir)
    data = EXPORTERS[fmt].render(dataset, union_graph(dataset), settings)
    why = not_xml(data) if fmt == "xml" else None
    if why is not None:
        raise DataError(f"cannot write RDF/XML: {why}")
    if output is None:
        sys.stdout.buffer.write(data)
        return
    from reskg.output import write_bytes

    tmp = output.with_name(f".{output.name}.tmp")
    write_bytes(tmp, data)
    tmp.replace(output)
