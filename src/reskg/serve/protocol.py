"""uvicorn's h11 protocol with a request-head timeout and honest status codes for bad heads.

uvicorn arms its keep-alive timer only after a response, so a client that connects and sends
nothing, or dribbles header lines (slowloris), holds a connection for ever. This protocol
arms a timer whenever the connection waits for a request head (on connect, and when the first
bytes of a next request arrive) and closes the connection when the head is not complete in
time: ``408`` if some bytes came, a silent close if none did. A head larger than h11's buffer
answers ``414`` (request line never ended) or ``431`` (header fields too large) instead of
uvicorn's generic ``400``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_LIMIT = 64 << 10  # bytes of request line + headers h11 may buffer
REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
}


class _Connection(h11.Connection):
    """An h11 connection that remembers the status h11 suggests for the last protocol error."""

    error_status = 400

    def next_event(self) -> Any:
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            self.error_status = exc.error_status_hint
            raise


class GuardedH11Protocol(H11Protocol):
    """H11Protocol plus a request-head timeout (``header_timeout`` seconds)."""

    header_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn = _Connection(h11.SERVER, max_incomplete_event_size=HEAD_LIMIT)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._line_ended = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        waiting = self.conn.their_state is h11.IDLE
        if waiting:
            self._head_bytes += len(data)
            self._line_ended = self._line_ended or b"\n" in data
        super().data_received(data)
        if self.transport.is_closing():
            self._disarm()
        elif self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
            self._arm()  # still waiting for the rest of a request head
        else:
            self._disarm()
            self._head_bytes, self._line_ended = 0, False

    def _arm(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self._head_bytes and self.conn.our_state is h11.IDLE:
            self._write_raw(408, "request head not received in time")
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        status = self.conn.error_status if self.conn.error_status in REASONS else 400
        if status == 431 and not self._line_ended:
            status = 414
        message = {
            414: "URI too long",
            431: "request header fields too large",
        }.get(status, "invalid HTTP request")
        self._write_raw(status, message)
        self.transport.close()

    def _write_raw(self, status: int, message: str) -> None:
        """A short plain-text error written straight to the socket (h11 has no request to
        answer yet, so it cannot frame the response itself)."""
        body = (message + "\n").encode("ascii")
        head = (
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n"
            % (status, REASONS[status], len(body))
        )
        self.transport.write(head + body)


def protocol_class(header_timeout: float) -> type[GuardedH11Protocol]:
    """A protocol class with the given request-head timeout, to pass as uvicorn's ``http=``."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"header_timeout": header_timeout})
