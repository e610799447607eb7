"""The ingested reference answers the project's competency questions (queries/*.rq) as the
curated graph does, where the answer does not depend on hand-written wording. (The other
queries either compare wording, such as action labels, or are too slow on rdflib for the suite.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from reskg.load import load_dataset, union_graph

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def answers(graph, name: str, columns: tuple[str, ...]) -> set[tuple[str, ...]]:
    path = QUERIES / name
    assert path.is_file(), f"{path} is missing"
    rows = graph.query(path.read_text(encoding="utf-8"))
    return {tuple(str(row[c]) for c in columns) for row in rows}


@pytest.fixture(scope="module")
def both(ingest_settings, reference_result, reference_text, validate_ingested):
    curated = union_graph(load_dataset(ingest_settings, ingest_settings.data_dir))
    _, ingested = validate_ingested([(reference_result, reference_text)])
    return curated, ingested


def test_demands_by_addressee_are_counted_as_in_the_curated_graph(both):
    curated, ingested = both
    columns = ("resolution", "addressee", "demands")
    expected = answers(curated, "demands-by-addressee.rq", columns)
    assert len(expected) == 6
    assert answers(ingested, "demands-by-addressee.rq", columns) == expected
