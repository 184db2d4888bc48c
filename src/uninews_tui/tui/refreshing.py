"""The reader's background refresh: off the reader's loop, progress throttled.

A mixin of :class:`uninews_tui.app.UninewsApp`. The refresher runs on an
event loop of its own in a thread worker, so the reader's event loop only
paints and answers keys (worst wait 968 -> 528 ms when moved off it); the
reader's own refresher (``cli/launch.py``) goes further and runs the refresh
in a child process (:mod:`uninews_tui.fetch.refresh_process`), so it shares
no GIL with the reader either. Progress reaches the list's border at most a
few times a second: one repaint per source was a third of the reader's loop
time during a refresh.

On Linux the refresh's thread runs at a lower priority (:data:`BACKGROUND_NICE`),
and so do the threads and processes it starts: on a busy machine the
scheduler gives the reader's own thread the CPU first, so keys are answered
while the refresh waits (the same work, done when the CPU is free). A
refresh on start waits for the reader's first counts.

When a refresh ends, its summary shows at once but the list and counts are
read again only once keys have paused for :data:`RELOAD_PAUSE_S`: repainting
the whole screen for the new articles took 150-300 ms at 10k articles, which
landed between two key presses of someone moving through the list (and moved
the list under them).

Quitting (or a newer refresh) cancels the worker; the refresh's own loop
notices within :data:`CANCEL_POLL_S` and cancels the refresh task, so its
clean-up (parse workers, the refresh lock) runs before the thread ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App
from textual.worker import Worker, WorkerState, get_current_worker

from uninews_tui.config_model import Config
from uninews_tui.store import Store
from uninews_tui.tui import messages

if TYPE_CHECKING:
    from uninews_tui.fetch.refresh import RefreshSummary
    from uninews_tui.tui.screens.reader import ReaderScreen

Refresher = Callable[..., Awaitable["RefreshSummary"]]
"""``refresh(config, store, *, source_ids=None, progress=None, force=True) -> RefreshSummary``."""

PROGRESS_INTERVAL_S = 0.25
"""Shortest time between two progress updates on screen (the last one always shows)."""
CANCEL_POLL_S = 0.1
"""How often the refresh's loop checks whether the worker was cancelled."""
BACKGROUND_NICE = 10
"""How much lower the refresh's thread (and what it starts) is scheduled than the reader."""
RELOAD_PAUSE_S = 0.5
"""Keys must have paused this long before a finished refresh's articles are shown."""
PAUSE_POLL_S = 0.1
"""How often a finished refresh checks whether keys have paused."""
START_REFRESH_LATEST_S = 2.0
"""The refresh on start begins when the reader's first counts are shown, or this long after mounting."""

T = TypeVar("T")


class ProgressThrottle:
    """A ``progress(done, total, source_id)`` callback that posts at most every ``interval`` seconds."""

    def __init__(self, post: Callable[[messages.RefreshProgressed], object], interval: float) -> None:
        self._post = post
        self._interval = interval
        self._last = float("-inf")

    def __call__(self, done: int, total: int, source_id: str) -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= self._interval:
            self._last = now
            self._post(messages.RefreshProgressed(done, total, source_id))


def lower_thread_priority(step: int) -> None:
    """Linux: schedule this thread (and the threads and processes it starts) ``step`` nice levels lower.

    Elsewhere, or where the system refuses, nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + step)


def run_in_background(job: Callable[[], T]) -> T:
    """Run ``job`` in a thread of its own at a lower priority; return its result or raise its error.

    A thread of its own, because a lowered priority cannot be raised back
    without privileges: the worker's pooled thread must keep its own.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        lower_thread_priority(BACKGROUND_NICE)
        try:
            outcome["result"] = job()
        except BaseException as error:  # noqa: BLE001 - handed to the waiting worker below
            outcome["error"] = error

    thread = threading.Thread(target=target, name="uninews-refresh", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]


async def until_cancelled(worker: Worker[Any], job: Awaitable[T]) -> T | None:
    """Run ``job``; cancel it when ``worker`` is cancelled (then return None)."""
    task = asyncio.ensure_future(job)
    while not task.done():
        await asyncio.wait({task}, timeout=CANCEL_POLL_S)
        if worker.is_cancelled and not task.done():
            task.cancel()
    try:
        return task.result()
    except asyncio.CancelledError:
        return None


