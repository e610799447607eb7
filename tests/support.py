"""Helpers shared by test modules (importable as `support`: tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASE = "https://w3id.org/reskg/"

# The seven actions the summary asks of the EEAS, written by hand from source.txt (checked on the
# built graph, and as the answer of `demands --bind addressee=kgo:eeas`).
EEAS_ACTIONS = {
    "monitor closely developments in Kazakhstan",
    "raise concerns with the Kazakh authorities where necessary",
    "offer assistance",
    "report regularly to Parliament",
    "proactively engage in trial observation missions",
    "monitor politically sensitive trials and politically motivated prosecutions",
    "verify that the right to a fair trial applies to all",
}


def requires_shared(sub: str) -> Path:
    """A path under ../shared, or skip the test saying why (users' machines lack it)."""
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"reference material {path} is not present on this machine")
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """A hash of every file in an output folder, to prove it unchanged."""
    if not folder.exists():
        return {}
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
