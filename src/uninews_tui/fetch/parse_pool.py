"""Parsing fetched bodies in worker processes, so a large refresh uses a second core.

A refresh is CPU-bound in one Python process: HTTP, parsing and the store's
writes (with their full-text indexing) all want the GIL. Parsing is the part
that needs nothing but the body, so :class:`ParsePool` sends the raw bytes to
a small ``ProcessPoolExecutor`` (the ``forkserver`` method: no fork of a
process that already runs threads) and gets a picklable ``ParsedFeed`` back.

Starting the workers costs about 0.2 s of CPU, so the pool only starts for
refreshes of :data:`MIN_SOURCES` sources or more; smaller ones parse in a
thread as before. A pool that breaks (a worker killed) falls back to threads
for the rest of the refresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

MIN_SOURCES = 24
"""Refreshes of fewer due sources parse in threads (starting processes would cost more)."""
WORKERS = 2

T = TypeVar("T")


PRELOAD = (
    "uninews_tui.parse.feeds",
    "uninews_tui.parse.listing",
    "uninews_tui.fetch.sources",
    "uninews_tui.store.index_forms",
)


def _warm_up(refresh_pid: int | None = None) -> None:
    """Prepare a worker: Ctrl+C is the parent's business; import the parsers (if not preloaded).

    ``refresh_pid`` is the process that owns the pool: a watchdog thread ends the
    worker when that process is gone. A ``kill -9`` of a refresh leaves no one to
    shut the pool down, and the workers (holding the forkserver's lifeline) would
    otherwise stay forever, with the forkserver and the resource tracker.
    """
    import importlib
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if refresh_pid is not None:
        threading.Thread(target=_exit_with, args=(refresh_pid,), daemon=True).start()
    for name in PRELOAD:
        importlib.import_module(name)


def _ready() -> bool:
    """A no-op task: its result means a worker is up and has imported the parsers."""
    return True


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (not Linux): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _exit_with(pid: int, every_s: float = 0.5) -> None:
    import time

    while _alive(pid):
        time.sleep(every_s)
    os._exit(0)


WATCH_S = 1.0
"""How often a waiting task checks that every worker is still alive."""


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark a task's outcome as seen (an abandoned task's error is expected, not news)."""
    if not future.cancelled():
        future.exception()


def _workers(executor: Executor) -> list[multiprocessing.process.BaseProcess]:
    """The executor's worker processes (none once it has shut down)."""
    return list((getattr(executor, "_processes", None) or {}).values())


def _lost_a_worker(executor: Executor) -> bool:
    return any(not process.is_alive() for process in _workers(executor))


@contextlib.contextmanager
def real_stdio() -> Iterator[None]:
    """``sys.stdout``/``sys.stderr`` set back to the process's own streams meanwhile.

    Under the reader, Textual has replaced them with objects whose ``fileno()``
    is not a file descriptor, and multiprocessing passes ``sys.stderr.fileno()``
    to the processes it starts: every parse failed with "bad value(s) in
    fds_to_keep". Wrap anything that starts a process.
    """
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _start_forkserver() -> None:
    """Start the fork server (once per process) with the real stdio streams in place."""
    from multiprocessing import forkserver

    with real_stdio():
        forkserver.ensure_running()


class ParsePool:
    """Runs parse functions in worker processes (created on first use); threads when disabled."""

    def __init__(self, workers: int | None = None, *, enabled: bool = True) -> None:
        self.workers = workers or max(1, min(WORKERS, os.cpu_count() or 1))
        self.enabled = enabled
        self._executor: Executor | None = None
        self._starting = asyncio.Lock()

    def _get_executor(self) -> Executor | None:
        if not self.enabled:
            return None
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            # The server imports the parsers once and forks workers from that; the default
            # preload is the ``__main__`` script (the command line or the reader), not needed.
            context.set_forkserver_preload(list(PRELOAD))
            try:
                _start_forkserver()
            except (OSError, ValueError):  # no worker processes here: parse in threads
                self.enabled = False
                return None
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_warm_up, initargs=(os.getpid(),)
            )
        return self._executor

    async def _ready_executor(self) -> Executor | None:
        """The executor with its workers started, started in a thread on first use.

        Starting means spawning the fork server (which imports the parsers) and
        forking the workers, each a blocking wait on a socket: done on the event
        loop it froze the reader for over a second at the start of a refresh.
        """
        if self._executor is None and self.enabled:
            async with self._starting:
                if self._executor is None and self.enabled:
                    await asyncio.to_thread(self._start_workers)
        return self._executor if self.enabled else None

    def _start_workers(self) -> None:
        executor = self._get_executor()
        if executor is not None:
            for started in [executor.submit(_ready) for _ in range(self.workers)]:
                started.result()

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` in a worker process (both must pickle), else in a thread."""
        try:
            executor = await self._ready_executor()
        except BrokenProcessPool:
            self.enabled = False
            executor = None
        if executor is None:
            return await asyncio.to_thread(function, *args)
        try:
            future = asyncio.get_running_loop().run_in_executor(executor, function, *args)  # may raise
            future.add_done_callback(_retrieve)
            while True:
                done, _ = await asyncio.wait({future}, timeout=WATCH_S)
                if done:
                    return future.result()
                if _lost_a_worker(executor):
                    self._abandon(executor)
                    raise BrokenProcessPool("a parse worker died")
        except BrokenProcessPool:
            self.enabled = False
            return await asyncio.to_thread(function, *args)

    def _abandon(self, executor: Executor) -> None:
        """Give up a pool that lost a worker, without hanging now or at exit.

        A worker killed while sending its result (the OOM killer, say) leaves
        half a message in the result pipe: the executor's manager thread then
        waits for the rest forever, never marks the pool broken, and is joined
        at interpreter exit, so the refresh would never end. Killing the other
        workers and closing our own end of that pipe gives the thread its EOF.
        """
        for process in _workers(executor):
            process.kill()
        writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
        if writer is not None:
            writer.close()
        executor.shutdown(wait=False, cancel_futures=True)
        if self._executor is executor:
            self._executor = None
        self.enabled = False

    def close(self) -> None:
        """Stop the workers without waiting for queued work (the refresh is over)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
