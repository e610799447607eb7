"""Shared fixtures: the project's settings, the loaded dataset and its union graph.

Fixtures for real components (a built dist/, a Virtuoso store, the HTTP server, a browser)
live in the conftest.py of the test folder that needs them.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings
from rdflib import Dataset, Graph
from support import BASE, ROOT, SHARED, requires_shared

from reskg.config import Settings
from reskg.load import load_dataset, union_graph

__all__ = ["BASE", "ROOT", "SHARED", "requires_shared"]

# CI (`.ci/run` sets RESKG_CI) runs the property tests on the same examples each time, so that
# a run can be reproduced; anywhere else each run explores new ones, which is how they find bugs.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("RESKG_CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(base=BASE, data_dir=ROOT / "data")


@pytest.fixture(scope="session")
def dataset(settings: Settings) -> Dataset:
    return load_dataset(settings, settings.data_dir)


@pytest.fixture(scope="session")
def graph(dataset: Dataset) -> Graph:
    return union_graph(dataset)


@pytest.fixture(scope="session")
def source_text() -> str:
    with (ROOT / "data" / "2019-2610-RSP" / "source.txt").open(encoding="utf-8", newline="") as f:
        return f.read()
