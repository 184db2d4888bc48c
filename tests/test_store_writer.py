"""Group commit: Store.batch keeps each write all-or-nothing, GroupWriter groups what waits."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from store_support import NOW, entry, make_config
from uninews_tui.errors import StoreError
from uninews_tui.fetch.store_writer import GroupWriter
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store.memory()
    opened.sync_config(make_config())
    yield opened
    opened.close()


def commits(store: Store) -> list[str]:
    """Record the COMMIT statements the store's connection runs from now on."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(
        lambda sql: seen.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    return seen


def test_a_failed_write_inside_a_batch_is_undone_and_the_rest_is_kept(store: Store) -> None:
    with store.batch():
        store.upsert_entries("north-news", [entry("kept-1", "Robots arrive")], fetched_at=NOW)
        with pytest.raises(RuntimeError), store._write():
            store.upsert_entries("south-news", [entry("undone", "Never stored")], fetched_at=NOW)
            raise RuntimeError("this source failed after writing")
        store.upsert_entries("north-events", [entry("kept-2", "Climate talk")], fetched_at=NOW)
    titles = sorted(article.title for article in store.articles(ArticleFilter()))
    assert titles == ["Climate talk", "Robots arrive"]
    assert [article.title for article, _ in store.search("never").hits] == []
    assert [article.title for article, _ in store.search("climate").hits] == ["Climate talk"]


async def test_writes_that_wait_are_committed_together(store: Store) -> None:
    seen = commits(store)
    gate = threading.Event()

    def first() -> str:
        gate.wait(5)  # keep the store busy while the others queue up
        return "first"

    def source(name: str) -> list[int]:
        return store.upsert_entries(name, [entry(f"{name}-1", f"News of {name}")], fetched_at=NOW)

    async with GroupWriter(store) as writer:
        pending = asyncio.ensure_future(writer.write(first))
        await asyncio.sleep(0)
        names = ("north-news", "south-news")
        others = [asyncio.ensure_future(writer.write(lambda n=n: source(n))) for n in names]
        await asyncio.sleep(0.05)
        gate.set()
        assert await pending == "first"
        results = await asyncio.gather(*others)
    assert [len(ids) for ids in results] == [1, 1]
    assert len(seen) == 2  # the first job alone, then both sources in one transaction
    assert store.count(ArticleFilter()) == 2


async def test_one_failing_job_fails_only_its_caller(store: Store) -> None:
    def broken() -> None:
        store.upsert_entries("no-such-source", [entry("x", "Lost")], fetched_at=NOW)

    def good() -> list[int]:
        return store.upsert_entries("south-news", [entry("s-1", "Southern robots")], fetched_at=NOW)

    async with GroupWriter(store) as writer:
        outcomes = await asyncio.gather(writer.write(broken), writer.write(good), return_exceptions=True)
    assert isinstance(outcomes[0], StoreError)
    assert "unknown source" in str(outcomes[0])
    assert isinstance(outcomes[1], list) and len(outcomes[1]) == 1
    assert [article.title for article in store.articles(ArticleFilter())] == ["Southern robots"]


async def test_groups_stop_at_their_article_budget(store: Store) -> None:
    seen = commits(store)
    names = ["north-news", "north-events", "south-news"]

    def source(name: str) -> list[int]:
        entries = [entry(f"{name}-{i}", f"Item {i} of {name}") for i in range(3)]
        return store.upsert_entries(name, entries, fetched_at=NOW)

    async with GroupWriter(store, group_articles=3) as writer:
        await asyncio.gather(*(writer.write(lambda n=n: source(n), weight=3) for n in names))
    assert len(seen) == 3  # three articles per transaction at most: one source each
    assert store.count(ArticleFilter()) == 9
