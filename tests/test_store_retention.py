"""Purge (explicit, read or not) and retention (automatic, read only), and VACUUM after a big purge."""

from __future__ import annotations

from pathlib import Path

import pytest

from store_support import NOW, entry, make_config
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store, retention


@pytest.fixture
def store() -> Store:
    """south-news: 10 articles, one a day for the last 10 days (d0 newest); d0-d4 read."""
    store = Store.memory()
    store.sync_config(make_config())
    entries = [
        entry(f"d{day}", hours_ago=24 * day + 1, url=f"https://south.example.edu/d{day}") for day in range(10)
    ]
    ids = store.upsert_entries("south-news", entries, fetched_at=NOW)
    store.set_read(ids[:5])
    return store


def remaining(store: Store) -> list[str]:
    return [a.title for a in store.articles()]


def test_retention_removes_only_read_articles_older_than_keep_days(store: Store) -> None:
    assert store.apply_retention(keep_days=3, max_per_source=0) == 2  # d3, d4 (read, > 3 days)
    assert remaining(store) == [f"Story d{day}" for day in (0, 1, 2, 5, 6, 7, 8, 9)]


def test_retention_keeps_unread_articles_however_many(store: Store) -> None:
    assert store.apply_retention(keep_days=0, max_per_source=2) == 3  # d2, d3, d4: read, beyond the newest 2
    assert remaining(store) == [f"Story d{day}" for day in (0, 1, 5, 6, 7, 8, 9)]
    assert store.count(ArticleFilter(unread_only=True)) == 5


def test_retention_limits_are_per_source(store: Store) -> None:
    ids = store.upsert_entries("north-news", [entry("n0", hours_ago=500)], fetched_at=NOW)
    store.set_read(ids)
    store.apply_retention(keep_days=0, max_per_source=1)
    assert "Story n0" in remaining(store)


def test_purge_removes_read_and_unread_older_than_days(store: Store) -> None:
    assert store.purge(5) == 5  # d5-d9, unread
    assert remaining(store) == [f"Story d{day}" for day in range(5)]


def test_purge_only_read(store: Store) -> None:
    assert store.purge(2, only_read=True) == 3  # d2, d3, d4
    assert store.count() == 7


def test_purge_zero_days_removes_everything_unbookmarked(store: Store) -> None:
    keep = store.article_ids()[4]
    store.set_bookmark(keep, True)
    assert store.purge(0) == 9
    assert store.article_ids() == [keep]


def test_a_large_purge_vacuums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "VACUUM_MIN_ROWS", 50)
    with Store.open(tmp_path / "x.db") as store:
        store.sync_config(make_config())
        body = "<p>" + "padding text " * 400 + "</p>"
        entries = [
            entry(f"v{i}", hours_ago=24 * 30, url=f"https://south.example.edu/v{i}", content_html=body)
            for i in range(300)
        ]
        store.upsert_entries("south-news", entries, fetched_at=NOW)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages_before = store.db.execute("PRAGMA page_count").fetchone()[0]
        assert store.purge(7) == 300
        pages_after = store.db.execute("PRAGMA page_count").fetchone()[0]
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert pages_after < pages_before / 4


def test_a_small_purge_does_not_vacuum(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(retention.RetentionMixin, "_maybe_vacuum", lambda self, n: calls.append(n))
    assert store.purge(9) == 1  # d9 only
    assert calls == [1]  # asked, and the rule decided (1 of 10 < 20% and < 1000)
