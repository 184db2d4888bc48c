"""Search matches in the open article: highlighted in title and body, n/N jump between them."""

from __future__ import annotations

from textual.widgets import Markdown

from uninews_tui.tui.widgets.article_view import ArticleView

from .pilot_support import article_list, press, screen_text, settle, titles, type_query

LONG_BODY = "\n\n".join(
    ["The robot lab opened today."] + [f"Paragraph {n} says nothing in particular." for n in range(60)]
    + ["A second robot arrived at the end."]
)  # fmt: skip


async def test_matches_are_highlighted_in_list_title_and_body(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await press(pilot, "enter")  # submit: focus goes to the results
        rows = article_list(app)
        row = titles(app).index("Robot arm learns to fold laundry")
        rows.cursor = row
        await press(pilot, "enter")
        strip = rows.render_line(row - rows.scroll_offset.y)
        styles = {segment.text: segment.style for segment in strip}
        robot = next(style for text, style in styles.items() if text.startswith("Robot"))
        plain = next(style for text, style in styles.items() if " arm learns" in text)
        assert robot.bgcolor != plain.bgcolor  # the match has its own background
        header = app.reader.query_one("#article-header").render()
        assert any(span.style and "reverse" in str(span.style) for span in header.spans)
        view = app.reader.query_one(ArticleView)
        assert view.match_count == 1  # "Engineers taught a robot arm to fold."


async def test_n_and_N_jump_between_matches_in_the_body(make_app, store):
    first = store.article_ids()[0]
    store.set_body(first, LONG_BODY)
    app = make_app()
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await press(pilot, "enter")
        article_list(app).cursor = article_list(app).position(first)
        await press(pilot, "enter")
        view = app.reader.query_one(ArticleView)
        assert view.match_count == 2
        assert view.scroll_y == 0
        await press(pilot, "n", "n")  # first match, then the last paragraph
        assert view.scroll_y > 20
        await press(pilot, "N")
        assert view.scroll_y < 20
        assert article_list(app).current_id == first  # n did not move to the next unread


async def test_search_body_highlight_keeps_markdown_structure(make_app, store):
    first = store.article_ids()[0]
    store.set_body(first, "# Robot news\n\n- a **robot** item\n- another item")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await press(pilot, "enter")
        article_list(app).cursor = article_list(app).position(first)
        await press(pilot, "enter")
        assert "# Robot news" in app.reader.query_one(Markdown).source
        assert app.reader.query_one(ArticleView).match_count >= 2
        assert "another item" in screen_text(app)
