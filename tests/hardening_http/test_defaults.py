"""Every documented default of the server and the query guard, asserted one by one, so a
code change or a dependency upgrade cannot change them silently."""

from __future__ import annotations

import inspect

import pytest
from support import ROOT

from reskg import sparql_guard
from reskg.commands.serve import command as serve_command
from reskg.serve import ServerConfig
from reskg.serve.limits import Limits
from reskg.serve.protocol import HEAD_LIMIT, GuardedH11Protocol


def cli_default(name: str):
    return next(p.default for p in serve_command.params if p.name == name)


@pytest.mark.parametrize(
    "name,value",
    [
        ("host", "127.0.0.1"),
        ("time_limit", 10.0),
        ("max_rows", 10_000),
        ("allow_service", False),
        ("no_cors", False),
    ],
)
def test_cli_defaults(name, value):
    assert cli_default(name) == value


def test_server_config_defaults():
    config = ServerConfig()
    assert (config.time_limit, config.max_rows, config.max_depth) == (10.0, 10_000, 64)
    assert config.allow_service is False and config.cors is True


def test_request_limits():
    limits = Limits()
    assert limits.max_url == 16 * 1024
    assert limits.max_body == 1024 * 1024
    assert (limits.max_headers, limits.max_field, limits.max_head) == (100, 8192, 32768)
    assert limits.header_timeout == 10.0 and limits.body_timeout == 10.0
    assert HEAD_LIMIT == 64 * 1024 and GuardedH11Protocol.header_timeout == 10.0


def test_guard_defaults():
    params = inspect.signature(sparql_guard.check_query).parameters
    assert params["allow_service"].default is False
    assert params["allow_from"].default is False
    assert params["max_length"].default == 1 << 20
    assert params["max_depth"].default == 64
    assert sparql_guard.MAX_SLICE == 10**12


def test_documented_table_matches():
    doc = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    for row in (
        "| bind address | `127.0.0.1` |",
        "| query time limit | 10 s (`--time-limit`) |",
        "| result rows (or triples) | 10,000 (`--max-rows`) |",
        "| query nesting of `( { [` | 64 |",
        "| request URL (path + query string) | 16 KiB | `414` |",
        "| request body | 1 MiB |",
        "| SERVICE | off (`--allow-service`) |",
        "| request head timeout | 10 s",
        "| CORS | `Access-Control-Allow-Origin: *` on GET, HEAD, POST",
    ):
        assert row in doc, row
