"""Helpers for Pilot tests: settle the app, read the list and the screen."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from uninews_tui.app import UninewsApp
from uninews_tui.tui.widgets.article_list import ArticleList
from uninews_tui.tui.widgets.search_bar import SearchBar

from .screen_text import screen_text


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and every message land (handlers may start more workers)."""
    app = pilot.app
    for _ in range(6):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


async def wait_for(
    pilot: Pilot[None], predicate: Callable[[], bool], timeout: float = 5.0, *, then_settle: bool = True
) -> None:
    """Poll until ``predicate()`` holds (for timers such as the search debounce); fail after ``timeout``.

    ``then_settle=False`` for tests that hold a worker blocked on purpose.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(0.02)
    if then_settle:
        await settle(pilot)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys, settling after each one."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def search_bar(app: UninewsApp) -> SearchBar:
    return app.reader.query_one(SearchBar)


async def type_query(pilot: Pilot[None], text: str) -> None:
    """Open the search line and enter ``text`` as a paste (one change); waits for the results."""
    await press(pilot, "slash")
    search_bar(pilot.app).value = text  # type: ignore[arg-type]
    await wait_for(pilot, lambda: pilot.app.reader.query_text == text.strip())  # type: ignore[attr-defined]


def article_list(app: UninewsApp) -> ArticleList:
    return app.reader.query_one("#articles", ArticleList)


def titles(app: UninewsApp) -> list[str]:
    """Titles of the list's rows, in order (rows must be loaded)."""
    rows = article_list(app)
    return [article.title for i in rows.ids if (article := rows.cached(i)) is not None]


def current_title(app: UninewsApp) -> str:
    article = article_list(app).current_article
    assert article is not None
    return article.title


__all__ = [
    "article_list",
    "current_title",
    "press",
    "screen_text",
    "search_bar",
    "settle",
    "titles",
    "type_query",
    "wait_for",
]
