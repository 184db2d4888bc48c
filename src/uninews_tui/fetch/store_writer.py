"""Group commit for a refresh: the writes of whichever sources are waiting go in one transaction.

A refresh stores each source's articles and fetch outcome as soon as it is
parsed. Committing them one source at a time made the full-text index flush
and later merge one small segment per source, and paid one transaction per
source even when nothing changed (a warm refresh of 300 sources: 300
commits). :class:`GroupWriter` runs one write job at a time in the store's
thread; the jobs that arrive meanwhile are written together next, in one
:meth:`Store.batch` transaction, each still all-or-nothing on its own (a
savepoint). Groups are bounded by their article count so the store's lock is
never held long: the reader shares it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uninews_tui.store import Store

GROUP_ARTICLES = 300
"""Articles per transaction at most (about 10 sources of 30; under 0.2 s of store work)."""


@dataclass
class _Job:
    write: Callable[[], Any]
    weight: int
    done: asyncio.Future[Any] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class GroupWriter:
    """Writes jobs in the store's thread, grouping the ones that wait into one transaction.

    Use as ``async with GroupWriter(store) as writer: await writer.write(job, weight=n)``;
    ``job`` runs in a worker thread inside the group's transaction and its
    result (or exception) is what ``write`` returns (or raises).
    """

    def __init__(self, store: Store, *, group_articles: int = GROUP_ARTICLES) -> None:
        self._store = store
        self._group_articles = max(1, group_articles)
        self._queue: asyncio.Queue[_Job | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> GroupWriter:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._queue.put_nowait(None)
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def write(self, job: Callable[[], Any], *, weight: int = 1) -> Any:
        """Run ``job`` (a function calling store methods) in the next group; returns its result."""
        queued = _Job(job, max(1, weight))
        self._queue.put_nowait(queued)
        return await queued.done

    async def _run(self) -> None:
        finished = False
        while not finished:
            first = await self._queue.get()
            if first is None:
                break
            group, weight = [first], first.weight
            while weight < self._group_articles and not self._queue.empty():
                job = self._queue.get_nowait()
                if job is None:
                    finished = True
                    break
                group.append(job)
                weight += job.weight
            try:
                outcomes = await asyncio.to_thread(self._write_group, group)
            except asyncio.CancelledError:
                for job in group:
                    job.done.cancel()
                raise
            for job, (result, error) in zip(group, outcomes, strict=True):
                if job.done.done():
                    continue
                if error is not None:
                    job.done.set_exception(error)
                else:
                    job.done.set_result(result)

    def _write_group(self, group: list[_Job]) -> list[tuple[Any, BaseException | None]]:
        """Every job of the group in one transaction; a failed commit fails them all."""
        outcomes: list[tuple[Any, BaseException | None]] = []
        try:
            with self._store.batch():
                for job in group:
                    try:
                        outcomes.append((job.write(), None))
                    except Exception as error:  # noqa: BLE001 - handed to the job's caller
                        outcomes.append((None, error))
        except Exception as error:  # noqa: BLE001 - the commit itself failed
            return [(None, error) for _ in group]
        return outcomes


__all__ = ["GROUP_ARTICLES", "GroupWriter"]
