"""`reskg ingest` on the command line: a good summary gives a loadable folder; bad input exits
with code 2, a clear message and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "data" / "2019-2610-RSP" / "source.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reskg", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_ingest_into_a_folder_writes_statements_and_source(tmp_path):
    out = run("ingest", str(REFERENCE), "-o", str(tmp_path), "--report", str(tmp_path / "r.txt"))
    assert out.returncode == 0, out.stderr
    folder = tmp_path / "2019-2610-RSP"
    assert (folder / "source.txt").read_bytes() == REFERENCE.read_bytes()
    assert "<id/demand/2019-2610-RSP/16>" in (folder / "statements.ttl").read_text()
    assert "statements: 20" in (tmp_path / "r.txt").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"<!DOCTYPE html><html><body><p>Resolution</p></body></html>", "HTML"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xff\xfe\xfd not utf-8", "UTF-8"),
        (b"Shopping list\n\nEggs, milk and bread.\n", "header"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, content, message):
    summary = tmp_path / "summary.txt"
    summary.write_bytes(content)
    target = tmp_path / "out.ttl"
    out = run("ingest", str(summary), "-o", str(target))
    assert out.returncode == 2
    assert "reskg: error:" in out.stderr and message in out.stderr
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.txt"]


def test_missing_procedure_is_asked_for(tmp_path):
    summary = tmp_path / "s.txt"
    summary.write_text(
        "The European Parliament adopted a resolution on Chad.\n\n"
        "Parliament called on the government of Chad to release all prisoners.\n"
    )
    out = run("ingest", str(summary), "-o", str(tmp_path / "x.ttl"))
    assert out.returncode == 2 and "--procedure" in out.stderr
    ok = run("ingest", str(summary), "--procedure", "2020/2001(RSP)", "-o", str(tmp_path / "x.ttl"))
    assert ok.returncode == 0, ok.stderr
    assert "<id/org/government-of-chad>" in (tmp_path / "x.ttl").read_text()


def test_missing_file_exits_2(tmp_path):
    out = run("ingest", str(tmp_path / "nope.txt"))
    assert out.returncode == 2
