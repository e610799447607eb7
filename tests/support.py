"""Helpers shared by test modules (importable as `support`: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASE = "https://w3id.org/reskg/"


def requires_shared(sub: str) -> Path:
    """A path under ../shared, or skip the test saying why (users' machines lack it)."""
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"reference material {path} is not present on this machine")
    return path
