"""The reader's layout: panes, focus, counts in panels and header, narrow mode, safe titles."""

from __future__ import annotations

from textual.widgets import Markdown

from uninews_tui.tui.widgets.article_view import ArticleView
from uninews_tui.tui.widgets.filter_panel import InstitutionsPanel, KeywordsPanel

from .pilot_support import article_list, current_title, press, screen_text, settle, titles
from .support import MARKUP_TITLE


async def test_opens_with_the_list_focused_newest_first(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.focused is article_list(app)
        assert len(article_list(app).ids) == 10
        assert titles(app)[:3] == [
            "Nursing school opens a simulation ward",
            "Robot arm learns to fold laundry",
            "海港大学医学院启用新大楼",
        ]
        text = screen_text(app)
        assert "Institutions" in text and "Keywords" in text and "Articles (10)" in text
        assert "10 unread / 10" in text  # header: filter and counts


async def test_panels_show_unread_and_total_counts(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "All            10/10" in text
        assert "Lakeside       4/4" in text
        assert "海港大         3/3" in text
        assert "nursing        1" in text
        keywords = app.reader.query_one(KeywordsPanel)
        assert [o.id for o in keywords.options] == ["nursing", "robot"]


async def test_markup_looking_title_is_shown_literally(make_app):
    app = make_app()
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        rows = article_list(app)
        rows.cursor = rows.ids.index(next(i for i in rows.ids if rows.cached(i).title == MARKUP_TITLE))
        await press(pilot, "enter")
        text = screen_text(app)
        assert "[bold]Not bold[/] and [link=" in text  # in the list (cut by width)
        assert MARKUP_TITLE in text  # in the article header, whole
        header = app.reader.query_one("#article-header").render()
        assert "[bold]" in header.plain and "evil.example" in header.plain


async def test_markup_looking_body_is_shown_literally(make_app, store):
    from dataclasses import replace

    from .support import ARTICLES

    entry = replace(
        ARTICLES["lakeside-news"][1], content_html="<p>[red]alarm[/red] and [@click=app.quit]x[/]</p>"
    )
    store.upsert_entries("lakeside-news", [entry], fetched_at=entry.published)
    store.set_body(store.article_ids()[3], "[red]alarm[/red] and [@click=app.quit]x[/]")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        article_list(app).cursor = 3
        await press(pilot, "enter")
        assert current_title(app) == "Library extends opening hours"
        assert "[red]alarm[/red] and [@click=app.quit]x[/]" in screen_text(app)
        assert app.is_running


async def test_enter_opens_the_article_beside_the_list_and_marks_it_read(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "enter")
        view = app.reader.query_one(ArticleView)
        assert view.article is not None and view.article.title == "Robot arm learns to fold laundry"
        assert article_list(app).display and view.display
        assert store.article(view.article.id).is_read
        assert "9 unread / 10" in screen_text(app)
        body = app.reader.query_one(Markdown)
        assert "Engineers taught a robot arm to fold." in body.source
        text = screen_text(app)
        assert "https://news.example.edu/h1" in text and "HIT · HIT News" in text


async def test_narrow_layout_article_replaces_list_and_escape_goes_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.reader.query_one(ArticleView)
        assert not view.display  # nothing open: the list has the room
        await press(pilot, "enter")
        assert view.display and not article_list(app).display
        assert app.focused is view
        assert "Nursing school opens a simulation ward" in screen_text(app)
        await press(pilot, "escape")
        assert article_list(app).display and not view.display
        assert app.focused is article_list(app)


async def test_backslash_hides_and_shows_the_left_column(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.reader.query_one(InstitutionsPanel).region.width > 0
        await press(pilot, "backslash")
        assert app.reader.query_one("#filters").region.width == 0
        assert "Institutions" not in screen_text(app)
        await press(pilot, "backslash")
        assert app.reader.query_one("#filters").region.width > 0


async def test_tab_and_shift_tab_cycle_the_panes(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await press(pilot, "tab")
            seen.append(app.focused.id)
        assert seen == ["article", "institutions", "keywords", "articles"]
        await press(pilot, "shift+tab")
        assert app.focused.id == "keywords"
