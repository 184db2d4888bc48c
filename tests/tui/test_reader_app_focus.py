"""App focus: when the app gets focus back with nothing focused, the article list takes it.

In a browser (textual-serve) the page can blur the app before the list took focus.
"""

from __future__ import annotations

from textual import events

from .pilot_support import article_list, settle


async def test_app_focus_with_nothing_focused_focuses_the_article_list(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert app.screen.focused is None
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert app.screen.focused is article_list(app)


async def test_a_key_after_a_blur_goes_to_the_article_list(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.screen.set_focus(None)
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert app.screen.focused is None
        await pilot.press("j")  # a key gives the app focus back without an AppFocus event
        await settle(pilot)
        assert app.screen.focused is article_list(app)
        assert article_list(app).cursor == 1
