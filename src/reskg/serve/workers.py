"""A pool of query worker processes: each holds the graph; a query past the time limit is
stopped by killing its process, which is then replaced, so the server keeps answering."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from multiprocessing.connection import Connection
from pathlib import Path

import anyio.to_thread

from reskg.serve.query import QueryRequest, Reply

log = logging.getLogger("reskg.serve")
READY_TIMEOUT = 120.0
DEMOTE_AFTER = 0.5  # seconds: a query running longer yields the CPU to short ones
LOW_PRIORITY = 19


def _worker_main(conn: Connection, base: str, data_dir: str) -> None:
    """Body of a worker process: load the graph, then answer queries until the pipe closes."""
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


class QueryTimeout(Exception):
    pass


class WorkerDied(Exception):
    pass


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, base: str, data_dir: Path):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, base, str(data_dir)),
            daemon=True,
            name="reskg-query-worker",
        )
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        if not self.conn.poll(READY_TIMEOUT) or self.conn.recv() != "ready":
            self.kill()
            raise WorkerDied("query worker did not start")

    def call(self, request: QueryRequest, timeout: float) -> Reply:
        """Send one query; a query still running after DEMOTE_AFTER runs at low CPU priority,
        so that a few expensive queries cannot starve the short ones of the CPU."""
        try:
            self.conn.send(request)
            if not self.conn.poll(min(DEMOTE_AFTER, timeout)):
                self._set_priority(LOW_PRIORITY)
                if not self.conn.poll(max(0.0, timeout - DEMOTE_AFTER)):
                    raise QueryTimeout
                self._set_priority(0)
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise WorkerDied(str(exc)) from exc

    def _set_priority(self, niceness: int) -> None:
        with contextlib.suppress(OSError):  # raising priority back needs privileges
            os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """N workers; a request takes an idle one, waiting at most the time limit for it."""

    def __init__(self, base: str, data_dir: Path, size: int, time_limit: float):
        self.base = base
        self.data_dir = data_dir
        self.size = size
        self.time_limit = time_limit
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()

    def _spawn(self) -> Worker:
        worker = Worker(self.base, self.data_dir)
        self.all.add(worker)
        worker.wait_ready()
        return worker

    async def start(self) -> None:
        workers = await asyncio.gather(
            *(anyio.to_thread.run_sync(self._spawn) for _ in range(self.size))
        )
        for w in workers:
            self.idle.put_nowait(w)

    async def _replace(self, dead: Worker) -> None:
        self.all.discard(dead)
        await anyio.to_thread.run_sync(dead.kill)
        try:
            self.idle.put_nowait(await anyio.to_thread.run_sync(self._spawn))
        except WorkerDied:
            log.error("could not restart a query worker")

    async def run(self, request: QueryRequest) -> Reply:
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout=self.time_limit + 30)
        except TimeoutError:
            return Reply.error(503, "the endpoint is busy; try again later")
        try:
            reply = await anyio.to_thread.run_sync(worker.call, request, self.time_limit)
        except QueryTimeout:
            asyncio.get_running_loop().create_task(self._replace(worker))
            return Reply.error(
                503, f"query stopped: it ran past the time limit of {self.time_limit:g} s"
            )
        except WorkerDied:
            asyncio.get_running_loop().create_task(self._replace(worker))
            return Reply.error(503, "the query worker stopped; try again")
        self.idle.put_nowait(worker)
        return reply

    def close(self) -> None:
        for worker in list(self.all):
            worker.kill()
        self.all.clear()
