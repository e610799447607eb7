"""Figures of `reskg links`: links per linkset, time of the offline check and of the batching."""

from __future__ import annotations

import time
from pathlib import Path

from reskg.config import Settings
from reskg.links.check import check_links
from reskg.links.client import batched
from reskg.links.describe import linksets_description
from reskg.links.model import linksets
from reskg.load import load_dataset, union_graph

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    settings = Settings(data_dir=ROOT / "data")
    start = time.perf_counter()
    dataset = load_dataset(settings, settings.data_dir)
    graph = union_graph(dataset)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    report = check_links(dataset, graph, settings, client_for=None, online=False)
    checked = time.perf_counter() - start
    start = time.perf_counter()
    linksets_description(dataset, settings)
    described = time.perf_counter() - start
    print(
        f"load: {loaded:.2f}s; offline links check: {checked:.3f}s; "
        f"linkset description: {described:.3f}s"
    )
    print(
        f"links: {report.link_count} in {report.linkset_count} linksets; "
        f"unlinked: {len(report.unlinked)}; uncovered: {len(report.uncovered)}"
    )
    for ls in linksets(dataset, settings):
        flag = " (derived)" if ls.derived else ""
        print(f"  {str(ls.iri).rsplit('/', 1)[-1]:28} {len(ls.links):3}{flag}")
    for n in (9, 1000, 10000):
        print(f"queries to check {n} Wikidata links: {sum(1 for _ in batched(range(n), 50))}")


if __name__ == "__main__":
    main()
