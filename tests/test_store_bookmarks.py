"""Bookmarks survive everything: purge, retention, config changes, edits, dropped items."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from store_support import NOW, entry, filled_store, ids_by_title, make_config
from uninews_tui.errors import StoreError
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store


@pytest.fixture
def store() -> Store:
    return filled_store()


def test_bookmark_then_purge_everything_keeps_it_with_its_body(store: Store) -> None:
    article_id = ids_by_title(store)["New library opens"]
    store.set_body(article_id, "# New library\n\nThe full article text, kept offline.")
    store.set_bookmark(article_id, True)
    removed = store.purge(0)
    assert removed == 5
    assert store.article_ids() == [article_id]
    [bookmark] = store.bookmarks()
    assert bookmark.id == article_id and bookmark.has_full_text
    assert "kept offline" in bookmark.body
    assert "kept offline" in store.article(article_id).body  # type: ignore[union-attr]


def test_bookmark_survives_removing_its_institution_from_the_config(store: Store) -> None:
    article_id = ids_by_title(store)["Robots learn to walk"]
    store.set_bookmark(article_id, True)
    store.sync_config(make_config(with_north=False))
    assert [b.id for b in store.bookmarks()] == [article_id]
    assert store.article(article_id) is not None
    assert store.purge(0) == 5  # everything but the bookmark
    assert [b.title for b in store.bookmarks()] == ["Robots learn to walk"]


def test_a_deleted_article_row_is_refused_while_bookmarked(store: Store) -> None:
    article_id = ids_by_title(store)["Rowing club wins"]
    store.set_bookmark(article_id, True)
    store.db.execute("DELETE FROM articles WHERE id = ?", [article_id])
    assert store.article(article_id) is not None


def test_a_bookmark_lists_from_its_snapshot_when_the_article_row_is_gone(store: Store) -> None:
    article_id = ids_by_title(store)["Rowing club wins"]
    store.set_bookmark_note(article_id, "for the newsletter")
    store.db.execute("DROP TRIGGER articles_keep_bookmarked")  # as if some future bug deleted it
    store.db.execute("DELETE FROM articles WHERE id = ?", [article_id])
    [bookmark] = store.bookmarks()
    assert (bookmark.id, bookmark.title, bookmark.note, bookmark.institution) == (
        article_id,
        "Rowing club wins",
        "for the newsletter",
        "south",
    )
    assert store.article(article_id).title == "Rowing club wins"  # type: ignore[union-attr]
    assert store.bookmarks(ArticleFilter(institutions=("north",))) == []


def test_a_snapshot_without_an_article_id_can_be_annotated_and_removed(store: Store) -> None:
    article_id = ids_by_title(store)["Rowing club wins"]
    store.set_bookmark(article_id, True)
    store.db.execute("UPDATE bookmarks SET article_id = NULL")  # a snapshot that lost its article
    [orphan] = store.bookmarks()
    assert orphan.id < 0 and orphan.title == "Rowing club wins"
    store.set_bookmark_note(orphan.id, "still wanted")
    assert [b.note for b in store.bookmarks()] == ["still wanted"]
    store.set_bookmark(orphan.id, False)
    assert store.bookmarks() == []
    assert store.bookmark_count() == 0


def test_bookmarks_come_newest_bookmark_first_and_respect_filters(store: Store) -> None:
    ids = ids_by_title(store)
    for title in ("Rowing club wins", "Robots learn to walk", "Climate report published"):
        store.set_bookmark(ids[title], True)
    assert [b.title for b in store.bookmarks()] == [
        "Climate report published",
        "Robots learn to walk",
        "Rowing club wins",
    ]
    assert [b.title for b in store.bookmarks(ArticleFilter(institutions=("south",)))] == ["Rowing club wins"]
    assert all(b.is_bookmarked for b in store.bookmarks())


def test_unbookmark_and_bookmark_twice(store: Store) -> None:
    article_id = store.article_ids()[0]
    store.set_bookmark(article_id, True)
    store.set_bookmark(article_id, True)
    assert store.bookmark_count() == 1
    store.set_bookmark(article_id, False)
    assert store.bookmarks() == []
    assert not store.article(article_id).is_bookmarked  # type: ignore[union-attr]


def test_bookmarking_a_missing_article_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no article with id 4242"):
        store.set_bookmark(4242, True)


def test_the_note_is_cleaned_shown_and_kept(store: Store) -> None:
    article_id = store.article_ids()[0]
    store.set_bookmark(article_id, True)
    store.set_bookmark_note(article_id, "read \x1b[31mlater\x1b[0m")
    assert store.article(article_id).note == "read later"  # type: ignore[union-attr]
    assert store.bookmarks()[0].note == "read later"


def test_an_item_dropped_from_its_feed_stays_bookmarked(store: Store) -> None:
    article_id = ids_by_title(store)["New library opens"]
    store.set_bookmark(article_id, True)
    store.upsert_entries("north-news", [entry("n9", "Something newer", hours_ago=0)], fetched_at=NOW)
    assert "New library opens" in [b.title for b in store.bookmarks()]


def test_summary_only_bookmark_is_completed_by_set_body_and_never_downgraded(store: Store) -> None:
    article_id = ids_by_title(store)["New library opens"]
    store.set_bookmark(article_id, True)
    assert not store.bookmarks()[0].has_full_text
    assert store.articles_needing_body(5)[0].id == article_id  # bookmarks first
    store.set_body(article_id, "Whole text.")
    assert store.bookmarks()[0].body == "Whole text."
    store.set_body(article_id, "teaser", full_text=False)
    assert store.bookmarks()[0].body == "Whole text."
    assert article_id not in [a.id for a in store.articles_needing_body(10)]


def test_articles_needing_body_skips_articles_that_failed_three_times(store: Store) -> None:
    first = store.articles_needing_body(1, source_id="south-news")[0]
    for _ in range(3):
        store.record_body_failure(first.id)
    assert first.id not in [a.id for a in store.articles_needing_body(10)]


def test_bookmarks_survive_reopening_and_a_schema_check(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as store:
        filled_store(store)
        article_id = store.article_ids()[-1]
        store.set_bookmark(article_id, True)
        store.purge(0)
    with Store.open(path) as store:
        assert [b.id for b in store.bookmarks()] == [article_id]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_retention_and_purge_with_old_dates_keep_bookmarks(store: Store) -> None:
    old = [entry(f"o{i}", hours_ago=24 * 400, url=f"https://south.example.edu/o{i}") for i in range(3)]
    ids = store.upsert_entries("south-news", old, fetched_at=NOW - timedelta(days=400))
    store.set_read(ids)
    store.set_bookmark(ids[0], True)
    assert store.apply_retention(keep_days=365, max_per_source=0) == 2
    assert store.purge(30) == 0
    assert store.article(ids[0]) is not None
