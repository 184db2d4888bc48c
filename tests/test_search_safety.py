"""No user input can make search raise, and no value reaches SQL or FTS5 as syntax."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_support import load_fixtures
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.store.search_index import keyword_where

# Pieces of the query language and of FTS5/SQL syntax, mixed with arbitrary text.
_PIECES = st.sampled_from(
    [
        '"',
        "-",
        "*",
        "OR",
        "AND",
        "NOT",
        "(",
        ")",
        "^",
        ":",
        "NEAR(",
        "inst:",
        "is:",
        "after:",
        "lang:",
        "'",
        ";",
        "--",
        "/*",
        "%",
        "_",
        "\\",
        "北大",
        "醫學",
        "nurse",
        "Zürich",
        " ",
        "  ",
        "\u3000",
        "\x00",
    ]
)
_QUERIES = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12).map("".join)


@lru_cache(maxsize=1)
def fixture_store() -> Store:
    store = Store.memory()
    load_fixtures(store)
    return store


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUERIES)
def test_search_never_raises(query):
    result = fixture_store().search(query, limit=5)
    assert len(result.hits) <= 5
    assert result.warning is None or isinstance(result.warning, str)
    for _article, snippet in result.hits:
        assert "\n" not in snippet


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUERIES)
def test_keyword_filters_never_raise(query):
    store = fixture_store()
    assert store.count(ArticleFilter(keywords=(query,))) >= 0
    store.articles(ArticleFilter(query=query), limit=5)


@settings(max_examples=150, deadline=None)
@given(_QUERIES)
def test_user_text_only_travels_as_parameters(query):
    sql, params = keyword_where(query, "k0_")
    for value in params.values():
        if isinstance(value, str) and len(value) > 2:
            assert value not in sql
    assert all(name.startswith("k0_") for name in params)
