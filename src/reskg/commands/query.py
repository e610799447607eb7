"""`reskg query`: run a SPARQL query on the local graph or on an endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reskg.commands._remote import auth_options, credentials
from reskg.query import (
    ASK,
    DEFAULT_TIMEOUT,
    FORMATS,
    named_queries,
    namespace_manager,
    parse_binding,
    prepare,
    project_namespaces,
    render,
    resolve_query,
    run_local,
    run_remote,
)


@click.command("query")
@click.argument("query", required=False)
@click.option(
    "--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the local graph."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="Output format (default: table, or ttl for CONSTRUCT/DESCRIBE).",
)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help='Fix a variable: NAME=<IRI>, prefix:name, "literal", a number or true/false. Repeatable.',
)
@click.option(
    "--list", "list_only", is_flag=True, help="List the named queries of queries/ and exit."
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for the endpoint.",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Data folder for local queries (default: data/).",
)
@click.option(
    "--graph",
    "default_graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: query this named graph as the default graph (default-graph-uri). "
    "Repeatable.",
)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated) clauses.")
@auth_options
@click.pass_context
def command(
    ctx: click.Context,
    query: str | None,
    endpoint: str | None,
    fmt: str | None,
    binds: tuple[str, ...],
    list_only: bool,
    timeout: float,
    data_dir: Path | None,
    default_graphs: tuple[str, ...],
    allow_service: bool,
    user: str | None,
    password: str | None,
    auth: str,
) -> None:
    """Run QUERY: a .rq file, a name from queries/ (see --list), inline SPARQL, or - (stdin).

    SELECT prints a table (or CSV, TSV, SPARQL JSON); CONSTRUCT/DESCRIBE print Turtle or
    JSON-LD; ASK prints true or false and exits 0 for true, 1 for false.
    """
    settings = ctx.obj["settings"]
    if list_only:
        queries = named_queries(settings.queries_dir)
        width = max((len(q.name) for q in queries), default=0)
        for named in queries:
            click.echo(f"{named.name.ljust(width)}  {named.title}")
        return
    if not query:
        raise click.UsageError(
            "give a QUERY (a file, a name from queries/ or inline text), or --list"
        )

    text, origin = resolve_query(query, settings.queries_dir)
    namespaces = project_namespaces(settings.base)
    bindings = [parse_binding(spec, namespaces) for spec in binds]
    prepared = prepare(
        text, bindings, base=settings.base, allow_service=allow_service, origin=origin
    )
    if endpoint:
        user, password = credentials(user, password)
        result = run_remote(
            prepared,
            endpoint,
            timeout=timeout,
            user=user,
            password=password,
            auth=auth,
            default_graphs=default_graphs,
        )
    else:
        from reskg.load import load_dataset, union_graph

        graph = union_graph(load_dataset(settings, data_dir or settings.data_dir))
        result = run_local(prepared, graph)
    click.echo(render(result, fmt, namespace_manager(settings.base)), nl=False)
    if result.form == ASK and not result.boolean:
        # sys.exit, not ctx.exit: click in non-standalone mode returns ctx.exit's code
        # instead of raising it, and reskg.cli.main would then exit 0
        sys.exit(1)
