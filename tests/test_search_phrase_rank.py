"""A query of one phrase is ranked by its words side by side (FTS5 NEAR), not by the phrase itself.

bm25's IDF scales every score of a one-phrase query alike, and FTS5 pays for
it by checking word positions in every article holding the words;
``search_sql.adjacency_expression`` gives a NEAR of the words whose scores
order the phrase's matches the same way wherever the words keep their order.
The one documented difference: the words side by side in another order count
as occurrences too. Which articles match never changes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from search_support import NOW, load_fixtures, search_config
from uninews_tui.models import FeedEntry
from uninews_tui.search.query import parse_query
from uninews_tui.store import Store
from uninews_tui.store.search_rank import ranked_ids
from uninews_tui.store.search_sql import adjacency_expression


def store_of(texts: list[tuple[str, str]]) -> tuple[Store, list[int]]:
    """Articles (title, summary) stored oldest first, an hour apart."""
    store = Store.memory()
    store.sync_config(search_config())
    ids = []
    for index, (title, summary) in enumerate(texts):
        entry = FeedEntry(
            guid=f"p{index}",
            title=title,
            url=f"https://example.edu/p{index}",
            summary=summary,
            published=NOW - timedelta(hours=len(texts) - index),
        )
        [article_id] = store.upsert_entries("hku-news", [entry], fetched_at=NOW)
        ids.append(article_id)
    return store, ids


def both_rankings(
    store: Store, query: str, conditions: list[str], window: int
) -> tuple[list[int], list[int]]:
    """(ranked by the phrase's own bm25, ranked by its NEAR) for ``query``."""
    parsed = parse_query(query)
    near = adjacency_expression(parsed)
    assert near is not None
    params = {"m": parsed.match_expression(), "s": near}
    conn = store.db.conn
    own = ranked_ids(conn, ":m", conditions, params, 50, window=window)
    by_near = ranked_ids(conn, ":m", conditions, params, 50, window=window, score_param=":s")
    return own, by_near


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"clinical trial"', 'NEAR("clinical" "trial", 0)'),
        ('"the clinical trial"', 'NEAR("the" "clinical" "trial", 1)'),
        ('"clinical trial" -cancer', 'NEAR("clinical" "trial", 0)'),
        ('inst:hku "clinical trial"', 'NEAR("clinical" "trial", 0)'),
        ("clinical", None),
        ("clinical trial", None),  # two words, not a phrase
        ('"clinical trial" cancer', None),
        ('"clinical trial" OR drug', None),
        ('"clinical tri"*', None),
        ('"bye bye"', None),
        ("-cancer", None),
    ],
)
def test_only_a_query_of_one_phrase_gets_a_near(query, expected):
    assert adjacency_expression(parse_query(query)) == expected


def test_same_order_as_the_phrase_itself_while_the_words_keep_their_order():
    store, ids = store_of(
        [
            ("Clinical trial results", "A clinical trial of a clinical trial method."),
            ("Campus notes", "The clinical trial opens in spring."),
            ("Clinical trial", "Nothing else here."),
            ("A trial in the clinical wing", "Words apart do not make the phrase."),
            ("Weekly round-up", "Sports, music and a clinical trial of a long and winding kind in the end."),
            ("Clinical trial news", "Another clinical trial begins."),
            ("Library", "Books."),
        ]
    )
    for window in (50, 3, 2, 1):
        for conditions in ([], ["articles.is_read = 0"], [f"articles.id != {ids[2]}"]):
            own, by_near = both_rankings(store, '"clinical trial"', conditions, window)
            assert by_near == own
    own, _ = both_rankings(store, '"clinical trial"', [], 50)
    assert set(own) == {ids[0], ids[1], ids[2], ids[4], ids[5]}
    assert own != sorted(own, reverse=True)  # ranked, not merely newest first


def test_words_side_by_side_in_another_order_count_as_occurrences():
    store, ids = store_of(
        [
            ("Spring notes", "A clinical trial on trial clinical drugs for spring."),
            ("Spring notes", "A clinical trial on the new drugs for spring."),
            ("Spring notes", "A trial clinical test on new drugs for spring."),
        ]
    )
    own, by_near = both_rankings(store, '"clinical trial"', [], 50)
    # Same length, one phrase each: the phrase's own bm25 ties them, so the newer comes first;
    # the NEAR also counts "trial clinical", so the older one leads.
    assert own == [ids[1], ids[0]]
    assert by_near == [ids[0], ids[1]]
    hits = [article.id for article, _ in store.search('"clinical trial"').hits]
    assert hits == [ids[0], ids[1]]  # the other order alone (ids[2]) still does not match


def test_a_score_that_misses_a_match_falls_back_to_the_phrase_itself():
    store, ids = store_of([("Clinical trial", "One."), ("Notes", "A clinical trial."), ("Other", "None.")])
    conn = store.db.conn
    params = {"m": '"clinical trial"', "s": '"notes"'}  # scores only one of the two matches
    own = ranked_ids(conn, ":m", [], params, 50)
    assert ranked_ids(conn, ":m", [], params, 50, score_param=":s") == own == [ids[0], ids[1]]


@pytest.mark.parametrize("query", ['"clinical trial"', '"香港理工大学"', '"人工智能"', '"醫學院"'])
def test_fixture_phrases_rank_and_match_as_before(query):
    store = Store.memory()
    load_fixtures(store)
    for window in (50, 1):
        own, by_near = both_rankings(store, query, [], window)
        assert own and by_near == own
