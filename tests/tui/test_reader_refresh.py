"""Refresh from the reader against a real local HTTP server: success, partial failure, offline, R."""

from __future__ import annotations

import socket
import sys
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from textual.widgets import Static

from uninews_tui.app import UninewsApp
from uninews_tui.fetch.refresh import refresh
from uninews_tui.store import Store
from uninews_tui.tui import refreshing

from .pilot_support import article_list, current_title, press, settle, wait_for
from .support import BASE, fill_store, make_config


def rss(*items: tuple[str, str, int]) -> bytes:
    """An RSS 2.0 document with (guid, title, hours after BASE) items."""
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>https://news.example.edu/{guid}</link>"
        f"<pubDate>{(BASE + timedelta(hours=hours)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        "<description>Fresh news.</description></item>"
        for guid, title, hours in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


def serve(httpserver: HTTPServer, *, failing: tuple[str, ...] = ()) -> None:
    feeds = {
        "lakeside": rss(("l9", "Lakeside fresh story", 2), ("l8", "Lakeside second fresh story", 1)),
        "hillcrest": rss(("h9", "Hillcrest fresh story", 3)),
        "harbour": rss(("c9", "Harbour fresh story", 4)),
    }
    for name, body in feeds.items():
        request = httpserver.expect_request(f"/{name}.xml")
        if name in failing:
            request.respond_with_data("boom", status=500)
        else:
            request.respond_with_data(body, content_type="application/rss+xml")


def notifications(app: UninewsApp) -> list[str]:
    return [n.message for n in app._notifications]


def status(app: UninewsApp) -> str:
    return str(app.reader.query_one("#status", Static).render())


def refresh_note(app: UninewsApp) -> str:
    """The refresh's progress or outcome, in the list's bottom border."""
    return str(article_list(app).border_subtitle or "")


@pytest.fixture
def local_config(httpserver: HTTPServer):
    return make_config(httpserver.url_for("").rstrip("/"))


