"""Write an output folder atomically: a failed or killed build leaves the previous one intact.

The output path (e.g. `dist`) is a symbolic link to a complete version folder kept beside it
(`.dist.versions/<id>`). A build writes a new version folder, then swaps the link with one
atomic rename. A lock file keeps two builds into the same folder from interleaving.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reskg.errors import InputError

KEEP_VERSIONS = 2


def _versions_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.versions"


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _swap_in(out: Path, version: Path) -> None:
    if out.exists() and not out.is_symlink():
        # An output folder from elsewhere: keep it as a version, then replace it by a link.
        os.rename(out, _versions_dir(out) / f"previous-{time.time_ns()}")
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(version.relative_to(out.parent))
    os.replace(link, out)


def _prune(out: Path, current: Path) -> None:
    versions = sorted(_versions_dir(out).iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [v for v in versions if v != current][KEEP_VERSIONS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def publish_dir(out: Path) -> Iterator[Path]:
    """Yield an empty folder to write into; on success it becomes `out`, on error it vanishes."""
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _versions_dir(out).mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create output folder: {exc}", path=str(out)) from exc
    with _locked(out):
        version = _versions_dir(out) / f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns()}"
        version.mkdir()
        try:
            yield version
            _swap_in(out, version)
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        _prune(out, version)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file inside a staging folder, turning a full disk into a clear error."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write output: {exc.strerror or exc}", path=str(path)) from exc
