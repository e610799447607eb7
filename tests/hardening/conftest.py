"""Fixtures of the hostile suite: running the CLI in-process, and the audit guard."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from support import ROOT, snapshot

from reskg import audit
from reskg.cli import main

__all__ = ["snapshot"]


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """Run `reskg ARGS` in this process; return its exit code and output."""

    def run(*args: str) -> Outcome:
        capsys.readouterr()
        try:
            main(["-q", *args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def guard():
    """The process-wide audit guard, recording (not refusing) access outside allowed roots."""
    g = audit.install([ROOT, ROOT.parent / "shared"])
    return g


@pytest.fixture
def guarded(guard, tmp_path):
    """Switch the guard on around one test and fail it on any violation."""
    guard.allow_root(tmp_path)
    start = len(guard.violations)
    guard.active = True
    yield guard
    guard.active = False
    new = guard.violations[start:]
    assert new == [], f"network or file access outside the allowed roots: {new}"
