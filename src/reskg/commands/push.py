"""`reskg push`: replace one named graph of a SPARQL 1.1 store by the project's graph."""

from __future__ import annotations

from pathlib import Path

import click

from reskg.commands._remote import auth_options, credentials
from reskg.errors import DataError
from reskg.progress import terminal_progress
from reskg.push import DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT, METHODS, describe, push_graph


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="SPARQL Update endpoint (Virtuoso: http://host:8890/sparql-auth).",
)
@click.option(
    "--graph",
    "target",
    metavar="IRI",
    help="Named graph to replace (default: the dataset IRI, {base}dataset).",
)
@click.option(
    "--gsp",
    "gsp_url",
    metavar="URL",
    help="Graph Store protocol endpoint (default: guessed from --endpoint for Virtuoso, "
    "Fuseki, GraphDB and Oxigraph).",
)
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="auto",
    show_default=True,
    help="gsp, update (INSERT DATA batches), or auto: GSP when the store has it.",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Data folder to push (default: data/).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Triples per request.",
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for each request (connecting: 10 s at most).",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Validate the graph against the shapes first and push nothing if it does not conform.",
)
@auth_options
@click.pass_context
def command(
    ctx: click.Context,
    endpoint: str,
    target: str | None,
    gsp_url: str | None,
    method: str,
    data_dir: Path | None,
    batch_size: int,
    timeout: float,
    validate: bool,
    user: str | None,
    password: str | None,
    auth: str,
) -> None:
    """Load the graph of the data folder into a SPARQL 1.1 store, replacing one named graph.

    The graph is validated first, as `reskg build` does: if it does not conform, the report
    goes to standard error, nothing is sent, and the exit status is 1.

    The triples go into a temporary graph first (Graph Store protocol, or SPARQL Update in
    batches), then one MOVE replaces the target graph: the old graph stays until the new one
    is complete, and pushing twice leaves one copy.
    """
    from reskg.load import load_dataset, union_graph

    settings = ctx.obj["settings"]
    user, password = credentials(user, password)
    graph = union_graph(load_dataset(settings, data_dir or settings.data_dir))
    if validate:
        from reskg.validate import load_shapes, validate_graph

        found = validate_graph(graph, load_shapes(settings))
        if not found.conforms:
            click.echo(found.as_text(), err=True)
            raise DataError(
                "the data does not conform to the shapes: nothing pushed "
                "(--no-validate pushes it anyway)"
            )
    report = push_graph(
        graph,
        endpoint,
        target=target or settings.dataset_iri,
        gsp_url=gsp_url,
        method=method,
        batch_size=batch_size,
        user=user,
        password=password,
        auth=auth,
        timeout=timeout,
        progress=terminal_progress(ctx.obj.get("quiet", False)),
    )
    click.echo(describe(report, endpoint))
