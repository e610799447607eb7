"""Section 4f of hostile-inputs.md for the build: killed builds, concurrent builds, full disk.

A build killed at any moment leaves the previous output complete; two builds at once cannot
interleave; a full disk is a clear error (exit 2) and the previous output stays as it was.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import ROOT, snapshot

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "CI": "true"}


def start_build(data: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reskg", "-q", "build", "--data", str(data), "--out", str(out)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def build(data: Path, out: Path) -> subprocess.CompletedProcess:
    proc = start_build(data, out)
    stdout, stderr = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout.decode(), stderr.decode())


@pytest.fixture(scope="module")
def reference_build(tmp_path_factory) -> tuple[Path, dict[str, str], float]:
    """One complete build of the real data, its file hashes and how long it took."""
    out = tmp_path_factory.mktemp("faults") / "dist"
    start = time.perf_counter()
    result = build(ROOT / "data", out)
    assert result.returncode == 0, result.stderr
    return out, snapshot(out), time.perf_counter() - start


def test_twenty_builds_killed_at_random_moments_never_leave_a_half_output(reference_build):
    out, expected, duration = reference_build
    rng = random.Random(20261126)
    outcomes = []
    for _ in range(20):
        proc = start_build(ROOT / "data", out)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        outcomes.append(proc.returncode)
        assert snapshot(out) == expected
    assert any(code == -signal.SIGKILL for code in outcomes)
    # a killed build leaves no lock behind: the next build runs and gives the same output
    assert build(ROOT / "data", out).returncode == 0
    assert snapshot(out) == expected


def test_two_builds_at_once_give_the_output_of_one(reference_build, tmp_path):
    _, expected, _ = reference_build
    out = tmp_path / "dist"
    first, second = start_build(ROOT / "data", out), start_build(ROOT / "data", out)
    assert first.wait(timeout=300) == 0
    assert second.wait(timeout=300) == 0
    assert snapshot(out) == expected


@pytest.fixture
def small_disk(tmp_path):
    """A small tmpfs (12 MiB) that the test fills up after a first build."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.decode()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_a_clear_error_and_keeps_the_previous_output(small_disk, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("cache"))
    out = small_disk / "dist"
    first = build(data, out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(0, free - 200 * 1024))
    actors = data / "common" / "actors.ttl"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace(
            '"European External Action Service"@en', '"European External Action Service (EEAS)"@en'
        ),
        encoding="utf-8",
    )
    second = build(data, out)
    assert second.returncode == 2, second.stderr
    assert "No space left on device" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(out) == before


def test_output_folder_that_cannot_be_created_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = build(ROOT / "data", blocker / "dist")
    assert result.returncode == 2
    assert "cannot create output folder" in result.stderr
