"""The child side of :mod:`uninews_tui.fetch.refresh_process`: one locked refresh, reported through a pipe.

:func:`run` is the child process's target. It points its stdout and stderr at
the null device first (they are the reader's terminal, which Textual draws
on), runs the same locked refresh the reader ran in its own process, and
sends progress, then the summary or one line saying what went wrong.

It stops early, cleaning up as a cancelled refresh does (parse workers, the
refresh lock), on SIGTERM (the reader cancelled it) and when the reader's
process is gone (nobody is left to show the result).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from uninews_tui.errors import UninewsError
from uninews_tui.fetch.refresh_process import RefreshRequest

THREADS_GRACE_S = 10.0
"""How long the child waits for its own threads before it ends."""


def run(request: RefreshRequest, sender: Connection) -> None:
    """The child process: refresh, then send ``("summary", summary)`` or ``("error", line)``."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        outcome: tuple[str, Any] = ("summary", asyncio.run(_refresh(request, sender)))
    except asyncio.CancelledError:
        outcome = ("error", "cancelled")
    except UninewsError as error:
        outcome = ("error", f"uninews: {error}")
    except Exception as error:  # noqa: BLE001 - one line for the reader's notification, not a traceback
        outcome = ("error", f"uninews: the refresh failed: {type(error).__name__}: {error}")
    with contextlib.suppress(OSError):  # the reader is gone
        sender.send(outcome)
    sender.close()
    _join_own_threads(THREADS_GRACE_S)


def _join_own_threads(timeout_s: float) -> None:
    """Let this process's threads finish (the parse pool's manager stopping its workers).

    multiprocessing ends a child by joining the child's own child processes
    right after its target returns, before the interpreter's shutdown joins
    threads: a pool shut down a moment earlier then waited forever, its
    workers never sent their stop (seen after a cancelled refresh).
    """
    deadline = time.monotonic() + timeout_s
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))


async def _refresh(request: RefreshRequest, sender: Connection) -> Any:
    from uninews_tui.fetch.refresh import locked_refresher
    from uninews_tui.store import Store

    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    _cancel_when_parent_exits(loop, task)

    def progress(done: int, total: int, source_id: str) -> None:
        try:
            sender.send(("progress", (done, total, source_id)))
        except OSError:
            task.cancel()  # the reader is gone

    db_file = Path(request.db_file)
    with Store.open(db_file) as store:
        return await locked_refresher(db_file)(
            request.config, store, source_ids=request.source_ids, force=request.force, progress=progress
        )


def _cancel_when_parent_exits(loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any]) -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        with contextlib.suppress(RuntimeError):  # the loop has already finished
            loop.call_soon_threadsafe(task.cancel)

    threading.Thread(target=watch, name="uninews-refresh-parent-watch", daemon=True).start()
