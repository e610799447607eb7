"""Small synthetic corpora (scripts/make_corpus.py) for the scale tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from make_corpus import make_corpus  # noqa: E402


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    make_corpus(6, data, seed=3, source=ROOT / "data")
    return data


@pytest.fixture()
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
