"""Every reader key: moving, opening, read state, mark all, links, help, palette, keymap, quit."""

from __future__ import annotations

import webbrowser

from uninews_tui.models import ArticleFilter
from uninews_tui.tui.screens.dialogs import ConfirmDialog
from uninews_tui.tui.screens.help import HelpScreen

from .pilot_support import article_list, current_title, press, screen_text, settle
from .support import make_config


async def test_j_k_arrows_g_and_G_move_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = article_list(app)
        await press(pilot, "j", "j", "down")
        assert rows.cursor == 3
        await press(pilot, "k", "up")
        assert rows.cursor == 1
        await press(pilot, "G")
        assert rows.cursor == 9 and current_title(app) == "Harbour University joins climate network"
        await press(pilot, "g")
        assert rows.cursor == 0
        await press(pilot, "end")
        assert rows.cursor == 9
        await press(pilot, "home", "k")
        assert rows.cursor == 0


async def test_n_and_p_jump_to_next_and_previous_unread(make_app, store):
    ids = store.article_ids()
    store.set_read(ids[1:4], True)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = article_list(app)
        await press(pilot, "n")
        assert rows.cursor == 4
        await press(pilot, "n")
        assert rows.cursor == 5
        await press(pilot, "p", "p")
        assert rows.cursor == 0


async def test_m_toggles_read_and_updates_counts(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        first = article_list(app).current_id
        await press(pilot, "m")
        assert store.article(first).is_read
        assert article_list(app).current_article.is_read
        assert "9 unread / 10" in screen_text(app)
        assert "Lakeside       3/4" in screen_text(app)
        await press(pilot, "m")
        assert not store.article(first).is_read
        assert "10 unread / 10" in screen_text(app)


async def test_A_asks_then_marks_everything_in_the_filter_read(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "A")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")  # no: nothing changes
        assert store.count(ArticleFilter(unread_only=True)) == 10
        await press(pilot, "A", "y")
        assert store.count(ArticleFilter(unread_only=True)) == 0
        assert "0 unread / 10" in screen_text(app)


async def test_A_respects_the_institution_filter(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "tab", "down", "down", "enter")  # Institutions: select Lakeside
        await press(pilot, "A", "y")
        assert store.count(ArticleFilter(unread_only=True)) == 6
        assert store.count(ArticleFilter(institutions=("lakeside",), unread_only=True)) == 0


async def test_o_opens_the_link_with_webbrowser(make_app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setenv("DISPLAY", ":0")  # a graphical session (without one the link is copied instead)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "o")
        assert opened == ["https://news.example.edu/h1"]


async def test_o_refuses_a_non_web_link(make_app, store, monkeypatch):
    from .support import _entry

    bad = _entry("x1", "Bad link", 0, "s")
    bad.url = "file:///etc/passwd"
    store.upsert_entries("lakeside-news", [bad], fetched_at=bad.published)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert current_title(app) == "Bad link"
        await press(pilot, "o")
        assert opened == []


async def test_question_mark_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-keys").render())
        for description in (
            "Next unread",
            "Mark all read",
            "Open link",
            "Refresh source",
            "Sources",
            "Bookmark",
            "Note",
            "Search",
            "Filters",
            "Next pane",
            "Top",
            "Bottom",
            "Quit",
        ):
            assert description in help_text
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_are_in_the_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in (
            "Refresh (r)",
            "Mark all read (A)",
            "Next unread (n)",
            "Bookmark (b)",
            "Search (/)",
            "Sources (S)",
            "Theme",
        ):
            assert expected in titles


async def test_palette_command_runs_the_action(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Read (m)"))
        command.callback()
        await settle(pilot)
        assert store.article(article_list(app).current_id).is_read


async def test_keys_table_remaps_bindings(store, body_calls):
    from uninews_tui.app import UninewsApp

    config = make_config(keys={"cursor-down": "ctrl+n", "toggle-read": "x"})
    app = UninewsApp(store, config, fetch_body=body_calls)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")
        assert article_list(app).cursor == 1
        await press(pilot, "j")  # no longer bound
        assert article_list(app).cursor == 1
        await press(pilot, "x")
        assert store.article(article_list(app).current_id).is_read
        rows = {(row.section, row.description): row.keys for row in app.key_rows()}
        assert rows[("Article list", "Down")] == "ctrl+n"
        assert rows[("Reader", "Read")] == "x"


async def test_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
