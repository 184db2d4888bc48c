"""Counts under a search and a keyword: FTS5 intersects the full-text parts, the rest is tested after.

``filters.split_matches`` takes a WHERE condition apart at its top-level
ANDs; ``articles.counted_rows`` hands two or more full-text conditions to
FTS5 together. Whatever the split, every count must equal the rows the same
filter lists.
"""

from __future__ import annotations

import pytest

from search_support import load_fixtures
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.store.articles import counted_rows
from uninews_tui.store.filters import build_where, conjuncts, split_matches

MATCH = "articles.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {})"


def test_conjuncts_open_brackets_around_ands_only():
    assert conjuncts("((a AND (b OR c)) AND d)") == ["a", "b OR c", "d"]
    assert conjuncts("(a) OR (b)") == ["(a) OR (b)"]
    assert conjuncts("x = ') AND (' AND y") == ["x = ') AND ('", "y"]
    assert conjuncts("a AND (SELECT 1 WHERE b AND c)") == ["a", "(SELECT 1 WHERE b AND c)"]


def test_split_matches_keeps_what_is_not_a_plain_match_in_the_rest():
    condition = (
        f"({MATCH.format(':a')} AND articles.is_read = 0) AND ({MATCH.format(':b')} OR articles.id = 3)"
        f" AND articles.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :c)"
        f" AND {MATCH.format(':d')}"
    )
    matches, rest = split_matches(condition)
    assert matches == [":a", ":d"]
    assert rest == [
        "(articles.is_read = 0)",
        f"({MATCH.format(':b')} OR articles.id = 3)",
        "(articles.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :c))",
    ]


@pytest.fixture(scope="module")
def store():
    store = Store.memory()
    load_fixtures(store)
    for keyword in ("nurse", "inst:hku 醫學", "-vaccine", "lang:zh 护理", "clinical OR 医学", "lang:en"):
        store.add_keyword(keyword)
    yield store
    store.close()


SEARCHES = ["", "医学", "nurse", "lang:zh 医学", "inst:polyu nurse", "is:unread 护理", "-trial", "lang:en"]


@pytest.mark.parametrize("query", SEARCHES)
@pytest.mark.parametrize("unread", [False, True])
def test_counts_equal_the_rows_listed(store, query, unread):
    base = ArticleFilter(query=query, unread_only=unread)
    for keyword, count in store.keyword_counts(base):
        filt = ArticleFilter(query=query, unread_only=unread, keywords=(keyword,))
        listed = store.article_ids(filt)
        assert count == len(listed), (query, keyword)
        assert store.count(filt) == count
        assert sum(c.total for c in store.institution_counts(filt)) == count
    assert store.count(base) == len(store.article_ids(base))


def test_a_search_and_a_keyword_are_counted_by_fts5_together(store):
    where = build_where(ArticleFilter(query="lang:zh 医学", unread_only=True, keywords=("inst:hku 醫學",)))
    rows = counted_rows(where)
    assert rows.startswith("FROM articles_fts CROSS JOIN") and rows.count("articles_fts MATCH :") == 2
    assert "FROM articles_fts CROSS JOIN" not in counted_rows(build_where(ArticleFilter(query="医学")))
    found = store.count(ArticleFilter(query="lang:zh 医学", keywords=("inst:hku 醫學",)))
    assert found > 0
