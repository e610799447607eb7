"""Fixtures of the Oxigraph fragment tests: the JSON-LD context and a generated corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reskg.config import Settings
from reskg.export import jsonld_context

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from make_corpus import make_corpus  # noqa: E402


@pytest.fixture(scope="session")
def context(settings: Settings) -> dict:
    return jsonld_context(settings)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("oxcorpus") / "data"
    make_corpus(20, data, seed=7, source=ROOT / "data")
    return data
