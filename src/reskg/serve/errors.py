"""Error responses: one short machine-readable body for every 4xx/5xx, never a traceback.

JSON ``{"error": "...", "status": N}`` when the client accepts JSON, otherwise one line of
plain text. Both are served with ``X-Content-Type-Options: nosniff`` so an echoed fragment of
a query can never be taken for HTML.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.responses import Response

from reskg.serve.conneg import negotiate

MAX_MESSAGE = 300


def wants_json(accept: str | None) -> bool:
    """Whether the client prefers a JSON error body (any JSON type in Accept counts)."""
    if not accept:
        return False
    if negotiate(accept, ["text/plain", "application/json"]) == "application/json":
        return True
    lowered = accept.lower()
    return "json" in lowered and "text/plain" not in lowered and "*/*" not in lowered


def error_response(
    status: int,
    message: str,
    accept: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The response for an error: status, a one-line message, JSON or plain text."""
    line = " ".join(message.split())[:MAX_MESSAGE] or "error"
    extra = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", **(headers or {})}
    if wants_json(accept):
        body = json.dumps({"error": line, "status": status}, ensure_ascii=True) + "\n"
        return Response(body, status, media_type="application/json", headers=extra)
    return Response(line + "\n", status, media_type="text/plain; charset=utf-8", headers=extra)


def accept_of(scope_headers: list[tuple[bytes, bytes]]) -> str | None:
    """The Accept header of an ASGI scope (latin-1 decoded), if any."""
    for name, value in scope_headers:
        if name == b"accept":
            return value.decode("latin-1")
    return None
