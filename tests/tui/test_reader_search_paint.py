"""What a search's results repaint: the list, not the whole screen; the header still follows.

The frame that shows a search's results is what the user waits for after the
last keystroke, so it must not composite every widget again: the header's
title changes without a repaint of the screen (the Header repaints itself).
"""

from __future__ import annotations

import pytest
from textual.widgets._header import HeaderTitle

from uninews_tui.app import UninewsApp
from uninews_tui.tui.screens.reader import ReaderScreen

from .pilot_support import screen_text, settle, type_query


def test_the_screen_title_is_not_a_repainting_reactive() -> None:
    assert ReaderScreen.sub_title._repaint is False


async def test_a_new_title_does_not_repaint_the_screen(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        repaints: list[object] = []
        real_refresh = app.reader.refresh
        monkeypatch.setattr(app.reader, "refresh", lambda *a, **k: repaints.append(a) or real_refresh(*a, **k))
        app.reader.sub_title = "Lakeside · Search: robot"
        await pilot.pause()
        assert repaints == []
        assert "Lakeside · Search: robot" in str(app.reader.query_one(HeaderTitle).render())


async def test_the_header_follows_a_search(make_app) -> None:
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await settle(pilot)
        assert "Search: robot" in screen_text(app)
        assert "Search: robot" in str(app.reader.query_one(HeaderTitle).render())
