"""The project's errors and the exit codes they map to (see the CLI contract in the README)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA = 1  # the data or the query is wrong: validation failure, query error
EXIT_INPUT = 2  # unusable input or arguments: syntax error, missing file, unreachable endpoint


class ReskgError(Exception):
    """Base class: carries the exit code that the CLI should return."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(where + message)


class InputError(ReskgError):
    """An input file or argument cannot be used at all (exit 2)."""

    exit_code = EXIT_INPUT


class DataError(ReskgError):
    """The data or the query is well-formed but wrong (exit 1)."""

    exit_code = EXIT_DATA
