"""``lang:`` read from indexes: the same articles as the plain rule, in every place a query is used.

The rule (``search_language.language_condition``): an article is in ``lang:xx`` when its
source declared ``xx`` or ``xx-...`` (any case); when it declared nothing, a
title with Han or kana characters counts as ``zh``/``ja`` and any other title
as ``en``; ``lang:zh-hk`` needs the declared region. Schema version 3 answers
it from ``idx_articles_language`` and the facets index; these tests compare
every path with that rule written out in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from uninews_tui.config_model import Config, Institution, Source
from uninews_tui.models import ArticleFilter, FeedEntry
from uninews_tui.search.query import parse_query
from uninews_tui.store import Store
from uninews_tui.store.search_language import stored_languages
from uninews_tui.store.search_rank import _COLUMN, _FACET_COLUMNS
from uninews_tui.store.search_sql import Params, qualifier_conditions

NOW = datetime.now(UTC).replace(microsecond=0)
# (source id, declared language): mixed case, regions, and none at all.
DECLARED = [
    ("hk-zh", "zh-HK"),
    ("cn-zh", "ZH"),
    ("tw-zh", "zh-Hant-TW"),
    ("uk-en", "en-GB"),
    ("us-en", "En"),
    ("fr-fr", "fr"),
    ("jp-ja", "ja"),
    ("plain", ""),
]
TITLES = ["Nursing research news", "护理研究新闻", "看護研究のニュース", "Research: 医学 and nursing"]
CODES = ["zh", "ja", "en", "fr", "zh-hk", "zh-hant", "en-gb", "de", "ZH"]
_CJK = re.compile("[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def in_language(code: str, declared: str, title: str) -> bool:
    """The rule, written out plainly."""
    code, declared = code.lower(), declared.lower()
    if declared == code or declared.startswith(code + "-"):
        return True
    if declared or "-" in code:
        return False
    if code in ("zh", "ja"):
        return bool(_CJK.search(title))
    return code == "en" and not _CJK.search(title)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    store = Store.memory()
    sources = tuple(
        Source(source_id, "uni", "feed", f"https://uni.example.edu/{source_id}.xml", language=language)
        for source_id, language in DECLARED
    )
    store.sync_config(Config(path=None, institutions={"uni": Institution("uni", "Uni")}, sources=sources))
    hours = 0
    for source_id, _ in DECLARED:
        for index, title in enumerate(TITLES):
            hours += 1
            entry = FeedEntry(
                guid=f"{source_id}-{index}",
                title=title,
                url=f"https://uni.example.edu/{source_id}/{index}",
                summary="Research on nursing. 护理研究。",
                published=NOW - timedelta(hours=hours),
            )
            [article_id] = store.upsert_entries(source_id, [entry], fetched_at=NOW)
            if index % 2:
                store.set_read([article_id])
    yield store
    store.close()


def expected(store: Store, code: str, extra: str = "1") -> list[int]:
    """Ids by the plain rule (newest first) among the articles meeting ``extra``."""
    rows = store.db.conn.execute(
        f"SELECT id, language, title FROM articles WHERE {extra} ORDER BY published_ts DESC, id DESC"
    )
    return [article_id for article_id, language, title in rows if in_language(code, language, title)]


@pytest.mark.parametrize("known", [False, True], ids=["subquery", "stored languages"])
@pytest.mark.parametrize("code", CODES)
def test_the_condition_keeps_exactly_the_articles_of_the_rule(store, code, known):
    params = Params("x")
    languages = stored_languages(store.db.conn) if known else None
    [condition] = qualifier_conditions(parse_query(f"lang:{code}").qualifiers, params, languages)
    found = store.db.conn.execute(
        f"SELECT id FROM articles WHERE {condition} ORDER BY published_ts DESC, id DESC", params.values
    )
    want = expected(store, code)
    assert [row[0] for row in found] == want
    if code.lower() in ("zh", "en"):
        assert want  # the fixture has articles of both kinds


@pytest.mark.parametrize("code", CODES)
def test_search_counts_and_listings_agree_with_the_rule(store, code):
    query = f"lang:{code}"
    want = expected(store, code)
    assert [article.id for article, _ in store.search(query, limit=100).hits] == want
    assert store.count(ArticleFilter(query=query)) == len(want)
    assert store.article_ids(ArticleFilter(query=query)) == want
    unread = ArticleFilter(query=query, unread_only=True)
    assert store.article_ids(unread) == expected(store, code, "is_read = 0")
    assert sum(count.total for count in store.institution_counts(ArticleFilter(query=query))) == len(want)


@pytest.mark.parametrize("code", ["zh", "en", "ja"])
def test_a_word_under_a_language_finds_the_same_articles(store, code):
    hits = store.search(f"lang:{code} research", limit=100).hits
    matching = {
        r[0]
        for r in store.db.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'research'")
    }
    assert {article.id for article, _ in hits} == set(expected(store, code)) & matching


def test_the_stored_languages_are_the_distinct_values(store):
    assert stored_languages(store.db.conn) == sorted(language for _, language in DECLARED)


def test_without_undeclared_articles_the_title_is_never_consulted():
    params = Params("x")
    condition = qualifier_conditions(parse_query("lang:zh").qualifiers, params, ["en", "zh-HK"])[0]
    assert "title" not in condition and list(params.values.values()) == ["zh-HK"]


def test_a_language_filter_reads_only_columns_of_the_facets_index():
    params = Params("x")
    conditions = qualifier_conditions(parse_query("lang:zh lang:en-gb inst:uni").qualifiers, params)
    assert set(_COLUMN.findall(" AND ".join(conditions))) <= _FACET_COLUMNS


def test_the_window_of_a_language_search_reads_the_covering_facets_index(store):
    params = Params("x")
    [condition] = qualifier_conditions(parse_query("lang:zh").qualifiers, params)
    plan = " | ".join(
        row[-1]
        for row in store.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT articles.id FROM articles_fts CROSS JOIN articles"
            " INDEXED BY idx_articles_facets ON articles.id = articles_fts.rowid"
            f" WHERE articles_fts MATCH 'research' AND {condition}",
            params.values,
        )
    )
    assert "COVERING INDEX idx_articles_facets" in plan
    assert "COVERING INDEX idx_articles_language" in plan  # the distinct languages
