"""A content-addressed cache of build parts, kept beside the output folder (`.reskg-cache/`).

Entries are pickles named by the hash of their inputs; each is written to a temporary file and
renamed into place, so an interrupted or failed build never leaves a torn entry behind.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any


def _code_version() -> str:
    """A hash of the package's own modules: a new version of the code never reuses old parts."""
    h = hashlib.sha256(b"reskg-cache-2")
    for module in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(module.read_bytes())
    return h.hexdigest()


CACHE_VERSION = _code_version()


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


# path -> (size, mtime_ns, ctime_ns, inode, sha256 hex, when hashed in ns)
_HASHES: dict[str, tuple[int, int, int, int, str, int]] = {}
_USED: set[str] = set()  # the paths hashed (or found) in this process: the ones saved
HASHES_FILE = "hashes.pickle"
RACY_NS = 2_000_000_000  # a file changed this close to its hashing is hashed again next time


def file_hash(path: Path) -> str:
    """The SHA-256 of a file, read again only when its size, times or inode change (the
    memo persists across builds through `load_hashes` / `save_hashes`, as git's index does)."""
    info = path.stat()
    name = str(path.absolute())
    stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    _USED.add(name)
    found = _HASHES.get(name)
    if found is not None and found[:4] == stat:
        return found[4]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    _HASHES[name] = (*stat, sha, time.time_ns())
    return sha


def load_hashes(root: Path | None) -> None:
    """Remember the file hashes of an earlier build (kept in the cache folder)."""
    if root is None:
        return
    try:
        with (root / HASHES_FILE).open("rb") as handle:
            saved = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        return
    if isinstance(saved, dict):
        for name, entry in saved.items():
            if _well_formed(entry):
                _HASHES.setdefault(name, entry)


def _well_formed(entry: object) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 6
        and all(isinstance(x, int) for x in entry[:4] + entry[5:])
        and isinstance(entry[4], str)
    )


def save_hashes(root: Path | None) -> None:
    """Keep the hashes of the files used in this process for the next build, except those of
    files changed within RACY_NS of their hashing: an edit in the same clock tick would leave
    the same times behind."""
    if root is None:
        return
    trusted = {n: e for n, e in _HASHES.items() if n in _USED and max(e[1], e[2]) + RACY_NS < e[5]}
    tmp = root / f".{HASHES_FILE}.{os.getpid()}.tmp"
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            pickle.dump(trusted, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, root / HASHES_FILE)
    except OSError:  # only saves work next time
        tmp.unlink(missing_ok=True)


class Cache:
    """Get and put values by key; `hits` and `misses` count what this build reused."""

    def __init__(self, root: Path | None):
        self.root = root
        self.hits = 0
        self.misses = 0
        self._dirs: set[Path] = set()

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / "parts" / key[:2] / f"{key}.pickle"

    def get(self, key: str, second: bool = False) -> Any | None:
        """The value stored under key (with ``second``: the second of a `put` pair)."""
        if self.root is None:
            self.misses += 1
            return None
        try:
            with self._path(key).open("rb") as handle:
                value = pickle.load(handle)
                if second:
                    value = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any, second: Any = None) -> None:
        """Store value under key; a ``second`` value goes after it in the same file, so that
        `get(key)` reads only the (small) first one and `get(key, second=True)` both."""
        if self.root is None:
            return
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            with tmp.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                if second is not None:
                    pickle.dump(second, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            # The cache only saves work: a full disk or a read-only cache must not fail a build.
            tmp.unlink(missing_ok=True)

    def has(self, key: str) -> bool:
        return self.root is not None and self._path(key).is_file()
