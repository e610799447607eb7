"""A process-wide guard on network and file access, built on Python audit hooks (PEP 578).

Once installed, every `socket.connect`, `socket.getaddrinfo`, `urllib.Request` and `open`
event is checked: network access to a host outside the allowed hosts, and opening a file
outside the allowed roots, is recorded as a violation and (in `enforce` mode) refused with a
PermissionError. Tests use it to measure "no SSRF, no stray file reads" instead of assuming it.

Audit hooks cannot be removed, so the guard is installed once and switched on and off.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass
class Violation:
    event: str
    target: str


@dataclass
class Guard:
    """What is allowed, and what was seen outside it."""

    roots: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=lambda: set(LOOPBACK))
    enforce: bool = False
    active: bool = False
    violations: list[Violation] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow_root(self, path: str | os.PathLike) -> None:
        self.roots.append(os.path.realpath(os.fspath(path)))

    def _file_allowed(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(real == root or real.startswith(root + os.sep) for root in self.roots)

    def _record(self, event: str, target: str) -> None:
        with self._lock:
            self.violations.append(Violation(event, target))
        if self.enforce:
            raise PermissionError(f"reskg audit guard: {event} {target} is not allowed")

    def check(self, event: str, args: tuple) -> None:
        if not self.active:
            return
        if event == "open":
            path = args[0]
            if isinstance(path, int):
                return  # an already-open file descriptor
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if isinstance(path, str) and not self._file_allowed(path):
                self._record(event, path)
        elif event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple) and address and str(address[0]) not in self.hosts:
                self._record(event, str(address[0]))
        elif event == "socket.getaddrinfo":
            host = args[0]
            host = host.decode() if isinstance(host, bytes) else host
            if host is not None and str(host) not in self.hosts:
                self._record(event, str(host))
        elif event == "urllib.Request":
            url = str(args[0])
            host = urlsplit(url).hostname
            if urlsplit(url).scheme == "file" or host not in self.hosts:
                self._record(event, url)


_GUARD: Guard | None = None


def default_roots() -> list[str]:
    """Where Python and its packages legitimately read from, plus the temporary folder."""
    paths = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    paths |= {
        sys.prefix,
        sys.base_prefix,
        tempfile.gettempdir(),
        "/dev/null",
        "/dev/urandom",
        "/proc/self",
        "/etc/ssl",
        "/usr/share/zoneinfo",
        "/etc/mime.types",
        "/etc/localtime",
    }
    return sorted(os.path.realpath(p) for p in paths)


def install(roots: Iterable[str | os.PathLike] = (), *, enforce: bool = False) -> Guard:
    """Install the guard once (later calls add roots and return the same guard)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = Guard(enforce=enforce)
        for root in default_roots():
            _GUARD.allow_root(root)
        sys.addaudithook(lambda event, args: _GUARD.check(event, args))  # type: ignore[union-attr]
    for root in roots:
        _GUARD.allow_root(Path(root))
    _GUARD.enforce = enforce
    return _GUARD
