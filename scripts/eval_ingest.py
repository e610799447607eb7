"""Precision and recall of `reskg ingest` on the reference summary (against the curated graph)
and on each OEIL fixture (against its hand annotation). Prints one table; exit 1 if the
reference falls under 0.9 or the fixtures' average under 0.8 for statements or addressees."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reskg.config import Settings
from reskg.ingest import Knowledge, ingest_text
from reskg.ingest.scoring import annotation_facts, graph_facts, score
from reskg.load import load_dataset, read_source_text, union_graph

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "2019-2610-RSP"
FIXTURES = ROOT / "tests" / "fixtures" / "oeil"
METRICS = ("statements", "addressees", "actors", "provisions", "dated events")


def evaluate() -> dict[str, dict[str, tuple[float, float]]]:
    settings = Settings(data_dir=ROOT / "data")
    base = settings.base
    rows: dict[str, dict[str, tuple[float, float]]] = {}
    knowledge = Knowledge.from_folder(settings, settings.data_dir, skip=REFERENCE)
    curated = union_graph(load_dataset(settings, settings.data_dir))
    text = read_source_text(settings.data_dir / REFERENCE / "source.txt")
    result = ingest_text(text, knowledge)
    predicted = graph_facts(result.graph + knowledge.graph, base, result.slug)
    rows[f"reference {REFERENCE}"] = score(graph_facts(curated, base, REFERENCE), predicted)
    for path in sorted(FIXTURES.glob("*.expected.json")):
        slug = path.name.removesuffix(".expected.json")
        text = read_source_text(FIXTURES / f"{slug}.txt")
        procedure = json.loads(path.read_text(encoding="utf-8")).get("procedure")
        result = ingest_text(text, knowledge, procedure)
        predicted = graph_facts(result.graph + knowledge.graph, base, result.slug)
        rows[slug] = score(annotation_facts(path, text), predicted)
    return rows


def table(rows: dict[str, dict[str, tuple[float, float]]]) -> str:
    head = f"{'summary':<30}" + "".join(f"{m + ' P/R':>20}" for m in METRICS)
    lines = [head, "-" * len(head)]
    for name, row in rows.items():
        lines.append(
            f"{name:<30}" + "".join(f"{row[m][0]:>12.2f} / {row[m][1]:.2f}" for m in METRICS)
        )
    fixtures = [r for n, r in rows.items() if not n.startswith("reference")]
    if fixtures:
        avg = {
            m: (
                sum(r[m][0] for r in fixtures) / len(fixtures),
                sum(r[m][1] for r in fixtures) / len(fixtures),
            )
            for m in METRICS
        }
        lines.append(
            f"{'fixtures average':<30}"
            + "".join(f"{avg[m][0]:>12.2f} / {avg[m][1]:.2f}" for m in METRICS)
        )
        rows["fixtures average"] = avg
    return "\n".join(lines)


def main() -> int:
    rows = evaluate()
    print(table(rows))
    ok = all(
        v >= 0.9 for m in ("statements", "addressees") for v in rows[f"reference {REFERENCE}"][m]
    )
    ok = ok and all(
        v >= 0.8 for m in ("statements", "addressees") for v in rows["fixtures average"][m]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
