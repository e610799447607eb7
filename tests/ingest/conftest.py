"""Fixtures of the ingest tests: the knowledge read from data/ (without the reference
resolution, so nothing of its curated statements can leak in) and a validator of ingested
graphs that loads them exactly as `reskg build` would, beside data/common."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from reskg.config import Settings
from reskg.ingest import Ingested, Knowledge, ingest_text
from reskg.load import load_dataset, read_source_text, union_graph
from reskg.validate import ValidationReport, load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "oeil"
REFERENCE = "2019-2610-RSP"


@pytest.fixture(scope="session")
def ingest_settings() -> Settings:
    return Settings(base="https://w3id.org/reskg/", data_dir=DATA)


@pytest.fixture(scope="session")
def knowledge(ingest_settings: Settings) -> Knowledge:
    return Knowledge.from_folder(ingest_settings, DATA, skip=REFERENCE)


@pytest.fixture(scope="session")
def reference_text() -> str:
    return read_source_text(DATA / REFERENCE / "source.txt")


@pytest.fixture(scope="session")
def reference_result(reference_text: str, knowledge: Knowledge) -> Ingested:
    return ingest_text(reference_text, knowledge)


def write_data_folder(folder: Path, results: list[tuple[Ingested, str]]) -> Path:
    """A data folder holding data/common and each ingested graph with its source text."""
    shutil.copytree(DATA / "common", folder / "common")
    for result, text in results:
        target = folder / result.slug
        target.mkdir(parents=True)
        (target / "statements.ttl").write_text(result.turtle, encoding="utf-8")
        with (target / "source.txt").open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return folder


@pytest.fixture(scope="session")
def validate_ingested(
    ingest_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[list[tuple[Ingested, str]]], tuple[ValidationReport, Graph]]:
    shapes = load_shapes(ingest_settings)

    def run(results: list[tuple[Ingested, str]]) -> tuple[ValidationReport, Graph]:
        folder = write_data_folder(tmp_path_factory.mktemp("ingested"), results)
        graph = union_graph(load_dataset(ingest_settings, folder))
        return validate_graph(graph, shapes), graph

    return run
