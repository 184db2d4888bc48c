"""The counts' fast paths (full-text index only, facets index) agree with counting article rows."""

from __future__ import annotations

import pytest

from store_support import filled_store
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.store.articles import counted
from uninews_tui.store.filters import build_where


@pytest.fixture
def store() -> Store:
    store = filled_store()
    for keyword in ("climate -robots", "inst:north robots", '"climate report"', "-library"):
        store.add_keyword(keyword)
    return store


def rows_matching(store: Store, filt: ArticleFilter) -> int:
    """The plain way: one id per matching row of the list."""
    return len(store.article_ids(filt))


@pytest.mark.parametrize(
    "base",
    [ArticleFilter(), ArticleFilter(institutions=("south",)), ArticleFilter(unread_only=True)],
    ids=["all", "one institution", "unread"],
)
def test_keyword_counts_equal_the_rows_each_keyword_lists(store: Store, base: ArticleFilter) -> None:
    counts = dict(store.keyword_counts(base))
    assert counts.keys() == set(store.keywords())
    for keyword, count in counts.items():
        filt = ArticleFilter(
            institutions=base.institutions, unread_only=base.unread_only, keywords=(keyword,)
        )
        assert count == rows_matching(store, filt), keyword
    assert counts["climate"] > 0 and counts["-library"] > 0


def test_counts_with_a_search_read_the_facets_index_and_agree(store: Store) -> None:
    searched = ArticleFilter(query="climate")
    assert "INDEXED BY" in counted(build_where(searched))
    assert "INDEXED BY" not in counted(build_where(ArticleFilter(institutions=("north",))))
    assert store.count(searched) == rows_matching(store, searched) > 0
    by_institution = {c.id: c.total for c in store.institution_counts(searched)}
    assert sum(by_institution.values()) == store.count(searched)


@pytest.mark.parametrize("query", ["climate", "robots OR library", "-robots", '"climate report"'])
def test_keyword_counts_under_a_search_equal_the_rows_listed(store: Store, query: str) -> None:
    counts = dict(store.keyword_counts(ArticleFilter(query=query)))
    for keyword, count in counts.items():
        listed = rows_matching(store, ArticleFilter(query=query, keywords=(keyword,)))
        assert count == listed, (query, keyword)
    assert any(counts.values())
