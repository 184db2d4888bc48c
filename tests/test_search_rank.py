"""Capped ranking: bm25 over the newest matches, older matches after them, nothing lost."""

from __future__ import annotations

from search_support import NOW, load_fixtures, search_config
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store
from uninews_tui.store.search_rank import ranked_ids


def ocean_store() -> tuple[Store, list[int]]:
    """Six articles mentioning "ocean", stored oldest first; the first has it in its title."""
    store = Store.memory()
    store.sync_config(search_config())
    texts = [
        ("Ocean ocean ocean: a survey", "All about the ocean."),
        ("Weekly notes", "A line about the ocean."),
        ("Campus news", "The ocean lab reopens."),
        ("Sports day", "Rowing on the ocean."),
        ("Ocean research grant", "New funds for ocean studies."),
        ("Library", "A book on the ocean."),
    ]
    ids = []
    for index, (title, summary) in enumerate(texts):
        url = f"https://example.edu/o{index}"
        entry = FeedEntry(guid=f"o{index}", title=title, url=url, summary=summary, published=NOW)
        source = "hku-news" if index % 2 else "polyu-news"
        [article_id] = store.upsert_entries(source, [entry], fetched_at=NOW)
        ids.append(article_id)
    return store, ids


def test_small_queries_are_ranked_in_full():
    store, ids = ocean_store()
    result = ranked_ids(store.db.conn, ":m", [], {"m": '"ocean"'}, 10, window=100)
    assert result[:2] == [ids[0], ids[4]]  # the two title matches first
    assert sorted(result) == sorted(ids)


def test_a_window_ranks_the_newest_matches_then_lists_older_ones():
    store, ids = ocean_store()
    result = ranked_ids(store.db.conn, ":m", [], {"m": '"ocean"'}, 10, window=3)
    # Window = the three newest (3, 4, 5), ranked: the title match leads; then 2, 1, 0 newest first,
    # although 0 has the best title of all.
    assert result[0] == ids[4]
    assert set(result[1:3]) == {ids[3], ids[5]}
    assert result[3:] == [ids[2], ids[1], ids[0]]


def test_a_filter_that_empties_the_window_still_finds_older_matches():
    store, ids = ocean_store()
    only_polyu = ["articles.institution = 'polyu'"]
    result = ranked_ids(store.db.conn, ":m", only_polyu, {"m": '"ocean"'}, 10, window=2)
    assert set(result) == {ids[0], ids[2], ids[4]}
    assert result[0] == ids[4]  # in the window and a title match


def test_limit_is_honoured():
    store, ids = ocean_store()
    assert len(ranked_ids(store.db.conn, ":m", [], {"m": '"ocean"'}, 2, window=3)) == 2
    assert ranked_ids(store.db.conn, ":m", [], {"m": '"ocean"'}, 0) == []


def test_any_window_finds_the_same_articles():
    store = Store.memory()
    load_fixtures(store)
    conn = store.db.conn
    for match in ('"医学"', '"学" *', '"nurse"', '"港大"'):
        full = ranked_ids(conn, ":m", [], {"m": match}, 50, window=1000)
        assert full
        for window in (1, 2, 3):
            assert sorted(ranked_ids(conn, ":m", [], {"m": match}, 50, window=window)) == sorted(full)
