"""`reskg serve` passes its lane options to the server's configuration."""

from __future__ import annotations

import uvicorn
from click.testing import CliRunner

import reskg.serve
from reskg.cli import cli


def test_heavy_lane_options_reach_the_server_config(monkeypatch):
    seen = {}
    monkeypatch.setattr(
        reskg.serve, "create_app", lambda settings, config: seen.setdefault("c", config)
    )
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)
    result = CliRunner().invoke(cli, ["serve", "--heavy-workers", "3", "--heavy-queue", "0"])
    assert result.exit_code == 0, result.output
    lanes = seen["c"].lanes
    assert (lanes.heavy_workers, lanes.heavy_queue) == (3, 0)
    assert lanes.heavy_after == 0.5  # the CPU budget stays the documented default
