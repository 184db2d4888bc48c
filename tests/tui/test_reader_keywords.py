"""The Keywords panel: a adds (the current search, or typed), d deletes, counts, selecting filters."""

from __future__ import annotations

from textual.widgets import Input

from uninews_tui.tui.screens.dialogs import TextPrompt
from uninews_tui.tui.widgets.filter_panel import KeywordsPanel

from .pilot_support import press, screen_text, search_bar, settle, titles, wait_for


def keywords_panel(app) -> KeywordsPanel:
    return app.reader.query_one(KeywordsPanel)


async def test_a_saves_the_current_search_as_a_keyword(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        search_bar(app).value = "solar"
        await wait_for(pilot, lambda: app.reader.query_text == "solar")
        keywords_panel(app).focus()
        await press(pilot, "a")
        assert store.keywords() == ["nursing", "robot", "solar"]
        assert [o.id for o in keywords_panel(app).options] == ["nursing", "robot", "solar"]
        assert "solar          1" in screen_text(app)


async def test_a_without_a_search_asks_for_the_words(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        keywords_panel(app).focus()
        await press(pilot, "a")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = "president"
        await press(pilot, "enter")
        assert store.keywords()[-1] == "president"
        assert "president      1" in screen_text(app)
        await press(pilot, "a", "escape")  # cancelled: nothing added
        assert len(store.keywords()) == 3


async def test_d_deletes_the_highlighted_keyword_and_its_filter(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        panel = keywords_panel(app)
        panel.focus()
        await press(pilot, "enter")  # select "nursing": the list narrows
        assert titles(app) == ["Nursing school opens a simulation ward"]
        await press(pilot, "d")
        assert store.keywords() == ["robot"]
        assert [o.id for o in panel.options] == ["robot"]
        assert len(titles(app)) == 10  # its filter went with it


async def test_selecting_keywords_filters_and_they_persist_across_runs(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        keywords_panel(app).focus()
        await press(pilot, "down", "enter")  # robot
        assert set(titles(app)) == {
            "Robot arm learns to fold laundry",
            "Nursing school opens a simulation ward",
        }
        await press(pilot, "a")
        app.screen.query_one(Input).value = "海港"
        await press(pilot, "enter")

    again = make_app()
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert [o.id for o in keywords_panel(again).options] == ["nursing", "robot", "海港"]
        keywords_panel(again).focus()
        await press(pilot, "end", "enter")
        assert titles(again) == ["海港大学医学院启用新大楼", "海港大学护理学院获奖"]


async def test_keyword_text_is_never_markup(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        keywords_panel(app).focus()
        await press(pilot, "a")
        app.screen.query_one(Input).value = "[bold]x[/bold]"
        await press(pilot, "enter")
        assert store.keywords()[-1] == "[bold]x[/bold]"
        assert "[bold]x[/bold]" in screen_text(app)
        assert any("[bold]x[/bold]" in str(n.message) for n in app._notifications)
