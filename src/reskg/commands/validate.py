"""`reskg validate`: validate the project's data, or given files, and print the report."""

from __future__ import annotations

from pathlib import Path

import click

from reskg.errors import DataError
from reskg.load import load_dataset, parse_file, union_graph
from reskg.validate import load_shapes, validate_graph

FORMATS = {"text": "as_text", "ttl": "as_turtle", "json": "as_json"}


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=Path("data"),
    show_default=True,
    help="Data folder (its common/ is used with given files).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.pass_context
def command(ctx: click.Context, paths: tuple[Path, ...], data_dir: Path, fmt: str) -> None:
    """Validate the data folder, or the given files (with the ontology and shared data)."""
    settings = ctx.obj["settings"]
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    if len(folders) > 1 or (folders and files):
        raise click.UsageError("give one data folder, or files")
    if files:
        common = data_dir / "common"
        dataset = load_dataset(settings, common, extra_files=files) if common.is_dir() else None
        graph = (
            union_graph(dataset)
            if dataset is not None
            else parse_file(settings.ontology_file, settings.base)
        )
        if dataset is None:
            for path in files:
                parse_file(path, settings.base, graph)
    else:
        graph = union_graph(load_dataset(settings, folders[0] if folders else data_dir))
    report = validate_graph(graph, load_shapes(settings))
    click.echo(getattr(report, FORMATS[fmt])())
    if not report.conforms:
        raise DataError("the data does not conform to the shapes")
