"""A progress bar on stderr for long steps: only on a terminal, never in CI or with --quiet."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def silent(_step: str, _done: int, _total: int) -> None:
    """No progress output."""


def terminal_progress(quiet: bool = False) -> Progress:
    """A bar when stderr is a terminal (and not in CI, not quiet); otherwise silent."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return silent

    def show(step: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{step:<12} [{bar}] {done}/{total}{end}")
        sys.stderr.flush()

    return show
