"""`reskg serve`: the linked-data server and read-only SPARQL endpoint."""

from __future__ import annotations

import logging
from pathlib import Path

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (default: data/).",
)
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Serve a site built by `reskg site` (default: build one now).",
)
@click.option(
    "--time-limit",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a SPARQL query may run before it is stopped.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Result cap: most rows (or triples) a query may return.",
)
@click.option(
    "--workers",
    default=8,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes.",
)
@click.option(
    "--heavy-workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Workers for queries past 0.5 s of CPU (the heavy lane, niceness 19).",
)
@click.option(
    "--heavy-queue",
    default=8,
    show_default=True,
    type=click.IntRange(0, 1024),
    help="Heavy queries that may wait for a heavy worker; more are answered 503.",
)
@click.option(
    "--allow-service", is_flag=True, default=False, help="Allow SPARQL SERVICE (federated queries)."
)
@click.option(
    "--no-cors", is_flag=True, default=False, help="Do not send Access-Control-Allow-Origin: *."
)
@click.pass_context
def command(
    ctx: click.Context,
    host: str,
    port: int,
    data_dir: Path | None,
    site_dir: Path | None,
    time_limit: float,
    max_rows: int,
    workers: int,
    heavy_workers: int,
    heavy_queue: int,
    allow_service: bool,
    no_cors: bool,
) -> None:
    """Serve resource IRIs with content negotiation, the site, and /sparql."""
    import uvicorn

    from reskg.serve import ServerConfig, create_app
    from reskg.serve.lanes import LaneLimits
    from reskg.serve.protocol import HEAD_LIMIT, protocol_class

    settings = ctx.obj["settings"]
    config = ServerConfig(
        data_dir=data_dir or settings.data_dir,
        site_dir=site_dir,
        time_limit=time_limit,
        max_rows=max_rows,
        workers=workers,
        lanes=LaneLimits(heavy_workers=heavy_workers, heavy_queue=heavy_queue),
        allow_service=allow_service,
        cors=not no_cors,
    )
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    app = create_app(settings, config)
    uvicorn.run(
        app,
        host=host,
        port=port,
        http=protocol_class(config.limits.header_timeout),  # request-head timeout, 414/431
        h11_max_incomplete_event_size=HEAD_LIMIT,
        log_level="info",
        access_log=True,
        timeout_keep_alive=5,
        server_header=False,
        proxy_headers=False,
        forwarded_allow_ips="",
    )
