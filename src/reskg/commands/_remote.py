"""Options shared by the commands that talk to a SPARQL store (query, push)."""

from __future__ import annotations

import sys

import click

from reskg.errors import InputError
from reskg.remote import AUTH_SCHEMES


def auth_options(func):
    """--user, --password (or RESKG_PASSWORD) and --auth."""
    func = click.option(
        "--auth",
        type=click.Choice(AUTH_SCHEMES),
        default="auto",
        show_default=True,
        help="HTTP authentication: basic, digest, or auto (answer the server's challenge).",
    )(func)
    func = click.option(
        "--password",
        envvar="RESKG_PASSWORD",
        metavar="P",
        help="Password (or the RESKG_PASSWORD environment variable).",
    )(func)
    func = click.option(
        "--user",
        envvar="RESKG_USER",
        metavar="U",
        help="User name for the endpoint (or RESKG_USER).",
    )(func)
    return func


def credentials(user: str | None, password: str | None) -> tuple[str | None, str | None]:
    """The user and password to send; asks for a missing password only on a terminal."""
    if password and not user:
        raise InputError("--password needs --user")
    if user and password is None:
        if not sys.stdin.isatty():
            raise InputError("--user needs --password (or RESKG_PASSWORD)")
        password = click.prompt(f"Password for {user}", hide_input=True)
    return user, password
