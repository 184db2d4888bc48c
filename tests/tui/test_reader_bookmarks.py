"""Bookmarks in the reader: b toggles (and secures the full text), B lists them, N edits the note."""

from __future__ import annotations

from textual.widgets import Input

from uninews_tui.models import ArticleFilter
from uninews_tui.tui.screens.dialogs import TextPrompt
from uninews_tui.tui.widgets.article_view import ArticleView

from .conftest import BodyCalls
from .pilot_support import article_list, current_title, press, screen_text, settle, titles


async def test_b_bookmarks_and_asks_for_the_full_text(make_app, store, body_calls):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "b")
        article_id = article_list(app).current_id
        assert store.article(article_id).is_bookmarked
        assert article_list(app).current_article.is_bookmarked
        assert body_calls.ids == [article_id]  # the summary-only bookmark asked for its page
        assert "★ Bookmarks    1" in screen_text(app)
        assert "★ 2025-03-20 HIT" in screen_text(app)  # the list row's bookmark mark
        await press(pilot, "b")
        assert not store.article(article_id).is_bookmarked
        assert "★ Bookmarks    0" in screen_text(app)


async def test_b_on_an_article_with_full_text_does_not_fetch(make_app, store, body_calls):
    first = store.article_ids()[0]
    store.set_body(first, "The whole story.", full_text=True)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        assert store.article(first).is_bookmarked
        assert body_calls.ids == []


async def test_bookmark_offline_is_kept_as_summary_only(make_app, store):
    offline = BodyCalls(ok=False)
    app = make_app(fetch_body=offline)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "b")
        article = store.article(article_list(app).current_id)
        assert article.is_bookmarked and not article.has_full_text
        assert offline.ids == [article.id]
        assert any("summary only" in n.message for n in app._notifications)
        header = str(app.reader.query_one("#article-header").render())
        assert "★ Bookmarked · summary only" in header


async def test_secured_body_shows_in_the_open_article(make_app, store):
    class Securing(BodyCalls):
        async def __call__(self, article_id: int) -> bool:
            store.set_body(article_id, "The **complete** article text.", full_text=True)
            return await super().__call__(article_id)

    app = make_app(fetch_body=Securing())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "b")
        view = app.reader.query_one(ArticleView)
        assert view.article.has_full_text
        header = str(app.reader.query_one("#article-header").render())
        assert "★ Bookmarked" in header and "summary only" not in header


async def test_B_lists_bookmarks_newest_bookmark_first_with_the_same_keys(make_app, store):
    ids = store.article_ids()
    for article_id in (ids[5], ids[1], ids[8]):  # bookmark order, not publication order
        store.set_bookmark(article_id, True)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "B")
        assert article_list(app).ids == [ids[8], ids[1], ids[5]]
        assert "Bookmarks (3)" in screen_text(app)
        await press(pilot, "j", "m")  # same keys as the main list
        assert store.article(ids[1]).is_read
        await press(pilot, "b")  # removing a bookmark drops it from this view
        assert article_list(app).ids == [ids[8], ids[5]]
        await press(pilot, "B")
        assert len(article_list(app).ids) == 10


async def test_bookmarks_view_respects_the_institution_filter(make_app, store):
    for article_id in store.article_ids()[:3]:
        store.set_bookmark(article_id, True)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        panel = app.reader.query_one("#institutions")
        panel.focus()
        panel.highlighted = panel.get_option_index("hillcrest")
        await press(pilot, "enter", "B")
        assert titles(app) == ["Robot arm learns to fold laundry"]


async def test_N_edits_the_note_shown_in_the_article(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "N")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = "Read before [b]Monday[/b]"
        await press(pilot, "enter")
        article = store.article(article_list(app).current_id)
        assert article.is_bookmarked and article.note == "Read before [b]Monday[/b]"
        header = str(app.reader.query_one("#article-header").render())
        assert "Note: Read before [b]Monday[/b]" in header
        await press(pilot, "N")
        assert app.screen.query_one(Input).value == "Read before [b]Monday[/b]"
        await press(pilot, "escape")  # cancel keeps the note
        assert store.article(article.id).note == "Read before [b]Monday[/b]"
        assert current_title(app) == "Nursing school opens a simulation ward"


async def test_offline_every_cached_and_bookmarked_article_reads_in_full(store, config, body_calls):
    from uninews_tui.app import UninewsApp

    first = store.article_ids()[0]
    store.set_body(first, "Full text kept for the train.", full_text=True)
    store.set_bookmark(first, True)
    app = UninewsApp(store, config, fetch_body=body_calls, offline=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "B", "enter")
        assert "Full text kept for the train." in screen_text(app)
        assert store.count(ArticleFilter(bookmarked_only=True)) == 1
