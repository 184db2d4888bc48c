"""Older matches under a filter: walked one by one, then from a narrow filter's ids; same hits either way.

``search_rank`` finds the matches below the ranked window in up to three
ways (tested one by one for ``STREAM_MATCHES`` matches; then the filter's own
ids when the filter reads only facet columns; else every match looked up).
Whatever the split, the answer must be the filtered matches newest first.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from search_support import NOW, search_config
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store, search_rank
from uninews_tui.store.search_rank import ranked_ids

SOURCES = ["polyu-news", "hku-news", "cuhk-news", "ethz-news"]


def mixed_store() -> Store:
    """120 articles, 90 mentioning "ocean"; sources in runs (like refreshes), some read."""
    store = Store.memory()
    store.sync_config(search_config())
    for index in range(120):
        source = SOURCES[(index // 7) % len(SOURCES)] if index < 80 else "ethz-news"
        words = "ocean tides" if index % 4 else "river banks"
        entry = FeedEntry(
            guid=f"a{index}",
            title=f"Item {index} about the {words}",
            url=f"https://example.edu/a{index}",
            summary=f"Notes on {words}." + (" Ocean ocean." if index % 9 == 0 else ""),
            published=NOW - timedelta(hours=120 - index),
        )
        [article_id] = store.upsert_entries(source, [entry], fetched_at=NOW)
        if index % 3 == 0:
            store.set_read([article_id])
    return store


def expected_older(store: Store, condition: str, window: int) -> list[int]:
    """The filtered matches below the window, newest first, by the plainest query."""
    conn = store.db.conn
    matches = [
        r[0] for r in conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"ocean\"'")
    ]
    below = sorted(matches, reverse=True)[window:]
    passing = {r[0] for r in conn.execute(f"SELECT articles.id FROM articles WHERE {condition}")}
    return [article_id for article_id in below if article_id in passing]


FILTERS = [
    "1",
    "articles.is_read = 0",
    "articles.institution IN ('hku')",
    "articles.source IN ('cuhk-news') AND articles.is_read = 1",
    "articles.institution IN ('nosuch')",
    "articles.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"tides\"')",
    "articles.title LIKE '%1%'",  # not a facet column: the table rows are read
]


@pytest.mark.parametrize("condition", FILTERS)
@pytest.mark.parametrize("stream", [1, 3, 10, 1000])
def test_older_matches_are_the_filtered_ones_newest_first(monkeypatch, condition, stream):
    store = mixed_store()
    monkeypatch.setattr(search_rank, "STREAM_MATCHES", stream)
    window = 5
    result = ranked_ids(store.db.conn, ":m", [condition], {"m": '"ocean"'}, 200, window=window)
    older = expected_older(store, condition, window)
    ranked_part = [i for i in result if i not in set(older)]
    assert result == ranked_part + older
    assert len(ranked_part) <= window


@pytest.mark.parametrize("condition", FILTERS[1:4])
def test_narrow_and_wide_paths_agree(monkeypatch, condition):
    store = mixed_store()
    monkeypatch.setattr(search_rank, "STREAM_MATCHES", 2)
    narrow = ranked_ids(store.db.conn, ":m", [condition], {"m": '"ocean"'}, 30, window=4)
    # The same condition with a column outside the facets index takes the table path.
    wide = ranked_ids(
        store.db.conn, ":m", [condition, "articles.title = articles.title"], {"m": '"ocean"'}, 30, 4
    )
    assert narrow == wide
    assert narrow


def test_limit_cuts_the_older_part():
    store = mixed_store()
    older = expected_older(store, "articles.is_read = 0", 3)
    result = ranked_ids(store.db.conn, ":m", ["articles.is_read = 0"], {"m": '"ocean"'}, 5, window=3)
    ranked_part = [i for i in result if i not in set(older)]
    assert len(result) == 5
    assert result == ranked_part + older[: 5 - len(ranked_part)]
