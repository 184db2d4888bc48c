"""Schema version 3 (language in the facets index, ``idx_articles_language``): an old file upgrades intact.

A version-2 database is made by taking a current one back to version 2's
indexes and ``user_version``; opening it must add the indexes, keep every
row of every table, leave SQLite's and FTS5's integrity checks clean, and
answer searches as before.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from search_support import keys_by_id, load_fixtures
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.store.schema import LATEST_VERSION, SCHEMA_V1

TABLES = ["institutions", "sources", "articles", "bookmarks", "keywords", "settings"]
QUERIES = ["lang:zh", "lang:en", "lang:zh-hk 护理", "醫學 inst:hku", '"clinical trial"', "nurse"]
V1_FACETS = re.search(r"CREATE INDEX idx_articles_facets [^;]*;", SCHEMA_V1)


def index_columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [row[2] for row in conn.execute(f"PRAGMA index_info({name})")]


def snapshot(conn: sqlite3.Connection) -> dict[str, list[Any]]:
    """Every row of every table of ours, in rowid order."""
    return {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}


def answers(store: Store, names: dict[int, str]) -> dict[str, list[str]]:
    return {query: [names[a.id] for a, _ in store.search(query, limit=100).hits] for query in QUERIES}


def make_version_2(path: Path) -> tuple[dict[str, list[Any]], dict[str, list[str]], int]:
    """A version-2 file at ``path`` with the search fixtures, some read and bookmarked."""
    store = Store.open(path)
    ids = load_fixtures(store)
    store.set_read(list(ids.values())[::3])
    store.set_bookmark(ids["tc-hku-medicine"], True)
    names = keys_by_id(ids)
    before = answers(store, names)
    count = store.count(ArticleFilter(query="lang:zh"))
    conn = store.db.conn
    assert V1_FACETS is not None
    conn.execute("DROP INDEX idx_articles_language")
    conn.execute("DROP INDEX idx_articles_facets")
    conn.execute(V1_FACETS.group(0))
    conn.execute("PRAGMA user_version = 2")
    rows = snapshot(conn)
    store.close()
    return rows, before, count


def test_a_version_2_database_is_upgraded_without_losing_anything(tmp_path):
    path = tmp_path / "uninews.db"
    rows, before, count = make_version_2(path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone() == (2,)
    assert "language" not in index_columns(old, "idx_articles_facets")
    old.close()

    store = Store.open(path)
    conn = store.db.conn
    assert LATEST_VERSION == 3 and store.schema_version == 3
    assert conn.execute("PRAGMA user_version").fetchone() == (3,)
    assert index_columns(conn, "idx_articles_facets")[-1] == "language"
    assert index_columns(conn, "idx_articles_language") == ["language", "id"]
    assert snapshot(conn) == rows
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    fts_check = conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 0)")
    assert fts_check.fetchall() == []
    names = keys_by_id(_ids(conn))
    assert answers(store, names) == before
    assert store.count(ArticleFilter(query="lang:zh")) == count > 0
    store.close()


def test_upgrading_twice_changes_nothing(tmp_path):
    path = tmp_path / "uninews.db"
    make_version_2(path)
    Store.open(path).close()
    conn = sqlite3.connect(path)
    schema = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    with Store.open(path) as store:
        again = store.db.conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        assert again == schema
        assert store.schema_version == 3


def _ids(conn: sqlite3.Connection) -> dict[str, int]:
    """Fixture key -> article id, read back from the guids the fixtures were stored under."""
    return {guid: article_id for article_id, guid in conn.execute("SELECT id, guid FROM articles")}
