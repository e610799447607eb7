"""The thin `reskg site` and `reskg serve` commands: defaults, output and errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reskg.commands.serve import command as serve_command

ROOT = Path(__file__).resolve().parents[2]


def reskg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reskg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_site_command_writes_the_site_into_a_symlinked_folder(tmp_path: Path):
    target = tmp_path / "v1"
    target.mkdir()
    (target / "stale.html").write_text("old")
    link = tmp_path / "site"
    link.symlink_to(target)
    done = reskg("site", "--out", str(link), "--data", str(ROOT / "data"))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert (target / "index.html").is_file()
    assert (target / "id" / "org" / "eeas.ttl").is_file()
    assert not (target / "stale.html").exists()


def test_site_command_with_a_missing_data_folder_exits_2(tmp_path: Path):
    done = reskg("site", "--out", str(tmp_path / "s"), "--data", str(tmp_path / "missing"))
    assert done.returncode == 2
    assert "data folder not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_defaults_are_the_documented_ones():
    defaults = {p.name: p.default for p in serve_command.params}
    assert defaults["host"] == "127.0.0.1"
    assert defaults["time_limit"] == 10.0
    assert defaults["max_rows"] == 10_000
    assert defaults["allow_service"] is False
    assert defaults["no_cors"] is False
    docs = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    for row in [
        "| `--host` | `127.0.0.1` |",
        "| `--time-limit S` | `10` |",
        "| `--max-rows N` | `10000` |",
        "| `--port` | `8080` |",
    ]:
        assert row in docs
    assert defaults["port"] == 8080
