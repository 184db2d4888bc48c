"""The reader's refresh in a child process: same results as in-process, progress, errors, cancelling."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from feed_server import DATA, FeedSite, config_text
from uninews_tui.config import load_config
from uninews_tui.config_model import Config
from uninews_tui.fetch.lock import RefreshLock
from uninews_tui.fetch.refresh_process import process_refresher
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store

FEEDS = DATA / "refresh"


@pytest.fixture
def site(httpserver: HTTPServer) -> FeedSite:
    return FeedSite(httpserver)


def setup(tmp_path: Path, sources: list[dict[str, str]]) -> tuple[Config, Store, Path]:
    (tmp_path / "feeds.toml").write_text(config_text(sources), encoding="utf-8")
    config = load_config(tmp_path / "feeds.toml")
    db_file = tmp_path / "u.db"
    store = Store.open(db_file)
    store.sync_config(config)
    return config, store, db_file


@pytest.fixture
def two_feeds(site: FeedSite, tmp_path: Path) -> Iterator[tuple[Config, Store, Path]]:
    sources = [
        {"id": "rss2", "url": site.put_file("/rss2.xml", FEEDS / "rss2.xml")},
        {"id": "atom", "url": site.put_file("/atom.xml", FEEDS / "atom.xml")},
    ]
    config, store, db_file = setup(tmp_path, sources)
    yield config, store, db_file
    store.close()


def test_the_child_stores_what_the_reader_then_reads(two_feeds: tuple[Config, Store, Path]) -> None:
    config, store, db_file = two_feeds
    steps: list[tuple[int, int, str]] = []
    summary = asyncio.run(
        process_refresher(db_file)(config, store, progress=lambda *step: steps.append(step))
    )
    assert (summary.fetched, summary.failed, summary.errors) == (2, 0, [])
    assert summary.new_articles == store.count(ArticleFilter()) > 0
    assert sorted(step[2] for step in steps) == ["atom", "rss2"]
    assert steps[-1][:2] == (2, 2)
    again = asyncio.run(process_refresher(db_file)(config, store))
    assert (again.fetched, again.not_modified, again.new_articles) == (0, 2, 0)


def test_only_the_asked_sources_are_refreshed(two_feeds: tuple[Config, Store, Path]) -> None:
    config, store, db_file = two_feeds
    summary = asyncio.run(process_refresher(db_file)(config, store, source_ids=["atom"]))
    assert summary.fetched == 1
    assert {a.source for a in store.articles_by_ids(store.article_ids())} == {"atom"}


def test_a_failed_source_comes_back_as_the_same_error(site: FeedSite, tmp_path: Path) -> None:
    site.server.expect_request("/gone.xml").respond_with_data("no", status=500)
    config, store, db_file = setup(
        tmp_path, [{"id": "ok", "url": site.put_file("/rss2.xml", FEEDS / "rss2.xml")},
                   {"id": "gone", "url": site.url("/gone.xml")}]
    )
    with store:
        summary = asyncio.run(process_refresher(db_file)(config, store))
    assert (summary.fetched, summary.failed) == (1, 1)
    [(source_id, message)] = summary.errors
    assert source_id == "gone" and "500" in message


def test_a_running_refresh_is_reported_not_waited_for(two_feeds: tuple[Config, Store, Path]) -> None:
    config, store, db_file = two_feeds
    lock = RefreshLock(db_file)
    assert lock.acquire()
    try:
        summary = asyncio.run(process_refresher(db_file)(config, store))
    finally:
        lock.release()
    assert summary.errors == [("refresh", "another refresh is running; try again when it is done")]
    assert store.count(ArticleFilter()) == 0


def test_a_child_that_cannot_open_the_database_fails_with_its_reason(
    two_feeds: tuple[Config, Store, Path], tmp_path: Path
) -> None:
    config, store, _ = two_feeds
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("my notes, not SQLite\n" * 200)
    with pytest.raises(RuntimeError, match="ended without a summary: uninews: .*notes.db"):
        asyncio.run(process_refresher(not_a_database)(config, store))
    assert not_a_database.read_text().startswith("my notes")


def test_cancelling_stops_the_child_and_frees_the_lock(site: FeedSite, tmp_path: Path) -> None:
    asked = threading.Event()
    release = threading.Event()

    def slow(request: Request) -> Response:
        asked.set()
        release.wait(10)
        return Response("", status=500)

    site.server.expect_request("/slow.xml").respond_with_handler(slow)
    config, store, db_file = setup(tmp_path, [{"id": "slow", "url": site.url("/slow.xml")}])

    async def start_then_cancel() -> None:
        task = asyncio.ensure_future(process_refresher(db_file)(config, store))
        while not asked.is_set():
            await asyncio.sleep(0.05)
        assert not RefreshLock(db_file).acquire()  # the child holds it while it waits
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    try:
        asyncio.run(start_then_cancel())
        lock = RefreshLock(db_file)
        assert lock.acquire()
        lock.release()
    finally:
        release.set()
        store.close()
