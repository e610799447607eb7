"""Request limits, checked before any routing: URL length (414), header count and size (431),
declared and actual body size (413), framing (400) and a deadline for the body (408).

The body of a request is read here, at most ``max_body`` bytes (reading stops as soon as more
arrived), within ``body_timeout`` seconds from the start of the body, then replayed to the app;
an over-size or late body gets its error with ``Connection: close`` and is never read further.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reskg.serve.errors import accept_of, error_response


@dataclass(frozen=True)
class Limits:
    """The fixed request limits of the server (documented in docs/publishing.md)."""

    max_url: int = 16 << 10  # bytes of path + query string
    max_body: int = 1 << 20  # bytes of request body
    max_headers: int = 100  # header fields
    max_field: int = 8 << 10  # bytes of one header field (name + value)
    max_head: int = 32 << 10  # bytes of all header fields
    header_timeout: float = 10.0  # seconds to receive the request head (see protocol.py)
    body_timeout: float = 10.0  # seconds to receive the whole body


def head_problem(scope: Scope, limits: Limits) -> tuple[int, str] | None:
    """Why a request head is refused (status, message), or None."""
    url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    if url > limits.max_url:
        return 414, f"URI too long: {url} bytes (at most {limits.max_url})"
    headers = scope.get("headers") or []
    if len(headers) > limits.max_headers:
        return 431, f"too many header fields: {len(headers)} (at most {limits.max_headers})"
    total = 0
    for name, value in headers:
        size = len(name) + len(value)
        if size > limits.max_field:
            return 431, f"header field too large (at most {limits.max_field} bytes)"
        total += size
    if total > limits.max_head:
        return 431, f"header fields too large: {total} bytes (at most {limits.max_head})"
    names = [name for name, _ in headers]
    if b"content-length" in names and b"transfer-encoding" in names:
        return 400, "both Content-Length and Transfer-Encoding given"
    for name, value in headers:
        if name == b"content-length":
            if not value.isdigit():
                return 400, "bad Content-Length"
            if int(value) > limits.max_body:
                return 413, f"request body too large (at most {limits.max_body} bytes)"
    return None


def _has_body(scope: Scope) -> bool:
    for name, value in scope.get("headers") or []:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return True
    return False


class LimitsMiddleware:
    """Enforce :class:`Limits` on every HTTP request."""

    def __init__(self, app: ASGIApp, limits: Limits):
        self.app, self.limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accept = accept_of(scope.get("headers") or [])
        problem = head_problem(scope, self.limits)
        if problem:
            response = error_response(*problem, accept, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        if not _has_body(scope):
            await self.app(scope, receive, send)
            return
        body = await self._read_body(receive)
        if isinstance(body, tuple):
            if body[0]:
                response = error_response(*body, accept, headers={"Connection": "close"})
                await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, receive: Receive) -> bytes | tuple[int, str]:
        """The whole body, or (status, message) to refuse it ((0, "") if the client left)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.body_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0))
            except TimeoutError:
                return 408, f"request body not received within {self.limits.body_timeout:g} s"
            if message["type"] == "http.disconnect":
                return 0, ""
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limits.max_body:
                return 413, f"request body too large (at most {self.limits.max_body} bytes)"
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
