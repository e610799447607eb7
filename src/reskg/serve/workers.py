"""Query worker processes: each holds the graph and answers one query at a time over a pipe.

A query is stopped by killing its process (the only way to stop rdflib evaluation, which may
sit in a C call such as a backtracking regex); the pool in :mod:`reskg.serve.lanes` replaces it.
A worker can be started at a low CPU priority (niceness 19): the heavy lane's workers run so.
"""

from __future__ import annotations

import contextlib
import enum
import multiprocessing
import os
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from reskg.serve.query import QueryRequest, Reply

READY_TIMEOUT = 120.0
LOW_PRIORITY = 19
POLL = 0.05  # seconds between two looks at a running query's CPU time
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# Workers are forked from a fork server that has imported these once, so that starting a
# worker (at start-up, and after a query was stopped) costs little more than loading the data.
PRELOAD = ["rdflib", "reskg.sparql_guard", "reskg.load", "reskg.serve.query"]


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def _worker_main(conn: Connection, base: str, data_dir: str, niceness: int) -> None:
    """Body of a worker process: load the graph, then answer queries until the pipe closes."""
    if niceness:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, niceness)
    from reskg import sparql_guard  # sets rdflib's switches: no FROM fetching, no SERVICE
    from reskg.config import Settings
    from reskg.load import load_dataset, union_graph
    from reskg.serve.query import execute

    settings = Settings(base=base, data_dir=Path(data_dir))
    graph = union_graph(load_dataset(settings, Path(data_dir)))
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request.allow_service:  # only the server's own --allow-service sets it
            sparql_guard.permit_service()
        try:
            reply = execute(graph, request)
        except Exception as exc:  # execute handles errors; this is the last guard
            reply = Reply.error(500, f"query failed: {type(exc).__name__}")
        conn.send(reply)


class WorkerDied(Exception):
    pass


class Outcome(enum.Enum):
    """Why a call ended without a reply (the worker is then no longer usable)."""

    DEADLINE = "deadline"  # the query's time limit passed
    HEAVY = "heavy"  # the query used more CPU than the ordinary lane allows


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) used so far by a process, or None where /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, base: str, data_dir: Path, niceness: int = 0):
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, base, str(data_dir), niceness),
            daemon=True,
            name="reskg-query-worker",
        )
        self.process.start()
        child.close()
        self._kill_lock = threading.Lock()

    def wait_ready(self) -> None:
        try:
            ready = self.conn.poll(READY_TIMEOUT) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise WorkerDied("query worker did not start")

    def call(
        self, request: QueryRequest, deadline: float, cpu_budget: float | None
    ) -> Reply | Outcome:
        """Send one query and wait for its reply until ``deadline`` (time.monotonic()).

        With a ``cpu_budget`` (seconds), a query whose worker spends more CPU time than that
        ends with ``Outcome.HEAVY``. Wall time is the fallback measure where /proc is missing.
        After an Outcome the worker is still busy with the query: the caller kills it.
        """
        try:
            self.conn.send(request)
            started_wall = time.monotonic()
            started_cpu = cpu_seconds(self.process.pid) if cpu_budget is not None else None
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return Outcome.DEADLINE
                if self.conn.poll(min(POLL, left) if cpu_budget is not None else left):
                    return self.conn.recv()
                if cpu_budget is not None:
                    now = cpu_seconds(self.process.pid)
                    if started_cpu is not None and now is not None:
                        used = now - started_cpu
                    else:
                        used = time.monotonic() - started_wall
                    if used > cpu_budget:
                        return Outcome.HEAVY
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise WorkerDied(str(exc)) from exc

    def kill(self) -> None:
        """Stop the process and close the pipe; safe to call twice, from two threads (a
        request past its deadline and the server shutting down)."""
        with self._kill_lock:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
            with contextlib.suppress(OSError):  # already closed
                self.conn.close()
