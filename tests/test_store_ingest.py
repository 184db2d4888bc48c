"""upsert_entries: new vs edited, dedup by guid and canonical URL, undated items, canonical URLs."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from store_support import NOW, entry, make_config
from uninews_tui.errors import StoreError
from uninews_tui.store import Store
from uninews_tui.store.normalize import canonical_url


@pytest.fixture
def store() -> Store:
    store = Store.memory()
    store.sync_config(make_config())
    return store


def test_new_ids_are_returned_and_a_second_upsert_adds_nothing(store: Store) -> None:
    entries = [entry("a", hours_ago=1), entry("b", hours_ago=2)]
    first = store.upsert_entries("north-news", entries, fetched_at=NOW)
    assert len(first) == 2
    assert store.upsert_entries("north-news", entries, fetched_at=NOW + timedelta(hours=1)) == []
    assert store.count() == 2


def test_only_changed_feeds_add_only_their_new_items(store: Store) -> None:
    store.upsert_entries("north-news", [entry("a"), entry("b")], fetched_at=NOW)
    new = store.upsert_entries(
        "north-news", [entry("c", hours_ago=0.5), entry("a"), entry("b")], fetched_at=NOW
    )
    assert [store.article(i).title for i in new] == ["Story c"]  # type: ignore[union-attr]


def test_same_guid_in_two_sources_is_two_articles(store: Store) -> None:
    store.upsert_entries("north-news", [entry("x", url="https://north.example.edu/a")], fetched_at=NOW)
    new = store.upsert_entries("south-news", [entry("x", url="https://south.example.edu/a")], fetched_at=NOW)
    assert len(new) == 1
    assert store.count() == 2


def test_a_new_guid_with_the_same_canonical_url_is_the_same_article(store: Store) -> None:
    store.upsert_entries(
        "north-news", [entry("old-guid", url="https://north.example.edu/news/x")], fetched_at=NOW
    )
    again = entry("new-guid", url="HTTPS://North.Example.edu/news/x/?utm_source=rss#top")
    assert store.upsert_entries("north-news", [again], fetched_at=NOW) == []
    assert store.count() == 1


def test_url_matches_in_one_batch_see_the_edits_made_earlier_in_that_batch(store: Store) -> None:
    store.upsert_entries(
        "north-news",
        [entry("a", url="https://north.example.edu/news/a"), entry("b", url="https://north.example.edu/news/b")],
        fetched_at=NOW,
    )
    # "a" moves to a new address; then a new guid arrives at a's old address and one at its new one.
    batch = [
        entry("a", url="https://north.example.edu/news/a-moved"),
        entry("c", url="https://north.example.edu/news/a-moved?utm_source=rss"),
        entry("d", url="https://north.example.edu/news/a"),
        entry("e", url="https://north.example.edu/news/b#comments"),
    ]
    new = store.upsert_entries("north-news", batch, fetched_at=NOW)
    assert [store.article(i).url for i in new] == ["https://north.example.edu/news/a"]  # type: ignore[union-attr]
    assert store.count() == 3


def test_the_same_story_in_two_feeds_of_one_institution_is_stored_once(store: Store) -> None:
    url = "https://north.example.edu/news/shared"
    store.upsert_entries("north-news", [entry("n-1", url=url)], fetched_at=NOW)
    assert (
        store.upsert_entries("north-events", [entry("e-9", url=url + "?utm_medium=feed")], fetched_at=NOW)
        == []
    )
    assert store.count() == 1
    assert store.articles()[0].source == "north-news"


def test_the_same_url_in_another_institution_is_a_separate_article(store: Store) -> None:
    url = "https://news.example.org/shared"
    store.upsert_entries("north-news", [entry("1", url=url)], fetched_at=NOW)
    assert len(store.upsert_entries("south-news", [entry("2", url=url)], fetched_at=NOW)) == 1


def test_an_edited_item_updates_its_text_but_keeps_read_and_bookmark_state(store: Store) -> None:
    [article_id] = store.upsert_entries(
        "north-news", [entry("a", "First title", summary="Old")], fetched_at=NOW
    )
    store.set_read([article_id])
    store.set_bookmark(article_id, True)
    edited = entry("a", "Corrected title", summary="New summary", content_html="<p>New body text</p>")
    assert store.upsert_entries("north-news", [edited], fetched_at=NOW + timedelta(hours=1)) == []
    article = store.article(article_id)
    assert article is not None
    assert (article.title, article.summary, article.is_read, article.is_bookmarked) == (
        "Corrected title",
        "New summary",
        True,
        True,
    )
    assert "New body text" in article.body
    assert store.bookmarks()[0].title == "Corrected title"


def test_an_undated_item_takes_the_fetch_time_and_keeps_it(store: Store) -> None:
    [article_id] = store.upsert_entries("north-news", [entry("u", hours_ago=None)], fetched_at=NOW)
    assert store.article(article_id).published == NOW  # type: ignore[union-attr]
    flag = store.db.execute("SELECT date_from_fetch FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    assert flag == 1
    store.upsert_entries("north-news", [entry("u", hours_ago=None)], fetched_at=NOW + timedelta(days=1))
    assert store.article(article_id).published == NOW  # type: ignore[union-attr]


def test_an_item_that_gains_a_date_takes_it(store: Store) -> None:
    [article_id] = store.upsert_entries("north-news", [entry("u", hours_ago=None)], fetched_at=NOW)
    store.upsert_entries("north-news", [entry("u", hours_ago=48)], fetched_at=NOW)
    assert store.article(article_id).published == NOW - timedelta(hours=48)  # type: ignore[union-attr]


def test_an_unknown_source_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown source 'nowhere'"):
        store.upsert_entries("nowhere", [entry("a")], fetched_at=NOW)


def test_a_failed_batch_writes_nothing(store: Store) -> None:
    broken = entry("b")
    broken.title = None  # type: ignore[assignment]  # NOT NULL violation mid-batch
    with pytest.raises(sqlite3.IntegrityError):
        store.upsert_entries("north-news", [entry("a"), broken], fetched_at=NOW)
    assert store.count() == 0


def test_long_content_counts_as_full_text_and_a_teaser_does_not(store: Store) -> None:
    long_html = "<p>" + "Sentence of the article. " * 40 + "</p>"
    ids = store.upsert_entries(
        "north-news",
        [entry("long", content_html=long_html), entry("short", content_html="<p>Teaser.</p>")],
        fetched_at=NOW,
    )
    assert [store.article(i).has_full_text for i in ids] == [True, False]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.EDU/News/1/", "https://example.edu/News/1"),
        ("http://www.example.edu/a?utm_source=x&id=3&utm_medium=y#frag", "https://example.edu/a?id=3"),
        ("https://example.edu:443/a", "https://example.edu/a"),
        ("https://example.edu:8443/a", "https://example.edu:8443/a"),
        ("https://example.edu/a?b=2&a=1", "https://example.edu/a?b=2&a=1"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
