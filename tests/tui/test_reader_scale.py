"""The list is virtual: thousands of articles, no widget per row, rows read a page at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from uninews_tui.app import UninewsApp
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store

from .pilot_support import article_list, press, screen_text, settle
from .support import BASE, bulk_store, make_config

COUNT = 5_000


@pytest.fixture(scope="module")
def big_store():
    config = make_config()
    store = bulk_store(Store.memory(), config, COUNT)
    yield config, store
    store.close()


async def test_thousands_of_articles_without_a_widget_per_row(big_store, body_calls):
    config, store = big_store
    app = UninewsApp(store, config, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = article_list(app)
        assert len(rows.ids) == COUNT
        assert len(rows.children) == 0
        assert len(rows._cache) < 500  # only the first page was read
        assert "Generated article 0" in screen_text(app)
        await press(pilot, "G")
        assert rows.cursor == COUNT - 1
        assert f"Generated article {COUNT - 1}" in screen_text(app)
        assert "…" not in screen_text(app)  # the page was fetched and painted


async def test_new_rows_above_keep_the_cursor_row_on_its_screen_line(big_store, body_calls):
    config, store = big_store
    app = UninewsApp(store, config, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = article_list(app)
        rows.cursor = 500
        await settle(pilot)
        before = (rows.current_id, rows.cursor - rows.scroll_offset.y)
        fresh = [
            FeedEntry(
                guid=f"new{n}",
                title=f"Brand new {n}",
                url=f"https://news.example.edu/new{n}",
                published=BASE + timedelta(hours=n + 1),
            )
            for n in range(3)
        ]
        store.upsert_entries("lakeside-news", fresh, fetched_at=BASE)
        app.reader.reload()
        await settle(pilot)
        assert rows.cursor == 503
        assert (rows.current_id, rows.cursor - rows.scroll_offset.y) == before


async def test_page_down_and_up_move_by_a_screen(big_store, body_calls):
    config, store = big_store
    app = UninewsApp(store, config, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = article_list(app)
        page = rows.size.height - 1
        await press(pilot, "pagedown", "pagedown")
        assert rows.cursor == 2 * page
        assert rows.scroll_offset.y > 0
        assert "…" not in screen_text(app)
        await press(pilot, "pageup")
        assert rows.cursor == page
