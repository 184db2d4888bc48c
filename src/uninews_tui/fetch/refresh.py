"""Refresh orchestration: fetch every due source, parse it, store it, fill in full text.

One source's failure never stops the others: each source runs in its own task
and its outcome (ok, unchanged, failed, waiting) is recorded in the store.
Parsing runs off the event loop; each source's batch is written all-or-nothing,
with the sources that wait meanwhile in one transaction (``store_writer``).
The command line runs this with ``asyncio.run``; the reader runs it in a worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uninews_tui.config_model import Config, Source
from uninews_tui.errors import StoreError
from uninews_tui.fetch.full_text import fill_full_text
from uninews_tui.fetch.parse_pool import MIN_SOURCES as PARSE_POOL_MIN_SOURCES
from uninews_tui.fetch.parse_pool import ParsePool
from uninews_tui.fetch.sources import fetch_and_parse
from uninews_tui.fetch.store_writer import GROUP_ARTICLES, GroupWriter

if TYPE_CHECKING:
    import httpx

    from uninews_tui.store import Store

ProgressCallback = Callable[[int, int, str], None]
CLIENT_SHARDS = 4
"""HTTP clients a refresh spreads its sources over (see ``refresh``)."""
SWITCH_INTERVAL_S = 0.001
"""The GIL switch interval while sources are fetched and stored (Python's default: 5 ms)."""


@dataclass
class RefreshSummary:
    """What one refresh did, for the summary line, ``--json`` and the reader."""

    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    """Sources that asked us to wait (Retry-After) or were not due yet."""
    new_articles: int = 0
    full_texts: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    offline: bool = False
    """True when every failure was a network failure (DNS, refused, unreachable)."""

    @property
    def succeeded(self) -> bool:
        """At least one source was fetched or found unchanged."""
        return self.fetched + self.not_modified > 0

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md's ``refresh --json`` object."""
        return {
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "failed": self.failed,
            "new_articles": self.new_articles,
        }

    def line(self) -> str:
        """The one summary line the command line prints."""
        parts = [
            f"{self.fetched} fetched",
            f"{self.not_modified} unchanged",
            f"{self.failed} failed",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} waiting")
        text = ", ".join(parts) + f"; {self.new_articles} new articles"
        if self.full_texts:
            text += f", {self.full_texts} full texts"
        if self.offline and self.failed:
            text += " (offline?)"
        return text


def _is_due(source: Source, state: dict[str, Any], config: Config, now: datetime) -> bool:
    last = state.get("last_fetched")
    if last is None:
        return True
    minutes = source.refresh_minutes or config.settings.refresh_minutes
    return bool(now - last >= timedelta(minutes=minutes))


async def refresh(
    config: Config,
    store: Store,
    *,
    source_ids: Sequence[str] | None = None,
    institution_ids: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    force: bool = True,
    transport: httpx.AsyncBaseTransport | None = None,
    group_articles: int = GROUP_ARTICLES,
) -> RefreshSummary:
    """Refresh the enabled sources of ``config`` into ``store``.

    Args:
        source_ids: Only these sources (still only enabled ones).
        institution_ids: Only sources of these institutions.
        progress: Called as ``progress(done, total, source_id)`` after each source.
        force: Ask every source now; False skips sources whose refresh interval
            has not passed (the reader's automatic refresh). Sources that asked
            to wait with Retry-After are skipped either way.
        transport: An httpx transport for tests.
        group_articles: Articles stored per transaction at most (sources parsed
            while the store is busy are written together; see ``store_writer``).
    """
    from uninews_tui.fetch import FetchPool, make_client
    from uninews_tui.store import index_forms

    sources = [
        s
        for s in config.enabled_sources
        if (source_ids is None or s.id in source_ids)
        and (institution_ids is None or s.institution in institution_ids)
    ]
    summary = RefreshSummary()
    now = datetime.now(UTC)
    due: list[tuple[Source, dict[str, Any]]] = []
    # One trip to the store's thread for every state, not one per source.
    states = await asyncio.to_thread(lambda: [store.fetch_state(source.id) for source in sources])
    for source, state in zip(sources, states, strict=True):
        waiting_until = state.get("next_allowed")
        if waiting_until is not None and waiting_until > now:
            summary.skipped += 1
        elif not force and not _is_due(source, state, config, now):
            summary.skipped += 1
        else:
            due.append((source, state))

    total = len(due)
    done = 0
    network_failures = 0
    pool = FetchPool(max(1, config.settings.concurrency), max(1, config.settings.per_host))
    parser = ParsePool(enabled=len(due) >= PARSE_POOL_MIN_SOURCES)
    # httpcore's pool re-checks every pooled connection (a getpeername and a poll each)
    # at every request it starts or ends: a refresh's cost grows with requests x
    # connections. Sources spread over four clients (each opening connections as its
    # requests need them; FetchPool still bounds the total in flight) cut the checks
    # to a quarter: a warm refresh of 300 feeds, 1.0 -> 0.7 s CPU.
    shards = max(1, min(CLIENT_SHARDS, config.settings.concurrency // 4))
    async with contextlib.AsyncExitStack() as clients_stack:
        clients = [
            await clients_stack.enter_async_context(make_client(config.settings, transport=transport))
            for _ in range(shards)
        ]
        client = clients[0]

        async def one(source: Source, state: dict[str, Any]) -> None:
            nonlocal done, network_failures
            shard = clients[zlib.crc32(source.id.encode()) % len(clients)]
            outcome = await fetch_and_parse(shard, pool, config, source, state, parser=parser)
            result = outcome.result
            # An item with neither a title nor a link cannot be shown or opened.
            entries = (
                [e for e in outcome.feed.entries if e.title or e.url][: config.settings.max_items]
                if outcome.feed is not None
                else None
            )
            fetched_at = datetime.now(UTC)

            def store_outcome() -> list[int]:
                new_ids: list[int] = []
                if entries is not None:
                    try:
                        new_ids = store.upsert_entries(source.id, entries, fetched_at=fetched_at)
                    except StoreError:
                        raise  # the database is unusable (disk full, read-only): one error, not one each
                    except Exception as exc:  # a store failure is this source's failure
                        outcome.error = f"could not store articles: {exc}"
                store.record_fetch(source.id, result, new_articles=len(new_ids), error=outcome.error)
                return new_ids

            new_ids = await writer.write(store_outcome, weight=len(entries or ()))
            if outcome.error is not None:
                summary.failed += 1
                summary.errors.append((source.id, outcome.error))
                if result.error_kind == "network":
                    network_failures += 1
            elif result.status == "not_modified":
                summary.not_modified += 1
            else:
                summary.fetched += 1
                summary.new_articles += len(new_ids)
            done += 1
            if progress is not None:
                progress(done, total, source.id)

        # Fetched-but-unstored feeds wait in this semaphore, not in memory: the store
        # is the slowest stage, and 300 parsed feeds queued for it took 100 MB.
        in_flight = asyncio.Semaphore(2 * max(1, config.settings.concurrency))

        async def bounded(job: Awaitable[None]) -> None:
            async with in_flight:
                await job

        # The store's writer thread gives up the GIL at every SQLite call and trigger
        # callback and then waits for it, up to the switch interval (5 ms) each time
        # the event loop is busy: 1 ms halves that wait (a store thread next to a
        # busy Python thread, 3,000 articles: 11.8 -> 6.7 s wall, same CPU).
        previous_switch = sys.getswitchinterval()
        sys.setswitchinterval(min(previous_switch, SWITCH_INTERVAL_S))
        try:
            async with GroupWriter(store, group_articles=group_articles) as writer:
                await asyncio.gather(*(bounded(one(s, st)) for s, st in due))
        finally:
            sys.setswitchinterval(previous_switch)
            parser.close()
            index_forms.forget()
        summary.full_texts = await fill_full_text(client, pool, config, store, source_ids=source_ids)
    summary.offline = summary.failed > 0 and network_failures == summary.failed and not summary.succeeded
    return summary


def locked_refresher(db_file: Path) -> Callable[..., Awaitable[RefreshSummary]]:
    """A ``refresh`` for the reader that skips (with a message) while another refresh holds the lock."""
    from uninews_tui.fetch.lock import RefreshLock

    async def run(config: Config, store: Store, **kwargs: Any) -> RefreshSummary:
        lock = RefreshLock(db_file)
        if not await asyncio.to_thread(lock.acquire, wait_s=0.0):
            busy = RefreshSummary()
            busy.errors.append(("refresh", "another refresh is running; try again when it is done"))
            return busy
        try:
            return await refresh(config, store, **kwargs)
        finally:
            lock.release()

    return run


__all__ = ["RefreshSummary", "locked_refresher", "refresh"]
