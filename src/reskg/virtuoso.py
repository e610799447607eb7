"""A throwaway OpenLink Virtuoso server on loopback, for the tests and the benchmarks.

It needs only the ``virtuoso-t`` binary (Debian: ``virtuoso-opensource-7-bin``). The server gets
a fresh database in a temporary folder, binds 127.0.0.1 on two free ports, runs in its own
process group and is stopped (the whole group) by :meth:`Virtuoso.stop`. A fresh database has
the user ``dba`` with password ``dba``.

Endpoints, once started: ``query_url`` (``/sparql``, anonymous, read-only), ``update_url``
(``/sparql-auth``, HTTP Digest) and ``gsp_url`` (``/sparql-graph-crud-auth``, HTTP Digest).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BINARY = "virtuoso-t"
ISQL = "isql-vt"

_INI = """\
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0

[TempDatabase]
DatabaseFile       = virtuoso-temp.db
TransactionFile    = virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 60
CaseMode           = 2
DirsAllowed        = .
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
MaxQueryMem        = 256M

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = .
ServerThreads      = 10
MaxClientConnections = 10
Charset            = UTF-8

[SPARQL]
ResultSetMaxRows   = 100000
MaxQueryExecutionTime = 60
"""


def binary() -> str | None:
    """The path of virtuoso-t, or None when it is not installed."""
    return shutil.which(BINARY)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Virtuoso:
    """One throwaway server: ``Virtuoso().start()`` ... ``stop()``, or a context manager."""

    user = "dba"
    password = "dba"

    def __init__(self, workdir: Path | None = None):
        found = binary()
        if not found:
            raise RuntimeError(f"{BINARY} not found: apt-get install virtuoso-opensource-7-bin")
        self.binary = found
        self._own_dir = workdir is None
        self.dbdir = Path(workdir or tempfile.mkdtemp(prefix="reskg-virtuoso-"))
        self.dbdir.mkdir(parents=True, exist_ok=True)
        self.sql_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.proc: subprocess.Popen | None = None
        self.startup_seconds: float | None = None

    # -- endpoints ---------------------------------------------------------------------------
    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    # -- life cycle --------------------------------------------------------------------------
    def start(self, timeout: float = 60.0) -> Virtuoso:
        (self.dbdir / "virtuoso.ini").write_text(
            _INI.format(sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8"
        )
        self._out = (self.dbdir / "stdout.log").open("wb")
        started = time.monotonic()
        self.proc = subprocess.Popen(
            [self.binary, "+configfile", "virtuoso.ini", "+foreground"],
            cwd=self.dbdir,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        probe = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                log = self.log_tail()
                self.stop()
                raise RuntimeError(f"{BINARY} exited early (code {self.proc.returncode}):\n{log}")
            # Our own log must say so: a bare HTTP probe could reach a stranger on the port.
            if "Server online at" in self.log_tail(10_000):
                try:
                    with urllib.request.urlopen(probe, timeout=2) as response:
                        if response.status == 200:
                            self.startup_seconds = time.monotonic() - started
                            return self
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.05)
        log = self.log_tail()
        self.stop()
        raise RuntimeError(f"Virtuoso not ready after {timeout:.0f} s:\n{log}")

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server's whole process group and remove the database folder."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if getattr(self, "_out", None) is not None:
            self._out.close()
            self._out = None
        if self._own_dir:
            shutil.rmtree(self.dbdir, ignore_errors=True)

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- helpers -----------------------------------------------------------------------------
    def log_tail(self, lines: int = 30) -> str:
        try:
            with (self.dbdir / "virtuoso.log").open(errors="replace") as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return ""

    def isql(self, sql: str, user: str = "dba", password: str = "dba") -> str:
        """Run SQL through isql-vt; raise on any error (isql itself exits 0 on SQL errors)."""
        isql = shutil.which(ISQL)
        if not isql:
            raise RuntimeError(f"{ISQL} not found")
        out = subprocess.run(
            [isql, f"127.0.0.1:{self.sql_port}", user, password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        text = out.stdout + out.stderr
        if out.returncode != 0 or "*** Error" in text:
            raise RuntimeError(f"isql failed (rc={out.returncode}): {text}")
        return text
