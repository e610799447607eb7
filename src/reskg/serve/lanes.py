"""Two lanes of query workers, so that expensive queries cannot slow down ordinary ones.

Every query starts in the **ordinary lane** (``workers`` processes at normal CPU priority).
A query that uses more than ``heavy_after`` seconds of CPU there is stopped (its process is
killed and replaced, which is cheap: workers are forked from a fork server that has the
libraries loaded) and run again from the start in the **heavy lane**: a few processes
(``heavy_workers``) at CPU niceness 19, so they only get CPU time that ordinary queries leave.
The query's text is remembered for ``remember`` seconds, so that sending it again goes straight
to the heavy lane without costing the ordinary lane anything. At most ``heavy_queue`` queries
wait for a heavy worker; more are refused at once with ``503`` and ``Retry-After``. The time
limit counts from the moment an ordinary worker takes the query, across both lanes (waiting
for an ordinary worker does not count: under overload, queueing must not turn into timeouts).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread

from reskg.serve.query import QueryRequest, Reply
from reskg.serve.workers import LOW_PRIORITY, Outcome, Worker, WorkerDied

log = logging.getLogger("reskg.serve")


@dataclass(frozen=True)
class LaneLimits:
    """How queries are split between the lanes (documented in docs/publishing.md)."""

    heavy_after: float = 0.5  # CPU seconds a query may use in the ordinary lane
    heavy_workers: int = 2  # heavy queries that run at once (niceness 19)
    heavy_queue: int = 8  # heavy queries that may wait for a heavy worker
    retry_after: int = 10  # seconds, sent with a 503 when the heavy lane is full
    remember: float = 300.0  # seconds a query's text stays known as heavy
    remember_max: int = 1024  # texts remembered at most


class _Lane:
    """A fixed number of workers at one CPU priority; a dead one is replaced."""

    def __init__(self, base: str, data_dir: Path, size: int, niceness: int):
        self.base, self.data_dir, self.size, self.niceness = base, data_dir, size, niceness
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()
        self.closed = False

    def _spawn(self) -> Worker:
        worker = Worker(self.base, self.data_dir, self.niceness)
        self.all.add(worker)
        worker.wait_ready()
        return worker

    async def start(self) -> None:
        workers = await asyncio.gather(
            *(anyio.to_thread.run_sync(self._spawn) for _ in range(self.size))
        )
        for w in workers:
            self.idle.put_nowait(w)

    async def take(self, timeout: float) -> Worker | None:
        try:
            return await asyncio.wait_for(self.idle.get(), timeout=max(timeout, 0.0))
        except TimeoutError:
            return None

    def give(self, worker: Worker) -> None:
        self.idle.put_nowait(worker)

    def replace(self, dead: Worker) -> None:
        """Kill ``dead`` and start its successor, in the background."""
        asyncio.get_running_loop().create_task(self._replace(dead))

    async def _replace(self, dead: Worker) -> None:
        self.all.discard(dead)
        await anyio.to_thread.run_sync(dead.kill)
        try:
            self.give(await anyio.to_thread.run_sync(self._spawn))
        except WorkerDied:
            if not self.closed:  # (a worker starting while the server stops is killed)
                log.error("could not restart a query worker")

    def close(self) -> None:
        self.closed = True
        for worker in list(self.all):
            worker.kill()
        self.all.clear()


class WorkerPool:
    """The ordinary and the heavy lane, and the texts of queries known to be heavy."""

    def __init__(
        self,
        base: str,
        data_dir: Path,
        size: int,
        time_limit: float,
        limits: LaneLimits | None = None,
    ):
        self.time_limit = time_limit
        self.limits = limits or LaneLimits()
        self.ordinary = _Lane(base, data_dir, size, 0)
        self.heavy = _Lane(base, data_dir, self.limits.heavy_workers, LOW_PRIORITY)
        self.known: OrderedDict[bytes, float] = OrderedDict()  # hash of a query text -> when
        self.waiting = 0  # queries waiting for a heavy worker

    async def start(self) -> None:
        await asyncio.gather(self.ordinary.start(), self.heavy.start())

    def close(self) -> None:
        self.ordinary.close()
        self.heavy.close()

    def _stopped(self) -> Reply:
        return Reply.error(
            503, f"query stopped: it ran past the time limit of {self.time_limit:g} s"
        )

    async def run(self, request: QueryRequest) -> Reply:
        if self.knows_heavy(request.query):
            return await self._run_heavy(request, time.monotonic() + self.time_limit)
        worker = await self.ordinary.take(self.time_limit + 30)
        if worker is None:
            return Reply.error(503, "the endpoint is busy; try again later", 5)
        deadline = time.monotonic() + self.time_limit
        result = await self._call(self.ordinary, worker, request, deadline, True)
        if isinstance(result, Reply):
            return result
        self._remember(request.query)
        if result is Outcome.DEADLINE:  # (only when the CPU is so busy that the budget is
            return self._stopped()  # not spent within the time limit)
        return await self._run_heavy(request, deadline)

    async def _run_heavy(self, request: QueryRequest, deadline: float) -> Reply:
        if self.waiting - self.heavy.idle.qsize() >= self.limits.heavy_queue:
            return Reply.error(
                503,
                "too many long-running queries; try again later",
                self.limits.retry_after,
            )
        self.waiting += 1
        try:
            worker = await self.heavy.take(deadline - time.monotonic())
        finally:
            self.waiting -= 1
        if worker is None:
            return self._stopped()
        result = await self._call(self.heavy, worker, request, deadline, False)
        return result if isinstance(result, Reply) else self._stopped()

    async def _call(
        self, lane: _Lane, worker: Worker, request: QueryRequest, deadline: float, budget: bool
    ) -> Reply | Outcome:
        """Run the query on ``worker``: its reply, or why it was stopped (worker replaced)."""
        cpu_budget = self.limits.heavy_after if budget else None
        try:
            result = await anyio.to_thread.run_sync(worker.call, request, deadline, cpu_budget)
        except WorkerDied:
            lane.replace(worker)
            return Reply.error(503, "the query worker stopped; try again")
        if isinstance(result, Reply):
            lane.give(worker)
        else:
            lane.replace(worker)
        return result

    def knows_heavy(self, query: str) -> bool:
        key = _text_key(query)
        since = self.known.get(key)
        if since is None:
            return False
        if time.monotonic() - since > self.limits.remember:
            del self.known[key]
            return False
        return True

    def _remember(self, query: str) -> None:
        key = _text_key(query)
        self.known[key] = time.monotonic()
        self.known.move_to_end(key)
        while len(self.known) > self.limits.remember_max:
            with contextlib.suppress(KeyError):
                self.known.popitem(last=False)


def _text_key(query: str) -> bytes:
    """A query text's digest: remembering 1,024 texts of up to 1 MiB each would cost 1 GiB."""
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).digest()
