"""CORS on reads only: ``Access-Control-Allow-Origin: *`` on GET, HEAD and POST (a POST to
/sparql is a query), and ``OPTIONS`` answered ``204`` with ``Allow`` (and, for a preflight,
the allowed methods and headers). Other methods never get CORS headers."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

READ_METHODS = ("GET", "HEAD", "POST")
ALLOW_HEADERS = "Accept, Content-Type"


def allowed_methods(path: str) -> str:
    return "GET, HEAD, POST, OPTIONS" if path.rstrip("/") == "/sparql" else "GET, HEAD, OPTIONS"


class ReadOnlyCORS:
    """Answer OPTIONS; add the CORS header to read responses when ``enabled``."""

    def __init__(self, app: ASGIApp, enabled: bool = True):
        self.app, self.enabled = app, enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":
            await self._options(scope)(scope, receive, send)
            return
        if not self.enabled or method not in READ_METHODS:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Access-Control-Allow-Origin"] = "*"
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _options(self, scope: Scope) -> Response:
        allow = allowed_methods(scope["path"])
        headers = {"Allow": allow}
        request = Headers(scope=scope)
        if self.enabled and "origin" in request:
            headers["Access-Control-Allow-Origin"] = "*"
            wanted = request.get("access-control-request-method", "").upper()
            if wanted in allow.split(", "):
                headers["Access-Control-Allow-Methods"] = allow.replace(", OPTIONS", "")
                headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
                headers["Access-Control-Max-Age"] = "600"
        return Response(status_code=204, headers=headers)
