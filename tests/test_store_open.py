"""Opening the database: migrations, WAL, refusing foreign/corrupt/read-only files, two writers."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from store_support import NOW, entry, filled_store, make_config
from uninews_tui.errors import StoreError
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.store.schema import LATEST_VERSION, MIGRATIONS, search_available


def test_migrations_run_from_an_empty_file_and_create_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "uninews.db"
    with Store.open(path) as store:
        tables = set(store.db.table_names())
        expected_version = LATEST_VERSION if search_available() else 1
        assert store.schema_version == expected_version
    assert {"institutions", "sources", "articles", "bookmarks", "keywords", "settings"} <= tables
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == expected_version
    conn.close()
    assert [number for number, _ in MIGRATIONS] == sorted(number for number, _ in MIGRATIONS)


def test_wal_mode_and_busy_timeout_are_on(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_keeps_articles_read_state_and_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as store:
        filled_store(store)
        first = store.article_ids()[0]
        store.set_read([first])
        store.set_bookmark(first, True)
    with Store.open(path) as store:
        assert store.count() == 6
        reopened = store.article(first)
        assert reopened is not None and reopened.is_read and reopened.is_bookmarked
        assert store.keywords() == ["robots", "climate"]


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    original = b"not a database" * 100
    path.write_bytes(original)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert (
        str(caught.value)
        == f"{path} is not a uninews database (file is not a database); it was left untouched"
    )
    assert path.read_bytes() == original
    assert not (tmp_path / "x.db-wal").exists()


def test_a_sqlite_header_followed_by_garbage_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    original = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(original)
    with pytest.raises(StoreError, match="is not a uninews database"):
        Store.open(path)
    assert path.read_bytes() == original


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"not a uninews database \(it holds other tables: recipes\)"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_uninews_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer uninews"):
        Store.open(path)


def test_a_read_only_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Store.open(path).close()
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store.open(path)
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match="is read-only"):
            Store.open(folder / "new.db")
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, stat.S_IRWXU)


def test_a_write_refused_by_sqlite_becomes_a_store_error(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        store.sync_config(make_config())
        store.db.execute("PRAGMA query_only = ON")  # SQLite now answers every write "readonly"
        with pytest.raises(StoreError, match="read-only"):
            store.upsert_entries("north-news", [entry("n1")], fetched_at=NOW)
        store.db.execute("PRAGMA query_only = OFF")
        assert store.upsert_entries("north-news", [entry("n1")], fetched_at=NOW) != []


def test_a_full_disk_becomes_a_clear_store_error_and_the_batch_is_rolled_back(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        store.sync_config(make_config())
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite then reports SQLITE_FULL
        big = [entry(f"big{i}", url=f"https://n.example.edu/{i}", content_html="x" * 5000) for i in range(50)]
        with pytest.raises(StoreError, match="the disk is full"):
            store.upsert_entries("north-news", big, fetched_at=NOW)
        assert store.count() == 0


def test_a_directory_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


def test_two_stores_on_one_file_write_at_once_without_locking_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as setup:
        setup.sync_config(make_config())
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(source_id: str, prefix: str) -> None:
        try:
            with Store.open(path) as store:
                start.wait(timeout=10)
                for batch in range(20):
                    entries = [
                        entry(f"{prefix}{batch}-{i}", url=f"https://x.example.edu/{prefix}/{batch}/{i}")
                        for i in range(10)
                    ]
                    store.upsert_entries(source_id, entries, fetched_at=NOW)
                    store.set_read(store.article_ids(ArticleFilter(sources=(source_id,)))[:5])
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=writer, args=("north-news", "a")),
        threading.Thread(target=writer, args=("south-news", "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with Store.open(path) as store:
        assert store.count() == 400


def test_one_store_used_from_many_threads(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "x.db")
    store.sync_config(make_config())
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            for batch in range(10):
                store.upsert_entries(
                    "north-news",
                    [entry(f"t{index}-{batch}", url=f"https://n.example.edu/{index}/{batch}")],
                    fetched_at=NOW,
                )
                store.institution_counts()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    store.close()
    assert errors == []


def test_memory_store_starts_empty() -> None:
    store = Store.memory()
    assert store.count() == 0
    assert store.articles() == []
    assert store.path is None
