"""The HTTP server: dereferenceable resource IRIs with content negotiation, the site's files,
a read-only SPARQL 1.1 Protocol endpoint with its query page, and /.well-known/void.

Resource IRIs ``{base}<path>`` are served at ``/<path>``: ``GET /id/org/eeas`` answers
``303 See Other`` to ``/id/org/eeas.html`` (or ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``) as the
Accept header asks. Files are found only through the IRI-to-path mapping of
:mod:`reskg.site.paths`, never by joining a request path onto the disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from reskg.config import Settings
from reskg.load import load_dataset, union_graph
from reskg.serve.conneg import negotiate
from reskg.serve.cors import ReadOnlyCORS, allowed_methods
from reskg.serve.errors import error_response
from reskg.serve.examples import load_examples
from reskg.serve.lanes import LaneLimits, WorkerPool
from reskg.serve.limits import Limits, LimitsMiddleware
from reskg.serve.query import HTML, QueryRequest, Reply
from reskg.site.dataset import dataset_description, description_resources
from reskg.site.generate import build_site
from reskg.site.model import SiteModel
from reskg.site.paths import DOC_FORMATS, inside, resource_path, split_doc_path
from reskg.site.render import Views
from reskg.site.shapes import shapes_documents

log = logging.getLogger("reskg.serve")

FILE_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
}
DOC_TYPES = {
    s: (m + "; charset=utf-8" if m.startswith("text/") else m) for s, m in DOC_FORMATS.items()
}
SPARQL_QUERY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"


@dataclass
class ServerConfig:
    """What `reskg serve` is told; every limit has a documented default."""

    data_dir: Path = Path("data")
    site_dir: Path | None = None  # a site built by `reskg site`; default: build one at start
    time_limit: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    allow_service: bool = False
    max_depth: int = 64
    limits: Limits = field(default_factory=Limits)
    lanes: LaneLimits = field(default_factory=LaneLimits)
    cors: bool = True
    _tmp: list[Path] = field(default_factory=list)


class Publisher:
    """The state behind the routes: settings, site folder, known resources, worker pool."""

    def __init__(self, settings: Settings, config: ServerConfig):
        self.settings = settings
        self.config = config
        self.graph = union_graph(load_dataset(settings, config.data_dir))
        description = dataset_description(self.graph, settings)
        shapes = [d.iri for d in shapes_documents(settings, description)]
        self.model = SiteModel(
            self.graph,
            settings,
            other_pages=[*description_resources(description, settings), *shapes],
        )
        self.views = Views(settings, with_sparql=True)
        self.resources = {str(resource_path(i, settings.base)) for i in self.model.pages}
        self.site_dir = config.site_dir or Path(tempfile.mkdtemp(prefix="reskg-site-"))
        self.pool = WorkerPool(
            settings.base, config.data_dir, config.workers, config.time_limit, config.lanes
        )

    def prepare_site(self) -> None:
        """Build the site into a temporary folder unless one was given."""
        if self.config.site_dir is None:
            self.config._tmp.append(self.site_dir)
            build_site(self.graph, self.settings, self.site_dir, with_sparql=True)

    def close(self) -> None:
        self.pool.close()
        for tmp in self.config._tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    # --- linked data ---------------------------------------------------------------------

    def file(self, rel: str, media: str) -> Response:
        target = inside(self.site_dir, rel)
        if target is None or not target.is_file():
            return error_response(404, "not found")
        return FileResponse(target, media_type=media, headers={"Vary": "Accept"})

    def _written(self, rel: str) -> bool:
        """Whether the site has this document (a graph XML 1.0 cannot carry has no .rdf)."""
        target = inside(self.site_dir, rel)
        return target is not None and target.is_file()

    async def resource(self, request: Request) -> Response:
        rel = request.path_params.get("path", "")
        if rel in self.resources:
            offered = [m for s, m in DOC_FORMATS.items() if self._written(rel + s)]
            media = negotiate(request.headers.get("accept"), offered)
            if media is None:
                return error_response(
                    406,
                    "not acceptable; this resource is available as " + ", ".join(offered),
                    headers={"Vary": "Accept"},
                )
            suffix = next(s for s, m in DOC_FORMATS.items() if m == media)
            return RedirectResponse("/" + rel + suffix, 303, headers={"Vary": "Accept"})
        doc = split_doc_path(rel)
        if doc and doc[0] in self.resources:
            return self.file(rel, DOC_TYPES[doc[1]])
        suffix = "." + rel.rsplit(".", 1)[-1] if "." in rel else ""
        if suffix in FILE_TYPES:
            return self.file(rel, FILE_TYPES[suffix])
        return error_response(404, "not found", request.headers.get("accept"))

    async def home(self, request: Request) -> Response:
        return self.file("index.html", DOC_TYPES[".html"])

    async def void(self, request: Request) -> Response:
        offered = [m for s, m in DOC_FORMATS.items() if s != ".html"]
        media = negotiate(request.headers.get("accept"), offered) or "text/turtle"
        suffix = next(s for s, m in DOC_FORMATS.items() if m == media)
        return self.file("dataset" + suffix, DOC_TYPES[suffix])

    # --- SPARQL --------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        if request.method == "POST":
            params, error = await self._post_params(request)
        else:
            params, error = _query_params(request.url.query), None
        if error:
            return error_response(*error, accept)
        if "update" in params:
            return error_response(
                400, "updates are not accepted: this endpoint is read-only", accept
            )
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return error_response(
                400, "default-graph-uri and named-graph-uri are not supported", accept
            )
        queries = params.get("query", [])
        if len(queries) > 1:
            return error_response(400, "give exactly one query parameter", accept)
        if not queries:
            if request.method in ("GET", "HEAD"):
                return self.query_page(request, accept, params)
            return error_response(400, "no query given", accept)
        html_ok = request.method in ("GET", "HEAD")
        reply = await self.pool.run(
            QueryRequest(
                queries[0],
                accept,
                self.config.max_rows,
                self.config.allow_service,
                html_ok,
                self.config.max_depth,
            )
        )
        if reply.status >= 400:
            retry = {"Retry-After": str(reply.retry_after)} if reply.retry_after else None
            message = reply.body.decode("utf-8", "replace")
            return error_response(reply.status, message, accept, retry)
        if reply.media_type == HTML:
            return self._results_page(queries[0], reply)
        return Response(
            reply.body, reply.status, media_type=reply.media_type, headers={"Vary": "Accept"}
        )

    async def _post_params(
        self, request: Request
    ) -> tuple[dict[str, list[str]], tuple[int, str] | None]:
        """The parameters of a POST (the body is already capped by LimitsMiddleware)."""
        ctype, _, options = request.headers.get("content-type", "").partition(";")
        ctype = ctype.strip().lower()
        charset = _charset(options)
        if ctype == "application/sparql-update" or ctype not in (SPARQL_QUERY, FORM):
            if ctype == "application/sparql-update":
                return {}, (400, "updates are not accepted: this endpoint is read-only")
            return {}, (415, f"unsupported Content-Type; send {SPARQL_QUERY} or {FORM}")
        if charset not in ("", "utf-8", "utf8"):
            return {}, (415, "the body must be UTF-8")
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            return {}, (400, "the body is not UTF-8")
        if ctype == SPARQL_QUERY:
            params = _query_params(request.url.query)
            if "query" in params:
                return {}, (400, "give the query either in the body or in the URL, not both")
            return {"query": [text], **params}, None
        return _query_params(text) | _url_dataset(request.url.query), None

    def query_page(
        self, request: Request, accept: str | None, params: dict[str, list[str]]
    ) -> Response:
        media = negotiate(accept, ["text/html", "text/turtle"])
        if media == "text/turtle":
            return Response(self._service_description(), media_type="text/turtle")
        if media is None:
            return error_response(406, "not acceptable; this page is text/html or text/turtle")
        examples = load_examples(self.settings.queries_dir)
        chosen = params.get("example", [""])[0]
        query = next(
            (e.text for e in examples if e.name == chosen),
            examples[0].text if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
        )
        return self._page(query=query, examples=examples)

    def _page(self, **context) -> Response:
        html = self.views.render(
            "sparql.html",
            "sparql",
            title="SPARQL query",
            time_limit=f"{self.config.time_limit:g}",
            max_rows=self.config.max_rows,
            **context,
        )
        return Response(html, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})

    def _results_page(self, query: str, reply: Reply) -> Response:
        data = json.loads(reply.body)
        head = data["head"]["vars"]
        rows = []
        for binding in data["results"]["bindings"]:
            row = []
            for var in head:
                term = binding.get(var)
                text = term["value"] if term else ""
                href = None
                if term and term["type"] == "uri":
                    path = resource_path(text, self.settings.base)
                    href = f"/{path}.html" if path and str(path) in self.resources else text
                row.append({"text": text, "href": href})
            rows.append(row)
        return self._page(
            query=query, examples=load_examples(self.settings.queries_dir), head=head, rows=rows
        )

    def _service_description(self) -> bytes:
        from rdflib import Graph, Namespace, URIRef
        from rdflib.namespace import RDF

        sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
        g = Graph()
        g.bind("sd", sd)
        service = URIRef(self.settings.base + "sparql")
        g.add((service, RDF.type, sd.Service))
        g.add((service, sd.endpoint, service))
        g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
        for fmt in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
        ):
            g.add((service, sd.resultFormat, URIRef("http://www.w3.org/ns/formats/" + fmt)))
        g.add((service, sd.defaultDataset, URIRef(self.settings.dataset_iri)))
        return g.serialize(format="turtle", encoding="utf-8")


def _query_params(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


def _url_dataset(text: str) -> dict[str, list[str]]:
    """Dataset parameters given in the URL of a form POST (they are refused like the rest)."""
    params = _query_params(text)
    return {k: v for k, v in params.items() if k in ("default-graph-uri", "named-graph-uri")}


def _charset(options: str) -> str:
    for option in options.split(";"):
        name, _, value = option.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def create_app(settings: Settings, config: ServerConfig) -> Starlette:
    """The ASGI application (the graph and the site are loaded when it starts)."""
    state: dict[str, Publisher] = {}

    def pub() -> Publisher:
        return state["publisher"]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        publisher = await anyio.to_thread.run_sync(Publisher, settings, config)
        state["publisher"] = publisher
        app.state.publisher = publisher  # for tests and tools that look at the worker lanes
        workers = asyncio.get_running_loop().create_task(publisher.pool.start())
        await anyio.to_thread.run_sync(publisher.prepare_site)  # while the workers load
        await workers
        log.info(
            "reskg: serving %d resources from %s", len(publisher.resources), publisher.site_dir
        )
        try:
            yield
        finally:
            publisher.close()

    async def home(request: Request) -> Response:
        return await pub().home(request)

    async def sparql(request: Request) -> Response:
        return await pub().sparql(request)

    async def void(request: Request) -> Response:
        return await pub().void(request)

    async def resource(request: Request) -> Response:
        return await pub().resource(request)

    middleware = [
        Middleware(LimitsMiddleware, limits=config.limits),
        Middleware(ReadOnlyCORS, enabled=config.cors),
    ]
    routes = [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/.well-known/void", void, methods=["GET", "HEAD"]),
        Route("/{path:path}", resource, methods=["GET", "HEAD"]),
    ]
    return Starlette(
        debug=False,
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    """404/405 from the router, as short error bodies (405 lists what is allowed)."""
    status = getattr(exc, "status_code", 400)
    headers = {"Allow": allowed_methods(request.url.path)} if status == 405 else None
    message = "method not allowed" if status == 405 else "not found" if status == 404 else ""
    return error_response(status, message or "bad request", request.headers.get("accept"), headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s: %s", request.url.path, type(exc).__name__)
    return error_response(500, "internal server error", request.headers.get("accept"))
