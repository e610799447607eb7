"""The user's path: `reskg ingest` a summary into a data folder, then `reskg build` and
`reskg site` on it, then the named queries. The ingested reference gives a built graph, a site
with the pages of its resolution and statements, and the same answers as the curated graph to
the queries whose answers do not depend on hand-written wording. Expected values are read from
data/2019-2610-RSP/source.txt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reskg.load import load_dataset, union_graph

ROOT = Path(__file__).resolve().parents[2]
SLUG = "2019-2610-RSP"
SAME_ANSWERS = (
    "resolutions",
    "statement-types",
    "tabling-groups",
    "timeline",
    "noted-and-welcomed",
    "agreements-and-parties",
    "statement-sources",
)


def reskg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "reskg", "--base", "https://w3id.org/reskg/", "-q", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert out.returncode == 0, out.stderr
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project folder: data/common, and the reference ingested beside it."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data" / "common", folder / "data" / "common")
    reskg("ingest", str(ROOT / "data" / SLUG / "source.txt"), "-o", "data", cwd=folder)
    reskg("build", "--data", "data", "--out", "dist", cwd=folder)
    reskg("site", "--data", "data", "--out", "site", cwd=folder)
    return folder


def test_build_exports_the_ingested_resolution(project):
    nt = (project / "dist" / "graph.nt").read_text(encoding="utf-8")
    assert f"<https://w3id.org/reskg/id/resolution/{SLUG}>" in nt
    assert '"2019/2610(RSP)"' in nt
    assert (project / "dist" / "dataset.ttl").is_file()


def test_site_has_the_pages_of_the_resolution_and_its_statements(project):
    site = project / "site"
    page = (site / "id" / "resolution" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Resolution on the human rights situation in Kazakhstan" in page
    demand = (site / "id" / "demand" / SLUG / "1.html").read_text(encoding="utf-8")
    assert "put an end to human rights abuses" in demand
    # 16 demands, 3 observations and one welcome, each with its page and data beside it
    assert len(list((site / "id" / "demand" / SLUG).glob("*.html"))) == 16
    assert len(list((site / "id" / "observation" / SLUG).glob("*.html"))) == 3
    assert (site / "id" / "demand" / SLUG / "16.ttl").is_file()
    assert (site / "id" / "org" / "ep-group" / "efdd.html").is_file()


def test_named_query_on_the_command_line(project):
    out = reskg("query", "tabling-groups", "--data", "data", "--format", "csv", cwd=project)
    rows = out.stdout.strip().splitlines()[1:]
    assert len(rows) == 7  # EPP, S&D, ECR, ALDE, Greens/EFA, GUE/NGL and EFDD
    assert all(SLUG in row for row in rows)


@pytest.fixture(scope="module")
def graphs(project, ingest_settings, tmp_path_factory):
    """The curated reference beside data/common, and the project's ingested one."""
    curated_folder = tmp_path_factory.mktemp("curated")
    shutil.copytree(ROOT / "data" / "common", curated_folder / "common")
    shutil.copytree(ROOT / "data" / SLUG, curated_folder / SLUG)
    curated = union_graph(load_dataset(ingest_settings, curated_folder))
    return curated, union_graph(load_dataset(ingest_settings, project / "data"))


@pytest.mark.parametrize("name", SAME_ANSWERS)
def test_queries_answer_as_on_the_curated_graph(graphs, name):
    curated, ingested = graphs
    query = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    expected = {tuple(map(str, row)) for row in curated.query(query)}
    assert expected, f"{name} answers nothing on the curated graph"
    assert {tuple(map(str, row)) for row in ingested.query(query)} == expected
