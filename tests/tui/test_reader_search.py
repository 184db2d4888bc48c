"""The search line: / opens it, results as you type, coalesced searches, Esc, history, panels narrow."""

from __future__ import annotations

import threading

from textual import events

from uninews_tui.models import ArticleFilter
from uninews_tui.tui.screens.reader_data import WARM_QUERY

from .pilot_support import article_list, press, screen_text, search_bar, settle, titles, type_query, wait_for
from .support import ROBOT_HITS


async def test_slash_opens_the_line_and_results_replace_the_list_as_you_type(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        assert app.focused is search_bar(app) and search_bar(app).display
        await pilot.press(*"rob")
        await wait_for(pilot, lambda: app.reader.query_text == "rob")
        await pilot.press(*"ot")
        await wait_for(pilot, lambda: app.reader.query_text == "robot")
        assert set(titles(app)) == {
            "Robot arm learns to fold laundry",
            "Nursing school opens a simulation ward",
        }
        assert "Results (2)" in screen_text(app)
        assert "Search: robot" in screen_text(app)


async def test_the_slash_focuses_the_search_line_before_the_next_key_is_handled(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        # Keys typed right after "/" (a fast typist, a paste) are already queued: focus moved
        # on a later turn of the loop sent "rob" to the list as refresh, open and bookmark.
        app.reader.action_search()
        assert app.focused is search_bar(app)
        await pilot.press(*"rob")
        await wait_for(pilot, lambda: app.reader.query_text == "rob")


async def test_keystrokes_during_a_search_coalesce_into_one_follow_up(make_app, store, monkeypatch):
    gate = threading.Event()
    queries: list[str] = []
    real_search = store.search

    def held_search(query, *args, **kwargs):
        if query == WARM_QUERY:  # the background warm-up after the start-up counts
            return real_search(query, *args, **kwargs)
        queries.append(query)
        gate.wait(5)  # the store is busy until the test lets it go
        return real_search(query, *args, **kwargs)

    monkeypatch.setattr(store, "search", held_search)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press("r")
        await wait_for(pilot, lambda: queries == ["r"], then_settle=False)
        await pilot.press(*"obot")
        await wait_for(pilot, lambda: app.reader.query_text == "robot", then_settle=False)
        assert queries == ["r"]  # no search per keystroke while one runs
        gate.set()
        await wait_for(pilot, lambda: len(queries) == 2)
        assert queries == ["r", "robot*"]  # one follow-up, for the latest text
        assert set(titles(app)) == ROBOT_HITS


async def test_chinese_search(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "医学")
        assert titles(app) == ["海港大学医学院启用新大楼"]


async def test_panels_still_narrow_the_results(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await press(pilot, "enter")
        panel = app.reader.query_one("#institutions")
        panel.focus()
        panel.highlighted = panel.get_option_index("lakeside")
        await press(pilot, "enter")
        assert titles(app) == ["Nursing school opens a simulation ward"]
        assert "HIT            1/1" in screen_text(app)  # counts follow the search too


async def test_escape_clears_the_search(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await press(pilot, "escape")
        assert app.reader.query_text == "" and not search_bar(app).display
        assert len(article_list(app).ids) == 10
        assert app.focused is article_list(app)


async def test_escape_from_the_list_clears_a_submitted_search(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        await press(pilot, "enter")
        assert app.focused is article_list(app) and len(article_list(app).ids) == 2
        await press(pilot, "escape")
        assert len(article_list(app).ids) == 10


async def test_up_recalls_earlier_searches_across_runs(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        for query in ("nursing", "robot"):
            await type_query(pilot, query)
            await press(pilot, "enter", "escape")
    assert store.get_setting("search_history").splitlines() == ["nursing", "robot"]

    again = make_app()
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "up")
        assert search_bar(again).value == "robot"
        await press(pilot, "up")
        assert search_bar(again).value == "nursing"
        await press(pilot, "down")
        assert search_bar(again).value == "robot"
        await wait_for(pilot, lambda: again.reader.query_text == "robot")
        assert len(article_list(again).ids) == 2


async def test_malformed_query_degrades_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, 'robot "arm')
        status = str(app.reader.query_one("#status").render())
        assert status  # the store's warning is shown
        assert "Robot arm learns to fold laundry" in titles(app)


async def test_no_match_says_so_in_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "zzzzqqq")
        assert article_list(app).ids == []
        assert "No matches for 'zzzzqqq'." in screen_text(app)
        assert "Results (0)" in screen_text(app)


def test_as_you_type_makes_the_last_plain_word_a_prefix():
    from uninews_tui.tui.widgets.search_bar import as_you_type

    assert as_you_type("nurs") == "nurs*"
    assert as_you_type("nur") == "nur"  # too short a prefix: a word of its own
    assert as_you_type("school nurs") == "school nurs*"
    assert as_you_type("nurse ") == "nurse "  # finished word
    assert as_you_type("inst:harbour") == "inst:harbour"
    assert as_you_type("robot -arm") == "robot -arm"
    assert as_you_type('"nursing sch') == '"nursing sch'
    assert as_you_type("robot OR") == "robot OR"
    assert as_you_type("医学") == "医学"
    assert as_you_type("") == ""


async def test_results_follow_a_half_typed_word(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "nurs")
        assert titles(app) == ["Nursing school opens a simulation ward"]
        assert "Search: nurs" in screen_text(app)  # at once; the counts once typing pauses
        await wait_for(pilot, lambda: "Search: nurs — 1 unread / 1" in screen_text(app))


async def test_a_search_lists_its_best_hits_first_and_more_when_the_list_nears_its_end(
    make_app, store, monkeypatch
):
    from uninews_tui.tui.screens import reader_search

    monkeypatch.setattr(reader_search, "SEARCH_PAGE", 1)
    limits: list[int] = []
    real_search = store.search

    def counted_search(query, *args, limit, **kwargs):
        if query != WARM_QUERY:
            limits.append(limit)
        return real_search(query, *args, limit=limit, **kwargs)

    monkeypatch.setattr(store, "search", counted_search)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "robot")
        # One hit asked for; its row puts the list's end on screen, so more are read at once.
        assert limits[0] == 1 and limits[-1] == 1 * reader_search.SEARCH_GROWTH
        assert set(titles(app)) == ROBOT_HITS
        assert "Results (2)" in screen_text(app)


async def test_a_search_superseded_before_it_ran_does_not_hold_up_the_next(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        reader = app.reader
        reader.query_text = "robot"
        reader._run_search()
        reader.reload()  # in the same tick: the search's worker is cancelled before its task ran
        await pilot.pause(0.1)  # (settle() would wait on that worker, which never ends)
        search_bar(app).value = "nursing"
        nursing = ["Nursing school opens a simulation ward"]
        await wait_for(pilot, lambda: titles(app) == nursing, then_settle=False)


async def test_keys_arriving_with_the_slash_are_the_query_not_commands(make_app, store):
    """A paste or a fast typist: "/robot" read from the terminal at once."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        bookmarked = store.count(ArticleFilter(bookmarked_only=True))
        for char in "/robot":
            app.post_message(events.Key("slash" if char == "/" else char, char))
        await wait_for(pilot, lambda: app.reader.query_text == "robot")
        assert search_bar(app).value == "robot"
        assert store.count(ArticleFilter(bookmarked_only=True)) == bookmarked  # "b" bookmarked nothing


async def test_a_slash_inside_the_query_is_text(make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "a", "slash", "b")
        assert search_bar(app).value == "a/b"
