"""Benchmark `reskg build` on the project's data: wall time and peak memory, median of 5 runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TARGET_SECONDS = 3.0


def one_run(out: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one `reskg build` in a fresh process."""
    code = (
        "import resource, sys\n"
        "from reskg.cli import main\n"
        "try:\n"
        f"    main(['-q', 'build', '--data', {str(ROOT / 'data')!r}, '--out', {str(out)!r}])\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed: {result.stderr}")
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        runs = [one_run(Path(tmp) / f"dist{i}") for i in range(RUNS)]
    wall = statistics.median(r[0] for r in runs)
    memory = statistics.median(r[1] for r in runs)
    print(f"reskg build (reference data), median of {RUNS} runs:")
    print(f"  wall time   {wall:6.2f} s   (target < {TARGET_SECONDS:.0f} s)")
    print(f"  peak memory {memory:6.1f} MiB")


if __name__ == "__main__":
    main()
