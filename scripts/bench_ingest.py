"""Benchmark of `reskg ingest`: prints the evaluation table (scripts/eval_ingest.py), then the
time to ingest 1,000 summaries made as variants of the fixtures and of the reference summary
(procedure numbers changed, body lines shuffled), on two processes. Target: under 60 s."""

from __future__ import annotations

import json
import random
import sys
import time
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import eval_ingest  # noqa: E402

from reskg.config import Settings  # noqa: E402
from reskg.ingest import Knowledge, ingest_text  # noqa: E402
from reskg.load import read_source_text  # noqa: E402

COUNT = 1000
_knowledge: Knowledge | None = None


def sources() -> list[tuple[str, str | None]]:
    out = [(read_source_text(ROOT / "data" / "2019-2610-RSP" / "source.txt"), None)]
    for path in sorted(eval_ingest.FIXTURES.glob("*.expected.json")):
        slug = path.name.removesuffix(".expected.json")
        out.append(
            (
                read_source_text(eval_ingest.FIXTURES / f"{slug}.txt"),
                json.loads(path.read_text(encoding="utf-8")).get("procedure"),
            )
        )
    return out


def variant(n: int, text: str, procedure: str | None) -> tuple[str, str]:
    """The n-th variant: a new procedure number and the body lines in another order."""
    rng = random.Random(n)
    lines = text.split("\n")
    head, body = lines[:6], lines[6:]
    rng.shuffle(body)
    reference = f"{2000 + n % 25}/{n:04d}(RSP)"
    text = "\n".join(head + body)
    if procedure is None and "(RSP)" in text:
        text = text.replace(text[text.index("(RSP)") - 9 : text.index("(RSP)") + 5], reference, 1)
    return text, reference


def _init() -> None:
    global _knowledge
    settings = Settings(data_dir=ROOT / "data")
    _knowledge = Knowledge.from_folder(settings, settings.data_dir)


def _ingest(job: tuple[str, str]) -> int:
    assert _knowledge is not None
    text, reference = job
    return len(ingest_text(text, _knowledge, reference).turtle)


def main() -> int:
    status = eval_ingest.main()
    base = sources()
    jobs = [variant(n, *base[n % len(base)]) for n in range(COUNT)]
    start = time.perf_counter()
    with Pool(2, initializer=_init) as pool:
        sizes = pool.map(_ingest, jobs, chunksize=25)
    seconds = time.perf_counter() - start
    print(
        f"\ningest: {COUNT} summaries in {seconds:.1f} s on 2 processes "
        f"({1000 * seconds / COUNT:.1f} ms each; {sum(sizes) / 1e6:.1f} MB of Turtle; "
        f"target < 60 s: {'met' if seconds < 60 else 'NOT met'})"
    )
    return status or (0 if seconds < 60 else 1)


if __name__ == "__main__":
    sys.exit(main())