class Refreshing(App[None]):
    """Refresh in the background and report progress, summary and offline state."""

    store: Store
    config: Config
    refresher: Refresher | None
    offline: bool
    _last_key_at: float = float("-inf")
    _refresh_after_start: bool = False

    if TYPE_CHECKING:

        @property
        def reader(self) -> ReaderScreen: ...

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key_at = time.monotonic()
        await super().on_event(event)

    def _refresh_running(self) -> bool:
        return any(worker.group == "refresh" and worker.is_running for worker in self.workers)

    def refresh_after_start(self) -> None:
        """Refresh once the reader has drawn its list and counts, so its start has the CPU to itself.

        The counts are the last thing the reader reads when it starts; their
        message bubbles up from the reader screen to the app
        (:meth:`on_facets_loaded`). At most :data:`START_REFRESH_LATEST_S` later either way.
        """
        self._refresh_after_start = True
        self.set_timer(START_REFRESH_LATEST_S, self._start_refresh_after_start)

    def on_facets_loaded(self, message: messages.FacetsLoaded) -> None:
        self._start_refresh_after_start()

    def _start_refresh_after_start(self) -> None:
        if self._refresh_after_start:
            self._refresh_after_start = False
            self.refresh_sources()

    def _scheduled_refresh(self) -> None:
        if not self._refresh_running():
            self.refresh_sources(force=False)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def refresh_sources(self, source_ids: Sequence[str] | None = None, *, force: bool = True) -> None:
        """Refresh in the background; progress and the summary arrive as messages."""
        worker = get_current_worker()
        refresher = self.refresher
        if refresher is None:
            from uninews_tui.fetch.refresh import refresh

            refresher = refresh
        total = len([s for s in self.config.enabled_sources if source_ids is None or s.id in source_ids])
        self.post_message(messages.RefreshProgressed(0, total, ""))
        progress = ProgressThrottle(self.post_message, PROGRESS_INTERVAL_S)

        def run() -> RefreshSummary | None:
            job = refresher(self.config, self.store, source_ids=source_ids, progress=progress, force=force)
            return asyncio.run(until_cancelled(worker, job))

        summary = run_in_background(run)
        if summary is not None and not worker.is_cancelled:
            self.post_message(messages.RefreshFinished(summary))

    def start_refresh(self, source_ids: Sequence[str] | None = None) -> None:
        """Refresh unless one is already running (a second one would cancel it half-way)."""
        if self._refresh_running():
            self.notify("A refresh is already running", timeout=2)
        else:
            self.refresh_sources(source_ids)

    def on_refresh_requested(self, message: messages.RefreshRequested) -> None:
        self.start_refresh(message.source_ids)

    def on_refresh_progressed(self, message: messages.RefreshProgressed) -> None:
        self.reader.set_refresh_note(f"⟳ refreshing: {message.done}/{message.total} sources")

    def on_refresh_finished(self, message: messages.RefreshFinished) -> None:
        summary = message.summary
        self.offline = (
            bool(summary.offline) and summary.failed > 0 and summary.fetched + summary.not_modified == 0
        )
        if self.offline:
            self.reader.set_refresh_note("")
            self.reader.set_status("offline: reading from the cache")
        else:
            self.reader.set_refresh_note(f"Refreshed: {summary.new_articles} new articles")
        self._show_refreshed_when_keys_pause(summary)

    def _show_refreshed_when_keys_pause(self, summary: RefreshSummary) -> None:
        """Notify, and read the list, counts and sources again, once keys pause (:data:`RELOAD_PAUSE_S`).

        The list's border said it at once; a notification is a widget mounted
        on the screen, with a layout of its own (60-120 ms), so it waits too.
        """
        wait = self._last_key_at + RELOAD_PAUSE_S - time.monotonic()
        if wait > 0:
            self.set_timer(min(wait, PAUSE_POLL_S), lambda: self._show_refreshed_when_keys_pause(summary))
            return
        if self.offline:
            self.notify(
                f"Offline: no source could be reached ({summary.failed}); showing cached articles",
                severity="warning",
                markup=False,
            )
        else:
            self.reader.set_refresh_note("")
            self.reader.set_status("")  # e.g. the last refresh's "offline"
            self.notify(f"Refreshed: {summary.new_articles} new articles", timeout=4)
            if summary.failed:
                self.notify(f"{summary.failed} sources failed; press S for details", severity="warning")
            elif summary.errors:  # e.g. another refresh holds the lock
                self.notify(summary.errors[0][1], severity="warning", markup=False)
        self.reader.reload()
        sources_module = sys.modules.get("uninews_tui.tui.screens.sources")  # not loaded: not on screen
        if sources_module is not None and isinstance(self.screen, sources_module.SourcesScreen):
            self.screen.load_sources()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            if event.worker.group == "refresh":
                self.reader.set_refresh_note("")
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error", markup=False)
