"""What stands between the last keystroke and a search's results on screen.

Keys queued together (a paste, a fast typist, tmux) make one search for the
whole text, not a first one for the first letter. The frame that shows the
results must not composite every widget again: the header's title changes
without a repaint of the screen (the Header repaints itself), and the list
computes each row style once per page, not four times per row.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets._header import HeaderTitle

from uninews_tui.app import UninewsApp
from uninews_tui.tui.screens.reader import ReaderScreen
from uninews_tui.tui.screens.reader_data import WARM_QUERY
from uninews_tui.tui.widgets.search_bar import SearchBar

from .pilot_support import screen_text, settle, titles, type_query, wait_for


@pytest.fixture
def queries(store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The searches the reader asks the store for (the start-up warm-up left out)."""
    asked: list[str] = []
    real_search = store.search

    def recorded_search(query, *args, **kwargs):
        if query != WARM_QUERY:
            asked.append(query)
        return real_search(query, *args, **kwargs)

    monkeypatch.setattr(store, "search", recorded_search)
    return asked


def test_the_screen_title_is_not_a_repainting_reactive() -> None:
    assert ReaderScreen.sub_title._repaint is False


async def test_a_new_title_does_not_repaint_the_screen(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        repaints: list[object] = []
        real_refresh = app.reader.refresh
        monkeypatch.setattr(
            app.reader, "refresh", lambda *a, **k: repaints.append(a) or real_refresh(*a, **k)
        )
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


async def test_a_burst_of_keystrokes_is_one_search_for_the_whole_text(make_app, queries) -> None:
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.reader.query_one(SearchBar)
        for typed in ("r", "ro", "rob", "robo", "robot"):  # queued together, as a paste or tmux sends them
            bar.post_message(SearchBar.QueryChanged(typed))
        await wait_for(pilot, lambda: "Results (" in str(app.reader.article_list.border_title))
        assert queries == ["robot*"]
        assert set(titles(app)) == {
            "Robot arm learns to fold laundry",
            "Nursing school opens a simulation ward",
        }


async def test_a_page_of_rows_computes_each_style_once(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = app.reader.article_list
        asked: list[tuple[str, ...]] = []
        real_style = rows.get_visual_style
        monkeypatch.setattr(
            rows, "get_visual_style", lambda *names, **kw: asked.append(names) or real_style(*names, **kw)
        )
        rows._strips.clear()
        rows._styles_cache.clear()
        lines = rows.render_lines(Region(0, 0, rows.size.width, rows.size.height))
        assert len(rows.ids) >= 10 and len(lines) == rows.size.height
        assert len(asked) == len(set(asked)) <= 6  # not four per row
        assert rows._pass_styles is None  # outside a pass, styles are asked for afresh


async def test_enter_on_the_text_just_searched_searches_no_more(make_app, queries) -> None:
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.reader.query_one(SearchBar)
        bar.post_message(SearchBar.QueryChanged("robot"))
        await wait_for(pilot, lambda: queries == ["robot*"], then_settle=False)
        bar.post_message(SearchBar.QueryChanged("robot", submitted=True))  # Enter, once it is searching
        await wait_for(pilot, lambda: app.focused is app.reader.article_list)
        assert queries == ["robot*"]
        assert bar.history[-1] == "robot"  # Enter still files the search in the history
        bar.post_message(SearchBar.QueryChanged("library", submitted=True))  # new text: searched
        await wait_for(pilot, lambda: len(queries) == 2)
        assert queries[1].startswith("library")


async def test_one_search_warms_up_in_the_background_after_the_counts(make_app, store, monkeypatch) -> None:
    queries: list[tuple[str, int]] = []
    real_search = store.search

    def recorded_search(query, *args, **kwargs):
        queries.append((query, kwargs.get("limit", 50)))
        return real_search(query, *args, **kwargs)

    monkeypatch.setattr(store, "search", recorded_search)
    app: UninewsApp = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert queries == [(WARM_QUERY, 1)]
        assert "Articles (" in str(app.reader.article_list.border_title)  # the list is not touched
        app.reader.load_facets(app.reader.current_filter())  # later counts: no second warm-up
        await settle(pilot)
        assert queries == [(WARM_QUERY, 1)]
