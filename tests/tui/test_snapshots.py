"""SVG snapshots of the main reader screens (pytest-textual-snapshot), on fixed data and a frozen clock.

Kept few on purpose: they pin the look, the Pilot tests pin the behaviour.
Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from uninews_tui.models import FetchResult

from .pilot_support import press, settle

FROZEN = datetime(2025, 3, 20, 9, 30, tzinfo=UTC)

pytestmark = pytest.mark.snapshot


@pytest.fixture(autouse=True)
def frozen_store_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetch times on the sources screen come from the store's clock: freeze it."""
    monkeypatch.setattr("uninews_tui.store.catalog.now_utc", lambda: FROZEN)


def test_main_screen_with_an_open_article(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "j", "enter", "j", "j")

    assert snap_compare(make_app(), terminal_size=(140, 36), run_before=run_before)


def test_narrow_article_view(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "enter")

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)


def test_help_screen(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "question_mark")

    assert snap_compare(make_app(), terminal_size=(120, 50), run_before=run_before)


def test_sources_screen(make_app, store, snap_compare):
    url = "https://news.example.edu/"
    fetched = FetchResult("lakeside-news", "ok", url, http_status=200)
    store.record_fetch("lakeside-news", fetched, new_articles=4)
    failed = FetchResult("harbour-news", "error", url, http_status=503, error="HTTP 503 Service Unavailable")
    store.record_fetch("harbour-news", failed, error="HTTP 503 Service Unavailable")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "S")

    assert snap_compare(make_app(), terminal_size=(120, 20), run_before=run_before)


def test_search_results_highlighted(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "slash", *"robot", "enter", "j", "enter")

    assert snap_compare(make_app(), terminal_size=(140, 30), run_before=run_before)
