"""Benchmark `reskg build` on the project's data: wall time and peak memory, median of 5 runs."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TARGET_SECONDS = 3.0


def one_run(out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one `reskg build` in a fresh process.

    Peak memory counts the build's worker processes too, when it starts any.
    """
    code = (
        "import resource, sys\n"
        "from reskg.cli import main\n"
        "code = 0\n"
        "try:\n"
        f"    main(['-q', 'build', '--data', {str(ROOT / 'data')!r}, '--out', {str(out)!r}])\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "peak = max(resource.getrusage(who).ru_maxrss\n"
        "           for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "print(peak, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed: {result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return elapsed, cpu, peak_kib / 1024


def main() -> None:
    # Each run in its own folder: the build cache lives beside the output folder, so every run is
    # a cold build, as from a clean clone.
    with tempfile.TemporaryDirectory() as tmp:
        runs = [one_run(Path(tmp) / f"run{i}" / "dist") for i in range(RUNS)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    memory = statistics.median(r[2] for r in runs)
    print(f"reskg build (reference data, cold), median of {RUNS} runs:")
    print(f"  wall time   {wall:6.2f} s   (target < {TARGET_SECONDS:.0f} s)")
    print(f"  CPU time    {cpu:6.2f} s   (user + system; wall exceeds it on a busy machine)")
    print(f"  peak memory {memory:6.1f} MiB")


if __name__ == "__main__":
    main()