async def test_r_refreshes_and_new_articles_do_not_move_the_cursor(httpserver, local_config, body_calls):
    serve(httpserver)
    store = fill_store(Store.memory(), local_config)
    app = UninewsApp(store, local_config, refresher=refresh, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j")
        rows = article_list(app)
        await press(pilot, "r")
        assert current_title(app) == "海港大学医学院启用新大楼"
        assert len(rows.ids) == 14
        assert rows.cursor == 6
        assert any("4 new articles" in n for n in notifications(app))
        assert not any("failed" in n for n in notifications(app))
        assert status(app) == ""
        assert {s.last_status for s in store.sources()} == {"ok"}


async def test_new_articles_wait_until_keys_pause(httpserver, local_config, body_calls, monkeypatch):
    serve(httpserver)
    monkeypatch.setattr(refreshing, "RELOAD_PAUSE_S", 60.0)
    store = fill_store(Store.memory(), local_config)
    app = UninewsApp(store, local_config, refresher=refresh, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "r")
        assert refresh_note(app) == "Refreshed: 4 new articles"  # the summary at once
        assert status(app) == ""  # the status line did not come (a layout of the whole screen)
        assert not any("new articles" in n for n in notifications(app))  # a notification waits
        assert len(article_list(app).ids) == 10  # the list as it was, under the keys
        monkeypatch.setattr(refreshing, "RELOAD_PAUSE_S", 0.0)  # as if the keys had paused
        await wait_for(pilot, lambda: len(article_list(app).ids) == 14)
        assert article_list(app).cursor == 5  # the same article, moved down by the new ones
        assert any("4 new articles" in n for n in notifications(app))
        assert refresh_note(app) == ""


async def test_refresh_on_start_shows_progress_then_summary(httpserver, body_calls):
    serve(httpserver)
    config = make_config(httpserver.url_for("").rstrip("/"), refresh_on_start=True)
    store = fill_store(Store.memory(), config)
    progress: list[str] = []
    app = UninewsApp(store, config, refresher=refresh, fetch_body=body_calls)
    async with app.run_test(
        size=(140, 40), message_hook=lambda m: progress.append(type(m).__name__)
    ) as pilot:
        await settle(pilot)
        assert "RefreshProgressed" in progress and "RefreshFinished" in progress
        # it starts once the reader has drawn its list and counts
        first = progress.index
        assert first("ListLoaded") < first("FacetsLoaded") < first("RefreshProgressed")
        assert len(article_list(app).ids) == 14


async def test_partial_failure_gives_one_notification_with_a_count(httpserver, local_config, body_calls):
    serve(httpserver, failing=("hillcrest", "harbour"))
    store = fill_store(Store.memory(), local_config)
    app = UninewsApp(store, local_config, refresher=refresh, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        failures = [n for n in notifications(app) if "failed" in n]
        assert failures == ["2 sources failed; press S for details"]
        assert len(article_list(app).ids) == 12
        await press(pilot, "S")
        table = app.screen.query_one("DataTable")
        row = table.get_row("hillcrest-news")
        assert "error" in str(row[3]) and "500" in str(row[6])


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_offline_opens_from_cache_and_says_offline_once(body_calls):
    config = make_config(f"http://127.0.0.1:{closed_port()}")
    store = fill_store(Store.memory(), config)
    app = UninewsApp(store, config, refresher=refresh, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert len(article_list(app).ids) == 10  # the cache, before any network answer
        await press(pilot, "r")
        assert app.offline
        assert "offline" in status(app)
        assert len(notifications(app)) == 1 and "Offline" in notifications(app)[0]
        assert len(article_list(app).ids) == 10
        await press(pilot, "enter")
        assert app.reader.query_one("#article").article.title == "Nursing school opens a simulation ward"


async def test_offline_flag_skips_refresh_on_start(store, body_calls):
    config = make_config(refresh_on_start=True)
    calls: list[object] = []

    async def refresher(*args, **kwargs):
        calls.append(args)
        raise AssertionError("must not refresh when started offline")

    app = UninewsApp(store, config, refresher=refresher, fetch_body=body_calls, offline=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert calls == [] and "offline" in status(app)


async def test_R_refreshes_only_the_selected_articles_source(httpserver, local_config, body_calls):
    serve(httpserver)
    store = fill_store(Store.memory(), local_config)
    app = UninewsApp(store, local_config, refresher=refresh, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "R")  # the selected article is Hillcrest's
        paths = [request.path for request, _response in httpserver.log]
        assert paths == ["/hillcrest.xml"]
        assert len(article_list(app).ids) == 11


async def test_a_refresher_crash_is_reported_not_raised(store, config, body_calls):
    async def refresher(*args, **kwargs):
        raise RuntimeError("disk on fire")

    app = UninewsApp(store, config, refresher=refresher, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert app.is_running
        assert any("disk on fire" in n for n in notifications(app))


async def test_r_during_a_refresh_does_not_start_a_second_one(store, config, body_calls):
    import asyncio

    from uninews_tui.fetch.refresh import RefreshSummary

    release = asyncio.Event()
    calls: list[object] = []

    async def slow_refresher(*args, **kwargs):
        calls.append(kwargs.get("source_ids"))
        await release.wait()
        return RefreshSummary(fetched=3)

    app = UninewsApp(store, config, refresher=slow_refresher, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert calls == [None]
        assert "already running" in " ".join(notifications(app))
        release.set()
        await settle(pilot)
        assert any("Refreshed" in n for n in notifications(app))


async def test_quitting_during_a_refresh_cancels_it(store, config, body_calls):
    import asyncio

    started, ended = [], []

    async def endless_refresher(*args, **kwargs):
        started.append(True)
        try:
            await asyncio.sleep(3600)
        finally:
            ended.append(True)  # the refresh's clean-up (lock, parse workers) runs

    app = UninewsApp(store, config, refresher=endless_refresher, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        for _ in range(100):
            if started:
                break
            await pilot.pause(0.02)
        assert started and not ended
        await pilot.press("q")
    for _ in range(100):  # the refresh's own loop notices the cancel within a poll
        if ended:
            break
        await asyncio.sleep(0.02)
    assert ended == [True]
    assert not any("Refreshed" in n for n in notifications(app))


def test_progress_is_throttled_but_the_last_step_always_shows():
    from uninews_tui.tui.refreshing import ProgressThrottle

    posted = []
    throttle = ProgressThrottle(posted.append, interval=3600)
    for done in range(1, 301):
        throttle(done, 300, f"source-{done}")
    assert [(m.done, m.source_id) for m in posted] == [(1, "source-1"), (300, "source-300")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are set on Linux only")
async def test_the_refresh_runs_below_the_readers_priority(store, config, body_calls):
    import os
    import threading

    from uninews_tui.fetch.refresh import RefreshSummary

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen: list[int] = []

    async def refresher(*args, **kwargs):
        seen.append(nice())
        return RefreshSummary(fetched=3)

    app = UninewsApp(store, config, refresher=refresher, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert seen and seen[0] > nice()
        assert any("Refreshed" in n for n in notifications(app))
