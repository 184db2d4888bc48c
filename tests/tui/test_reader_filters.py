"""Filtering: institutions OR-ed, keywords OR-ed, the panels AND-ed; counts follow; the cursor stays."""

from __future__ import annotations

from uninews_tui.tui.widgets.filter_panel import InstitutionsPanel, KeywordsPanel

from .pilot_support import article_list, current_title, press, screen_text, settle, titles


async def select(pilot, panel_id: str, *option_ids: str) -> None:
    """Toggle entries of a panel the way a user does: focus it, move, press Enter."""
    panel = pilot.app.reader.query_one(f"#{panel_id}")
    panel.focus()
    for option_id in option_ids:
        panel.highlighted = panel.get_option_index(option_id)
        await press(pilot, "enter")


async def test_one_institution(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "institutions", "hillcrest")
        assert titles(app) == [
            "Robot arm learns to fold laundry",
            "New president appointed",
            "Campus solar farm goes live",
        ]
        assert "Articles (3)" in screen_text(app)
        assert "HIT — 3 unread / 3" in screen_text(app)


async def test_institutions_are_or_ed(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "institutions", "hillcrest", "harbour")
        assert len(article_list(app).ids) == 6
        assert app.reader.query_one(InstitutionsPanel).institutions == ("hillcrest", "harbour")
        await select(pilot, "institutions", "*all")  # All clears the selection
        assert len(article_list(app).ids) == 10


async def test_keywords_are_or_ed_and_and_ed_with_institutions(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "keywords", "nursing")
        assert titles(app) == ["Nursing school opens a simulation ward"]
        await select(pilot, "keywords", "robot")
        assert titles(app) == ["Nursing school opens a simulation ward", "Robot arm learns to fold laundry"]
        await select(pilot, "institutions", "hillcrest")
        assert titles(app) == ["Robot arm learns to fold laundry"]
        text = screen_text(app)
        # Institution counts ignore the institution selection but respect the keywords.
        assert "Lakeside       1/1" in text and "HIT            1/1" in text
        # Keyword counts ignore the keyword selection but respect the institutions.
        assert "nursing        0" in text and "robot          1" in text


async def test_space_toggles_too_and_counts_update(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        panel = app.reader.query_one(KeywordsPanel)
        panel.focus()
        await press(pilot, "space")
        assert panel.keywords == ("nursing",)
        assert "1 unread / 1" in screen_text(app)
        await press(pilot, "space")
        assert panel.keywords == ()
        assert "10 unread / 10" in screen_text(app)


async def test_cursor_stays_on_the_same_article_when_still_listed(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "j", "j")
        assert current_title(app) == "New president appointed"
        await select(pilot, "institutions", "hillcrest")
        assert current_title(app) == "New president appointed"
        assert article_list(app).cursor == 1
        await select(pilot, "institutions", "hillcrest", "lakeside")
        assert current_title(app) == "Rowing team wins the spring regatta"  # gone: row index kept, clamped


async def test_new_counts_change_the_entries_in_place(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        panel = app.reader.query_one(InstitutionsPanel)
        panel.highlighted = panel.get_option_index("hillcrest")
        options = [panel.get_option_at_index(i) for i in range(panel.option_count)]
        await press(pilot, "m")  # mark the first article read: the unread counts drop
        assert "9/10" in str(panel.get_option_at_index(0).prompt)  # All: unread/total
        assert all(panel.get_option_at_index(i) is option for i, option in enumerate(options))
        assert panel.highlighted == panel.get_option_index("hillcrest")
