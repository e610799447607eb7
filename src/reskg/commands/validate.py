"""`reskg validate`: validate the project's data, or given files, and print the report."""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import RDF, Graph, Literal

from reskg.config import Settings
from reskg.errors import DataError
from reskg.load import (
    SOURCE_TEXT,
    data_files,
    load_dataset,
    parse_file,
    read_source_text,
    source_node,
    union_graph,
)
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
    if folders and (folders[0] / SOURCE_TEXT).is_file():
        files = [folders[0] / SOURCE_TEXT]  # one resolution's folder: validate that resolution
    if files:
        graph = _given_files(settings, files, data_dir / "common")
    else:
        graph = union_graph(load_dataset(settings, folders[0] if folders else data_dir))
    report = validate_graph(graph, load_shapes(settings))
    click.echo(getattr(report, FORMATS[fmt])())
    if not report.conforms:
        raise DataError("the data does not conform to the shapes")


def _given_files(settings: Settings, files: list[Path], common: Path) -> Graph:
    """The given files with the ontology and the shared data; a file in a resolution's folder
    (one holding source.txt) brings that folder's other files and its source text, without
    which its statements could not be checked."""
    folders = sorted({p.parent for p in files if (p.parent / SOURCE_TEXT).is_file()})
    rdf = list(
        dict.fromkeys(
            [p for p in files if p.name != SOURCE_TEXT]
            + [f for folder in folders for f in data_files(folder)]
        )
    )
    if common.is_dir():
        graph = union_graph(load_dataset(settings, common, extra_files=rdf))
    else:
        graph = parse_file(settings.ontology_file, settings.base)
        for path in rdf:
            parse_file(path, settings.base, graph)
    for folder in folders:
        text = read_source_text(folder / SOURCE_TEXT)
        graph.add((source_node(settings, folder.name), RDF.value, Literal(text)))
    return graph
