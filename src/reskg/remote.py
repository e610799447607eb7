"""What the modules that talk to a SPARQL server (query, push) share: the authentication
schemes and the error, with exit code 2, for a server that cannot be used."""

from __future__ import annotations

from reskg.errors import InputError

AUTH_SCHEMES = ("auto", "basic", "digest")


class EndpointError(InputError):
    """The server cannot be used: unreachable, timed out, refused the credentials (exit 2)."""


def unreachable(url: str, exc: Exception, timeout: float | None, noun: str = "endpoint") -> str:
    """The message for a request that got no answer: timed out, or could not connect."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"{url}: no answer from the {noun} within {timeout:g} s (timed out)"
    return f"{url}: cannot reach the {noun}: {reason}"
