"""The process pool behind the service, with admission control.

* **Bounded:** at most ``capacity`` jobs (one running per worker plus a waiting queue) are
  admitted at once.  A request is admitted *before* its body is read, so an overload is turned
  away with 503 and ``Retry-After`` without the server buffering a single upload for it: memory
  stays flat however many clients push.
* **Never blocking the loop:** jobs are submitted to a :class:`ProcessPoolExecutor` and awaited
  as asyncio futures.  A slot is released when the *worker* is done, not when the client got its
  answer: a job that ran into the time limit still holds its worker until the worker's own alarm
  stops it, and the queue must count it.
* **Time limit:** the worker stops a job at the limit (``SIGALRM``, as the command line does) and
  answers 504 itself; the loop waits a little longer (:data:`GRACE`) and answers 504 on its own if
  the worker is stuck in C code that the alarm cannot interrupt.
* **Crashes:** a worker that dies (killed, out of memory) breaks the pool; the jobs in flight fail
  with 500, a new pool is started and the service goes on.
* **Start method:** ``forkserver`` (clean children even though the server has threads), with the
  worker module preloaded so each child starts quickly.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from . import worker
from .config import ServeConfig

log = logging.getLogger("baomi_check.serve")

GRACE = 2.0
"""Seconds the loop waits past the time limit for the worker's own 504."""
HARD_KILL = 30.0
"""Seconds after the 504 at which a worker still busy with the job is killed: something (C code
that never returns to Python, where the alarm could act) holds it, and with it a queue slot.
Killing breaks the pool; the jobs in flight get 500 and a new pool starts."""

T = TypeVar("T")


class Overloaded(Exception):
    """The queue is full: answer 503 with ``Retry-After``."""


class JobTimeout(Exception):
    """The worker did not answer within the time limit plus :data:`GRACE`."""


class WorkerDied(Exception):
    """The worker running the job exited (the pool is restarted)."""


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["baomi_check.serve.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


class JobPool:
    """Admission counter + process pool.  The counter has a lock because slots are given back
    from the executor's own thread, the moment a worker finishes (not when some event loop next
    runs: the loop that submitted a job may be gone by then)."""

    def __init__(self, cfg: ServeConfig) -> None:
        self.cfg = cfg
        self.capacity = cfg.capacity
        self.admitted = 0
        self._lock = threading.Lock()
        self.ready = False
        self.closing = False
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0
        self.restarts = 0
        self.killed = 0
        self.hard_kill = HARD_KILL
        self._watchdogs: set[asyncio.Task[None]] = set()
        self.rules_json: bytes = b"{}"

    # --- life cycle ---------------------------------------------------------------------------

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.cfg.workers,
            mp_context=_context(),
            initializer=worker.init_worker,
            initargs=(self.cfg,),
        )

    async def start(self) -> None:
        """Start the workers and wait until every one has built its checker (``/readyz``)."""
        self.closing = False  # a lifespan may run again after a stop (test clients do)
        self._pool = self._new_pool()
        pool = self._pool
        warm = [asyncio.wrap_future(pool.submit(worker.job_ping)) for _ in range(self.cfg.workers)]
        await asyncio.gather(*warm)
        self.rules_json = await asyncio.wrap_future(pool.submit(worker.job_rules))
        self.ready = True
        log.info("check workers ready: %d processes, queue %d", self.cfg.workers,
                 self.capacity - self.cfg.workers)  # fmt: skip

    async def stop(self) -> None:
        """Finish what was admitted, then stop the workers (graceful shutdown)."""
        self.closing = True
        self.ready = False
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.get_running_loop().run_in_executor(None, pool.shutdown, True)

    # --- admission --------------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """Admitted jobs beyond one per worker: the queue depth."""
        return max(0, self.admitted - self.cfg.workers)

    def acquire(self) -> None:
        """Take a slot or raise :class:`Overloaded` (the caller answers 503)."""
        with self._lock:
            if self.closing or self.admitted >= self.capacity:
                raise Overloaded
            self.admitted += 1

    def release(self) -> None:
        with self._lock:
            self.admitted = max(0, self.admitted - 1)

    # --- running ----------------------------------------------------------------------------

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._pool is None:
            raise WorkerDied("检查进程池未启动")
        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool:
            self._restart(self._generation)
            assert self._pool is not None
            return self._pool.submit(fn, *args)

    async def _watchdog(self, fut: Future[Any], generation: int) -> None:
        """Kill the workers if a job outlives its 504 by :data:`HARD_KILL` seconds."""
        try:
            await asyncio.wait_for(asyncio.shield(_wrapped(fut)), self.hard_kill)
        except asyncio.TimeoutError:
            if generation == self._generation and not fut.done() and self._pool is not None:
                log.error("a check worker ignored the time limit; killing the pool's workers")
                self.killed += 1
                for proc in list(getattr(self._pool, "_processes", {}).values()):
                    proc.kill()
        except Exception:  # the job failed or the pool broke meanwhile: nothing to do
            pass

    def _restart(self, generation: int) -> None:
        """Replace a broken pool once per breakage (several jobs notice the same one)."""
        if generation != self._generation or self.closing:
            return
        self._generation += 1
        self.restarts += 1
        old, self._pool = self._pool, self._new_pool()
        log.error("a check worker died; the pool was restarted (%d so far)", self.restarts)
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` in a worker, holding a slot taken with :meth:`acquire` until the
        worker is done with it.  Raises :class:`JobTimeout` or :class:`WorkerDied`."""
        generation = self._generation
        try:
            fut = self._submit(fn, *args)
        except BaseException:
            self.release()
            raise
        fut.add_done_callback(lambda _f: self.release())
        limit = self.cfg.time_limit + GRACE if self.cfg.time_limit else None
        try:
            return await asyncio.wait_for(asyncio.shield(_wrapped(fut)), limit)
        except asyncio.TimeoutError:
            task = asyncio.get_running_loop().create_task(self._watchdog(fut, generation))
            self._watchdogs.add(task)
            task.add_done_callback(self._watchdogs.discard)
            raise JobTimeout from None
        except BrokenProcessPool as exc:
            self._restart(generation)
            raise WorkerDied(str(exc) or "检查进程异常退出") from exc


def _wrapped(fut: Future[T]) -> asyncio.Future[T]:
    """``fut`` as an asyncio future whose outcome counts as retrieved: the waiter may have
    given up (a 504) before a dying pool sets an exception on it."""
    wrapped = asyncio.wrap_future(fut)
    wrapped.add_done_callback(lambda f: f.cancelled() or f.exception())
    return wrapped
