"""The reader's refresh in a process of its own, so the reader never shares its GIL or time slices with it.

In the reader's process, a refresh of 300 feeds took the GIL from the event
loop that answers keys: HTTP, orchestration and the store's Python work all
ran beside the paint (keys waited up to 125-137 ms; py-spy --gil: refresh and
store threads 39% of the process). Here the refresh runs in a child Python
started by ``multiprocessing`` (the "spawn" method: a fresh interpreter, not
a fork of the reader's threads) on the same database; the reader only reads
its messages. The child inherits the priority of the thread that starts it,
which the reader lowers (``tui/refreshing.py``).

Messages, child to parent, through a one-way pipe: ``("progress", (done,
total, source_id))`` per source, then ``("summary", RefreshSummary)`` or
``("error", line)``. Cancelling the awaiting task (the reader quits or
refreshes again) sends the child SIGTERM, which cancels its refresh so its
clean-up runs (parse workers, the refresh lock); SIGKILL after
:data:`STOP_GRACE_S`. The child side is :mod:`uninews_tui.fetch.refresh_child`.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uninews_tui.config_model import Config

if TYPE_CHECKING:
    from uninews_tui.fetch.refresh import ProgressCallback, RefreshSummary
    from uninews_tui.store import Store

STOP_GRACE_S = 5.0
"""How long a cancelled child may take to clean up before it is killed."""


@dataclass(frozen=True)
class RefreshRequest:
    """What the child refreshes, and how."""

    config: Config
    db_file: str
    source_ids: tuple[str, ...] | None
    force: bool


def process_refresher(db_file: Path) -> Callable[..., Awaitable[RefreshSummary]]:
    """A reader ``Refresher`` that runs ``locked_refresher(db_file)`` in a child process.

    The ``store`` argument is not used: the child opens ``db_file`` itself, and
    the reader's connection sees its commits (WAL). The reader's own Config is
    sent, so a source added in the reader a moment ago is refreshed too.
    """

    async def run(
        config: Config,
        store: Store,
        *,
        source_ids: Sequence[str] | None = None,
        progress: ProgressCallback | None = None,
        force: bool = True,
    ) -> RefreshSummary:
        request = RefreshRequest(config, str(db_file), tuple(source_ids) if source_ids else None, force)
        return await _run_child(request, progress)

    return run


def _start_child(request: RefreshRequest) -> tuple[BaseProcess, Connection]:
    from uninews_tui.fetch import refresh_child
    from uninews_tui.fetch.parse_pool import real_stdio

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon: a daemon may not start processes, and the child starts parse workers.
    child = context.Process(target=refresh_child.run, args=(request, sender), name="uninews-refresh")
    try:
        with real_stdio():
            child.start()
    finally:
        sender.close()
    return child, receiver


async def _messages(receiver: Connection) -> AsyncIterator[tuple[str, Any]]:
    """Each message the child sends, until it closes its end of the pipe."""
    loop = asyncio.get_running_loop()
    readable = asyncio.Event()
    loop.add_reader(receiver.fileno(), readable.set)
    try:
        while True:
            await readable.wait()
            readable.clear()
            while receiver.poll():
                try:
                    yield receiver.recv()
                except EOFError:
                    return
    finally:
        loop.remove_reader(receiver.fileno())


async def _run_child(request: RefreshRequest, progress: ProgressCallback | None) -> RefreshSummary:
    child, receiver = await asyncio.to_thread(_start_child, request)
    summary: RefreshSummary | None = None
    failure = ""
    try:
        async for kind, value in _messages(receiver):
            if kind == "progress" and progress is not None:
                progress(*value)
            elif kind == "summary":
                summary = value
            elif kind == "error":
                failure = value
        await asyncio.to_thread(child.join)
    except BaseException:
        await asyncio.shield(asyncio.to_thread(_stop, child))
        raise
    finally:
        receiver.close()
    if summary is None:
        raise RuntimeError(
            f"the refresh process ended without a summary: {failure or f'exit status {child.exitcode}'}"
        )
    return summary


def _stop(child: BaseProcess) -> None:
    """SIGTERM (the child cancels its refresh and cleans up), then SIGKILL after the grace period."""
    if child.exitcode is None:
        child.terminate()
        child.join(STOP_GRACE_S)
    if child.exitcode is None:
        child.kill()
        child.join()
