"""A content-addressed cache of build parts, kept beside the output folder (`.reskg-cache/`).

Entries are pickles named by the hash of their inputs; each is written to a temporary file and
renamed into place, so an interrupted or failed build never leaves a torn entry behind.
"""

from __future__ import annotations

import hashlib
import os
import pickle
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


_HASHES: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """The SHA-256 of a file, read once per process while its size and mtime stay the same."""
    info = path.stat()
    key = (str(path.absolute()), info.st_mtime_ns, info.st_size)
    found = _HASHES.get(key)
    if found is None:
        found = _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


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
