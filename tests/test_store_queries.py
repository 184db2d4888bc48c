"""The list, the ids, the counts and the filters: institutions OR-ed, keywords OR-ed, AND-ed together."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store_support import NOW, entry, filled_store, ids_by_title
from uninews_tui.models import ArticleFilter, InstitutionCount
from uninews_tui.store import Store
from uninews_tui.store.filters import build_where, like_where


@pytest.fixture
def store() -> Store:
    return filled_store()


def titles(articles: list) -> list[str]:
    return [a.title for a in articles]


def test_articles_come_newest_first_with_labels(store: Store) -> None:
    articles = store.articles()
    assert titles(articles) == [
        "Robots learn to walk",
        "Climate report published",
        "New library opens",
        "Robots and climate: a panel",
        "Climate scientists honoured",
        "Rowing club wins",
    ]
    assert articles[0].institution_short == "NIT"
    assert articles[0].source_title == "North news"
    assert articles[-1].institution_short == "South"
    assert articles[0].body == ""


def test_ids_follow_the_list_order_and_break_ties_by_id(store: Store) -> None:
    assert store.article_ids() == [a.id for a in store.articles()]
    ids = store.upsert_entries(
        "south-news",
        [entry("t1", hours_ago=0, url="https://s/t1"), entry("t2", hours_ago=0, url="https://s/t2")],
        fetched_at=NOW,
    )
    assert store.article_ids()[:2] == sorted(ids, reverse=True)


def test_offset_and_limit_page_through_the_list(store: Store) -> None:
    assert titles(store.articles(offset=2, limit=2)) == ["New library opens", "Robots and climate: a panel"]


def test_articles_by_ids_keeps_the_order_asked_and_skips_missing_ids(store: Store) -> None:
    ids = store.article_ids()
    wanted = [ids[3], ids[0], 99_999, ids[5]]
    assert [a.id for a in store.articles_by_ids(wanted)] == [ids[3], ids[0], ids[5]]
    assert store.articles_by_ids([]) == []


def test_institutions_are_or_ed(store: Store) -> None:
    assert store.count(ArticleFilter(institutions=("north",))) == 4
    assert store.count(ArticleFilter(institutions=("north", "south"))) == 6
    assert store.count(ArticleFilter(sources=("north-events", "south-news"))) == 3


def test_keywords_are_or_ed_and_and_ed_with_institutions(store: Store) -> None:
    both = ArticleFilter(keywords=("robots", "climate"))
    assert store.count(both) == 4  # n1, e1 | n2, e1, s1
    south = ArticleFilter(keywords=("robots", "climate"), institutions=("south",))
    assert titles(store.articles(south)) == ["Climate scientists honoured"]


def test_unread_and_bookmarked_combine_with_institutions(store: Store) -> None:
    ids = ids_by_title(store)
    store.set_read([ids["Robots learn to walk"], ids["Climate scientists honoured"]])
    store.set_bookmark(ids["Climate report published"], True)
    store.set_bookmark(ids["Rowing club wins"], True)
    assert store.count(ArticleFilter(unread_only=True)) == 4
    assert titles(store.articles(ArticleFilter(institutions=("north",), unread_only=True))) == [
        "Climate report published",
        "New library opens",
        "Robots and climate: a panel",
    ]
    assert titles(store.articles(ArticleFilter(bookmarked_only=True, institutions=("south",)))) == [
        "Rowing club wins"
    ]
    assert store.count(ArticleFilter(bookmarked_only=True, unread_only=True, keywords=("climate",))) == 1


def test_since_and_until_bound_the_published_date(store: Store) -> None:
    recent = ArticleFilter(since=NOW - timedelta(hours=3, minutes=30))
    assert store.count(recent) == 3
    older = ArticleFilter(until=NOW - timedelta(hours=3, minutes=30))
    assert store.count(older) == 3


def test_a_query_narrows_the_list(store: Store) -> None:
    assert titles(store.articles(ArticleFilter(query="rowing"))) == ["Rowing club wins"]


def test_institution_counts_ignore_the_institution_filter_but_respect_the_rest(store: Store) -> None:
    ids = ids_by_title(store)
    store.set_read([ids["Robots learn to walk"]])
    assert store.institution_counts(ArticleFilter(institutions=("south",))) == [
        InstitutionCount("north", "NIT", unread=3, total=4),
        InstitutionCount("south", "South", unread=2, total=2),
    ]
    climate = store.institution_counts(ArticleFilter(keywords=("climate",), unread_only=True))
    assert [(c.id, c.unread, c.total) for c in climate] == [("north", 2, 2), ("south", 1, 1)]


def test_keyword_counts_ignore_the_keyword_filter_but_respect_the_rest(store: Store) -> None:
    assert store.keyword_counts(ArticleFilter(keywords=("robots",))) == [("robots", 2), ("climate", 3)]
    assert store.keyword_counts(ArticleFilter(institutions=("south",))) == [("robots", 0), ("climate", 1)]


def test_mark_all_read_touches_only_the_filter(store: Store) -> None:
    assert store.mark_all_read(ArticleFilter(institutions=("south",))) == 2
    assert store.mark_all_read(ArticleFilter(institutions=("south",))) == 0
    assert store.count(ArticleFilter(unread_only=True)) == 4


def test_set_read_false_marks_unread(store: Store) -> None:
    ids = store.article_ids()
    store.set_read(ids)
    store.set_read(ids[:2], read=False)
    assert store.count(ArticleFilter(unread_only=True)) == 2


def test_filter_values_travel_as_parameters_never_as_sql() -> None:
    hostile = "x') OR 1=1 --"
    where = build_where(ArticleFilter(institutions=(hostile,), query="50%_off"))
    assert hostile not in where.sql and "50%" not in where.sql
    assert hostile in where.params.values()
    sql, params = like_where("50%_off", "q")
    assert params == {"q0": "%50\\%\\_off%"} and "ESCAPE" in sql


def test_like_wildcards_in_a_query_match_literally(store: Store) -> None:
    assert store.count(ArticleFilter(query="%")) == 0


def test_ids_match_the_row_by_row_order_on_many_ties_and_filters() -> None:
    import random

    store = filled_store()
    rnd = random.Random(7)
    entries = [
        entry(f"r{i}", hours_ago=rnd.choice([1, 2, 3, 50]), url=f"https://south.example.edu/r{i}")
        for i in range(400)
    ]
    store.upsert_entries("south-news", entries, fetched_at=NOW)
    store.set_read(rnd.sample(store.article_ids(), 150))
    for filt in (ArticleFilter(), ArticleFilter(unread_only=True), ArticleFilter(institutions=("south",))):
        expected = [a.id for a in store.articles(filt, limit=10_000)]
        assert store.article_ids(filt) == expected
        pairs = [(-(a.published.timestamp()), -a.id) for a in store.articles(filt, limit=10_000)]  # type: ignore[union-attr]
        assert pairs == sorted(pairs)
    assert store.article_ids(ArticleFilter(institutions=("nowhere",))) == []
